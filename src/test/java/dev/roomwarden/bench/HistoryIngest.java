package dev.roomwarden.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.google.protobuf.util.JsonFormat;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitWebhook.WebhookEvent;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A burst of signed webhooks as a LiveKit server sends them when many rooms come and go at once: one queue per
 * room (its events in order), several rooms at a time, from one address, and some events delivered twice (a retry
 * after a late answer). Then the database must hold each event once and the sessions built from them.
 */
final class HistoryIngest {

    static final int ROOMS = 500;
    /** Each room: room_started, six participants who join and publish a microphone, their leaves, room_finished. */
    static final int PARTICIPANTS = 6;
    static final int EVENTS_PER_ROOM = 2 + 3 * PARTICIPANTS;
    static final double DUPLICATED = 0.05;
    /** LiveKit's ids: a prefix and twelve characters of shortuuid's base-57 alphabet. */
    private static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private final int port;
    private final String apiKey;
    private final Algorithm signer;
    private final JdbcClient jdbc;
    private final Random random;
    private final int senders;
    private final String prefix;

    /** {@code prefix} names this run's rooms, so that each run is checked on its own rows. */
    HistoryIngest(int senders, String prefix, int port, String apiKey, String apiSecret, JdbcClient jdbc) {
        this.senders = senders;
        this.prefix = prefix;
        // Seeded by the run: each run's ids are its own (the same ids twice would all be duplicates) and repeatable.
        this.random = new Random(prefix.hashCode());
        this.port = port;
        this.apiKey = apiKey;
        this.signer = Algorithm.HMAC256(apiSecret);
        this.jdbc = jdbc;
    }

    void run(String database) throws Exception {
        System.out.printf(Locale.ROOT, "History ingest (issue 17) on %s: %,d signed webhooks (%d rooms of %d events), %d concurrent senders "
                + "(one room's events in order, rooms in parallel, as LiveKit's per-room queues), %.0f%% of them delivered twice%n",
                database, ROOMS * EVENTS_PER_ROOM, ROOMS, EVENTS_PER_ROOM, senders, DUPLICATED * 100);
        warmUp();
        var rooms = new ConcurrentLinkedQueue<List<String>>();
        var sids = new ArrayList<String>();
        var base = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
        for (int i = 0; i < ROOMS; i++) {
            var sid = id("RM_");
            sids.add(sid);
            rooms.add(room(String.format(Locale.ROOT, prefix + "%04d", i), sid, base + i));
        }
        var duplicates = pickDuplicates();
        var latencies = new double[ROOMS * EVENTS_PER_ROOM + duplicates.length() + 1000];
        var answers = new AtomicInteger();
        var statuses = new ConcurrentHashMap<Integer, AtomicInteger>();
        var retries = new AtomicLong();
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var sent = new AtomicInteger();
        var pool = Executors.newFixedThreadPool(senders);
        var start = System.nanoTime();
        try {
            var queues = new ArrayList<Future<Object>>();
            for (int s = 0; s < senders; s++) {
                queues.add(pool.submit(() -> {
                    for (var room = rooms.poll(); room != null; room = rooms.poll()) {
                        for (var body : room) {
                            var times = duplicates.charAt(sent.getAndIncrement()) == '2' ? 2 : 1;
                            for (int t = 0; t < times; t++) {
                                // LiveKit retries what was not answered 200; a retry is counted, the event still arrives.
                                for (int attempt = 0; ; attempt++) {
                                    var began = System.nanoTime();
                                    var status = post(http, body);
                                    var at = answers.getAndIncrement();
                                    if (at < latencies.length) {
                                        latencies[at] = (System.nanoTime() - began) / 1e6;
                                    }
                                    statuses.computeIfAbsent(status, code -> new AtomicInteger()).incrementAndGet();
                                    if (status == 200 || attempt == 3) {
                                        break;
                                    }
                                    retries.incrementAndGet();
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (var sender : queues) {
                sender.get();
            }
        } finally {
            pool.shutdownNow();
        }
        var seconds = (System.nanoTime() - start) / 1e9;
        var answered = Math.min(answers.get(), latencies.length);
        var times = Arrays.copyOf(latencies, answered);
        Arrays.sort(times);
        var byStatus = new TreeMap<Integer, Integer>();
        statuses.forEach((code, count) -> byStatus.put(code, count.get()));
        System.out.printf(Locale.ROOT, "   %,d requests (%,d events + %,d duplicates + %,d retries) in %.1f s: %.0f webhooks/s%n",
                answered, ROOMS * EVENTS_PER_ROOM, duplicates.chars().filter(c -> c == '2').count(), retries.get(), seconds,
                answered / seconds);
        System.out.printf(Locale.ROOT, "   webhook answer time seen by the senders: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                at(times, 50), at(times, 95), at(times, 99), times[times.length - 1]);
        System.out.println("   answers by status: " + byStatus + (byStatus.keySet().equals(java.util.Set.of(200)) ? " (all 200)" : " (NOT all 200)"));
        check(sids);
        System.out.println();
    }

    /** The database after the burst: each event once, one room session per room, one participant session per participant. */
    private void check(List<String> sids) {
        long events = jdbc.sql("SELECT COUNT(*) FROM history_event WHERE room_name LIKE ? AND source = 'webhook'").param(prefix + "%")
                .query(Long.class).single();
        long distinct = jdbc.sql("SELECT COUNT(DISTINCT event_id) FROM history_event WHERE room_name LIKE ?").param(prefix + "%")
                .query(Long.class).single();
        long rooms = jdbc.sql("SELECT COUNT(*) FROM room_session WHERE room_name LIKE ? AND ended_at IS NOT NULL AND peak_participants = ?")
                .params(prefix + "%", PARTICIPANTS).query(Long.class).single();
        long participants = jdbc.sql("""
                SELECT COUNT(*) FROM participant_session p JOIN room_session r ON r.room_sid = p.room_sid
                WHERE r.room_name LIKE ? AND p.left_at IS NOT NULL AND p.joined_at IS NOT NULL AND p.tracks_published = 1
                    AND p.disconnect_reason = 'CLIENT_INITIATED'""").param(prefix + "%").query(Long.class).single();
        long perRoom = jdbc.sql("SELECT COUNT(*) FROM history_event WHERE room_sid = ?").param(sids.get(ROOMS / 2)).query(Long.class).single();
        var ok = events == ROOMS * EVENTS_PER_ROOM && distinct == events && rooms == ROOMS && participants == ROOMS * PARTICIPANTS
                && perRoom == EVENTS_PER_ROOM;
        System.out.printf(Locale.ROOT, "   in the database: %,d history_event rows (%,d distinct ids; expected %,d), %d ended room sessions with a peak of %d "
                + "(expected %d), %,d participant sessions joined, published once and left (expected %,d): %s%n", events, distinct,
                ROOMS * EVENTS_PER_ROOM, rooms, PARTICIPANTS, ROOMS, participants, ROOMS * PARTICIPANTS,
                ok ? "none lost, none doubled" : "MISMATCH");
        if (!ok) {
            throw new IllegalStateException("history ingest lost or doubled events");
        }
    }

    /** A few hundred webhooks of rooms outside the measured run, so that the JIT and the pools are warm. */
    private void warmUp() throws Exception {
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var base = Instant.now().minus(Duration.ofHours(2)).getEpochSecond();
        for (int i = 0; i < 20; i++) {
            for (var body : room("warm-up-" + i, id("RM_"), base + i)) {
                if (post(http, body) != 200) {
                    throw new IllegalStateException("warm-up webhook refused");
                }
            }
        }
    }

    /** Which deliveries are sent twice ('2'), chosen once with a fixed seed: DUPLICATED of all events. */
    private String pickDuplicates() {
        var marks = new char[ROOMS * EVENTS_PER_ROOM];
        Arrays.fill(marks, '1');
        var twice = (int) Math.round(marks.length * DUPLICATED);
        while (twice > 0) {
            var at = random.nextInt(marks.length);
            if (marks[at] == '1') {
                marks[at] = '2';
                twice--;
            }
        }
        return new String(marks);
    }

    /** One room's webhooks as LiveKit's JSON bodies, in the order its queue sends them. */
    private List<String> room(String name, String sid, long startedAt) {
        var bodies = new ArrayList<String>();
        var created = new long[] {startedAt};
        var room = Room.newBuilder().setSid(sid).setName(name).setEmptyTimeout(300).setDepartureTimeout(20)
                .setCreationTime(startedAt).setCreationTimeMs(startedAt * 1000 + 123).setMetadata("{\"queue\":\"billing\"}");
        bodies.add(event("room_started", room.build(), null, null, created[0]++));
        var participants = new ArrayList<ParticipantInfo.Builder>();
        for (int p = 0; p < PARTICIPANTS; p++) {
            var joinedAt = created[0];
            var participant = ParticipantInfo.newBuilder().setSid(id("PA_")).setIdentity(p == 0 ? "agent-" + name : "caller-" + p + "-" + name)
                    .setName(p == 0 ? "Triage agent" : "Caller " + p).setState(ParticipantInfo.State.ACTIVE)
                    .setKind(p == 0 ? ParticipantInfo.Kind.AGENT : ParticipantInfo.Kind.STANDARD)
                    .setJoinedAt(joinedAt).setJoinedAtMs(joinedAt * 1000 + 456).setVersion(1)
                    .setPermission(ParticipantPermission.newBuilder().setCanPublish(true).setCanSubscribe(true).setCanPublishData(true));
            participants.add(participant);
            room.setNumParticipants(p + 1);
            bodies.add(event("participant_joined", room.build(), participant.build(), null, created[0]++));
            var track = TrackInfo.newBuilder().setSid(id("TR_")).setType(TrackType.AUDIO).setSource(TrackSource.MICROPHONE)
                    .setMimeType("audio/opus").setStream("microphone").build();
            participant.addTracks(track).setVersion(2);
            room.setNumPublishers(p + 1);
            // LiveKit's track events name the room and the participant by sid and name only, beside the whole track.
            bodies.add(event("track_published", Room.newBuilder().setSid(sid).setName(name).build(),
                    ParticipantInfo.newBuilder().setSid(participant.getSid()).setIdentity(participant.getIdentity()).build(), track,
                    created[0]++));
        }
        for (int p = 0; p < PARTICIPANTS; p++) {
            var participant = participants.get(p).setState(ParticipantInfo.State.DISCONNECTED)
                    .setDisconnectReason(DisconnectReason.CLIENT_INITIATED).setVersion(3);
            room.setNumParticipants(PARTICIPANTS - p - 1).setNumPublishers(PARTICIPANTS - p - 1);
            bodies.add(event("participant_left", room.build(), participant.build(), null, created[0]++));
        }
        bodies.add(event("room_finished", room.build(), null, null, created[0]));
        return bodies;
    }

    private String event(String type, Room room, ParticipantInfo participant, TrackInfo track, long createdAt) {
        var event = WebhookEvent.newBuilder().setEvent(type).setId(id("EV_")).setCreatedAt(createdAt).setRoom(room);
        if (participant != null) {
            event.setParticipant(participant);
        }
        if (track != null) {
            event.setTrack(track);
        }
        try {
            return JSON.print(event);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An id as LiveKit makes them: a prefix and twelve base-62 characters. */
    private synchronized String id(String prefix) {
        var id = new StringBuilder(prefix);
        for (int i = 0; i < 12; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    /** Posts one body as LiveKit does: a JWT from the API key and secret whose sha256 claim is the body's hash. */
    private int post(HttpClient http, String body) throws Exception {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        var sha256 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        var token = JWT.create().withIssuer(apiKey).withExpiresAt(Instant.now().plusSeconds(300)).withClaim("sha256", sha256).sign(signer);
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/livekit/webhook"))
                .header("Content-Type", "application/webhook+json").header("Authorization", token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static double at(double[] sorted, int percent) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }
}
