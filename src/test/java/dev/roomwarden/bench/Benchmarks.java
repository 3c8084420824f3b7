package dev.roomwarden.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

import dev.roomwarden.EventStream;
import dev.roomwarden.RoomwardenApplication;
import dev.roomwarden.StaffBrowser;
import dev.roomwarden.emulator.EmulatorSettings;
import dev.roomwarden.emulator.LiveKitEmulator;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.emulator.TrackSpec;
import io.livekit.server.RoomServiceClient;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitRoom.CreateRoomRequest;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Roomwarden's benchmarks, against the LiveKit emulator through real HTTP, as a browser and LiveKit would
 * reach it. Not a test: run by {@code bench/run}; prints its figures (see docs/benchmarks.md).
 */
public final class Benchmarks {

    private static final String KEY = "bench-key";
    private static final String SECRET = "bench-secret-4Rz8wQ1t";
    private static final String PASSWORD = "bench-password-2931";
    private static final Duration REFRESH = Duration.ofSeconds(2);
    private static final int INTERVALS = 5;
    private static final String INCIDENT = "support-incident";

    private final LiveKitEmulator emulator;

    private Benchmarks(LiveKitEmulator emulator) {
        this.emulator = emulator;
    }

    public static void main(String[] args) throws Exception {
        machine();
        try (var emulator = LiveKitEmulator.start(new EmulatorSettings("127.0.0.1", 0, KEY, SECRET, List.of()))) {
            var bench = new Benchmarks(emulator);
            var only = args.length > 0 ? args[0] : "all";
            if (only.equals("all") || only.equals("rooms")) {
                bench.roomsFragment();
            }
            if (only.equals("all") || only.equals("live")) {
                bench.liveKitCallsAndLatencyAndHeap();
            }
            if (only.equals("all") || only.equals("room")) {
                bench.roomPage();
            }
            if (only.equals("all") || only.equals("keepalive")) {
                bench.keptAliveCalls();
            }
            if (only.equals("all") || only.equals("history-timeline")) {
                bench.historyTimeline();
            }
            if (only.equals("all") || only.equals("history-ingest")) {
                bench.historyIngest("H2 (in memory, the default)", Map.of());
            }
            if (only.equals("history-ingest-pg")) {
                var database = dev.roomwarden.TestPostgres.newDatabase("bench_ingest");
                bench.historyIngest("PostgreSQL (zonky embedded, same machine)", Map.of("spring.datasource.url", database.url(),
                        "spring.datasource.username", database.username(), "spring.datasource.password", database.password()));
            }
            if (only.equals("all") || only.equals("history-list")) {
                bench.historyList();
            }
            if (only.equals("all") || only.equals("overview-charts")) {
                bench.overviewCharts();
            }
            if (only.equals("all") || only.equals("recordings-list")) {
                bench.recordingsList();
            }
            if (only.equals("all") || only.equals("attention")) {
                bench.needsAttention();
            }
            if (only.equals("all") || only.equals("search")) {
                bench.search();
            }
            if (only.equals("rss")) {
                bench.residentMemory(Path.of(args[1]), List.of(args).subList(2, args.length));
            }
            // Last: the hung calls hold emulator threads for a while after it.
            if (only.equals("all") || only.equals("hang")) {
                bench.pagesWhileLiveKitHangs();
            }
        }
        System.exit(0);
    }

    private static void machine() throws Exception {
        var cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown CPU");
        var runtime = Runtime.getRuntime();
        // The load average too: on a shared machine it says how far the figures can be trusted.
        System.out.printf("Machine: %s, %d cores, %s %s; Java %s (%s), max heap %d MB; load average %s%n%n", cpu,
                runtime.availableProcessors(), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), runtime.maxMemory() >> 20,
                Files.readString(Path.of("/proc/loadavg")).strip());
    }

    private ConfigurableApplicationContext start(Map<String, Object> more) {
        var properties = new java.util.HashMap<String, Object>(Map.of(
                "server.port", 0,
                "spring.main.banner-mode", "off",
                "logging.level.root", "WARN",
                "spring.datasource.url", "jdbc:h2:mem:bench-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "roomwarden.livekit.url", emulator.url(),
                "roomwarden.livekit.api-key", KEY,
                "roomwarden.livekit.api-secret", SECRET,
                "roomwarden.admin.username", "admin",
                "roomwarden.admin.password", PASSWORD));
        properties.putAll(more);
        // As command-line arguments: they outrank application.yaml, as the environment would.
        var args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(RoomwardenApplication.class).run(args);
    }

    private static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    private static StaffBrowser logIn(int port) {
        var browser = new StaffBrowser(port);
        var answer = browser.logIn("admin", PASSWORD);
        var location = answer.headers().firstValue("Location").orElse("");
        if (answer.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("login failed: " + answer.statusCode() + " " + location);
        }
        return browser;
    }

    /** Fills the emulator with rooms named like a support desk's; every tenth has two participants. */
    private void rooms(int count) {
        var state = emulator.state();
        state.clear();
        for (int i = 0; i < count; i++) {
            var name = String.format(Locale.ROOT, "support-%05d", i);
            state.createRoom(CreateRoomRequest.newBuilder().setName(name).setMetadata("{\"queue\":\"billing\"}").build());
            if (i % 10 == 0) {
                join(name, "customer-" + i, ParticipantInfo.Kind.STANDARD);
                join(name, "agent-" + i, ParticipantInfo.Kind.AGENT);
            }
        }
    }

    private void join(String room, String identity, ParticipantInfo.Kind kind) {
        emulator.state().addParticipant(room, new ParticipantSpec(identity, identity, kind, "", Map.of(),
                List.of(new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false))));
    }

    // 1. The rooms fragment against one raw ListRooms -------------------------------------------------

    private void roomsFragment() throws Exception {
        System.out.println("1. /rooms fragment (htmx refresh, 100 rooms a page) against one raw ListRooms through the SDK");
        System.out.println("   Roomwarden's cache is off (cache-ttl 0), so every fragment makes its own ListRooms.");
        try (var app = start(Map.of("roomwarden.livekit.cache-ttl", "0s"))) {
            var htmx = new HtmxClient(port(app), logIn(port(app)));
            var sdk = RoomServiceClient.createClient(emulator.url(), KEY, SECRET);
            for (int count : new int[] {1_000, 10_000}) {
                rooms(count);
                Callable<Object> raw = () -> sdk.listRooms().execute().body();
                Callable<Object> fragment = () -> htmx.get("/rooms", "support-");
                Callable<Object> filtered = () -> htmx.get("/rooms?q=support-001&sort=-participants", "support-001");
                Callable<Object> empty = () -> htmx.get("/rooms?q=no-such-room", "No room matches");
                var times = timeInTurn(List.of(raw, fragment, filtered, empty), count >= 10_000 ? 150 : 300);
                var rawTimes = times.get(0);
                System.out.printf(Locale.ROOT, "   %,6d rooms: raw ListRooms through the SDK      %s%n", count, summary(rawTimes));
                System.out.printf(Locale.ROOT, "                 /rooms fragment (first page)      %s   ratio %.2fx (goal <= 1.5x)%n",
                        summary(times.get(1)), median(times.get(1)) / median(rawTimes));
                System.out.printf(Locale.ROOT, "                 filtered to 100 rooms, sorted     %s   ratio %.2fx%n",
                        summary(times.get(2)), median(times.get(2)) / median(rawTimes));
                System.out.printf(Locale.ROOT, "                 a filter that matches nothing     %s   ratio %.2fx%n",
                        summary(times.get(3)), median(times.get(3)) / median(rawTimes));
            }
        }
        System.out.println();
    }

    /**
     * htmx's refresh of the table, sent with OkHttp as the SDK's calls are, so that both sides of the ratio
     * pay the same client costs and the difference is the server's.
     */
    private record HtmxClient(okhttp3.OkHttpClient http, String base, String cookie) {

        HtmxClient(int port, StaffBrowser loggedIn) {
            this(new okhttp3.OkHttpClient(), "http://localhost:" + port, loggedIn.cookies().getCookieStore().getCookies().stream()
                    .map(c -> c.getName() + "=" + c.getValue()).collect(java.util.stream.Collectors.joining("; ")));
        }

        Object get(String path, String expected) throws java.io.IOException {
            var request = new okhttp3.Request.Builder().url(base + path).header("HX-Request", "true").header("Cookie", cookie).build();
            try (var response = http.newCall(request).execute()) {
                var body = response.body().string();
                if (response.code() != 200 || !body.contains(expected)) {
                    throw new IllegalStateException("unexpected answer " + response.code() + " to " + path);
                }
                return body;
            }
        }
    }

    private static Object expectOk(java.net.http.HttpResponse<String> response) {
        if (response.statusCode() != 200 || !response.body().contains("support-")) {
            throw new IllegalStateException("unexpected answer " + response.statusCode());
        }
        return response;
    }

    /**
     * Milliseconds of each run of each call. The calls take turns, so a slow moment of the machine (a GC,
     * another process) falls on all of them alike; first they warm up for as many turns and five seconds.
     */
    private static List<double[]> timeInTurn(List<Callable<Object>> calls, int runs) throws Exception {
        var warm = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (int i = 0; i < runs || System.nanoTime() < warm; i++) {
            for (var call : calls) {
                call.call();
            }
        }
        var times = new ArrayList<double[]>();
        calls.forEach(call -> times.add(new double[runs]));
        for (int i = 0; i < runs; i++) {
            for (int c = 0; c < calls.size(); c++) {
                var start = System.nanoTime();
                calls.get(c).call();
                times.get(c)[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        return times;
    }

    private static double median(double[] times) {
        return percentile(times, 50);
    }

    private static double percentile(double[] times, int percent) {
        var sorted = times.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }

    private static String summary(double[] times) {
        return String.format(Locale.ROOT, "median %.1f ms, p95 %.1f ms", median(times), percentile(times, 95));
    }

    // 5. The room page with the cache off -------------------------------------------------------------

    /** A room page makes three LiveKit calls (the room from ListRooms, ListParticipants, ListDispatch). */
    private void roomPage() throws Exception {
        System.out.println("5. Room page with the cache off (cache-ttl 0): each page makes its four LiveKit calls; 100 rooms");
        try (var app = start(Map.of("roomwarden.livekit.cache-ttl", "0s"))) {
            rooms(100);
            var room = "support-00010";
            emulator.state().createDispatch(livekit.LivekitAgentDispatch.CreateAgentDispatchRequest.newBuilder()
                    .setRoom(room).setAgentName("triage").build());
            var loggedIn = logIn(port(app));
            var htmx = new HtmxClient(port(app), loggedIn);
            var sdk = RoomServiceClient.createClient(emulator.url(), KEY, SECRET);
            var dispatch = io.livekit.server.AgentDispatchServiceClient.createClient(emulator.url(), KEY, SECRET);
            var egress = io.livekit.server.EgressServiceClient.createClient(emulator.url(), KEY, SECRET);
            Callable<Object> raw = () -> List.of(sdk.listRooms().execute().body(), sdk.listParticipants(room).execute().body(),
                    dispatch.listDispatch(room).execute().body(), egress.listEgress(room).execute().body());
            Callable<Object> page = () -> expectRoom(loggedIn.get("/rooms/" + room), room);
            Callable<Object> live = () -> htmx.get("/rooms/" + room, "customer-10");
            var times = timeInTurn(List.of(raw, page, live), 300);
            System.out.printf(Locale.ROOT, "   the four calls one after another (SDK)    %s%n", summary(times.get(0)));
            System.out.printf(Locale.ROOT, "   room page                                 %s%n", summary(times.get(1)));
            System.out.printf(Locale.ROOT, "   its live part (htmx refresh)              %s%n", summary(times.get(2)));
        }
        System.out.println();
    }

    private static Object expectRoom(java.net.http.HttpResponse<String> response, String room) {
        if (response.statusCode() != 200 || !response.body().contains(room) || !response.body().contains("triage")
                || response.body().contains("LiveKit problem")) {
            throw new IllegalStateException("unexpected answer " + response.statusCode());
        }
        return response;
    }

    // History: one room session's timeline with 5,000 events ------------------------------------------

    /**
     * A support call of 5,000 stored events (100 participants joining and leaving, 4,800 track events) and 20 staff
     * actions on its room, inserted with SQL batches; the timeline's first page (500 events) as an ADMIN sees it, staff
     * actions included. Client time over loopback (an upper bound of the server's), and the server's own mean from
     * Spring's http.server.requests timer.
     */
    private void historyTimeline() throws Exception {
        System.out.println("History timeline: first page (500 of 5,000 events, 100 participants, 20 staff actions) of /history/{roomSid}");
        try (var app = start(Map.of())) {
            var jdbc = app.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
            var sid = "RM_benchTimeline";
            var room = "support-timeline";
            var start = java.time.Instant.parse("2026-11-30T09:00:00Z");
            jdbc.update("INSERT INTO room_session (room_sid, room_name, started_at, ended_at, peak_participants) VALUES (?, ?, ?, ?, 100)",
                    sid, room, java.sql.Timestamp.from(start), java.sql.Timestamp.from(start.plusSeconds(5_000)));
            var events = new ArrayList<Object[]>();
            var participants = new ArrayList<Object[]>();
            var json = com.google.protobuf.util.JsonFormat.printer();
            for (int i = 0; i < 5_000; i++) {
                var p = i % 100;
                var identity = "caller-" + p;
                var type = i < 100 ? "participant_joined" : i >= 4_900 ? "participant_left" : i % 2 == 0 ? "track_published" : "track_unpublished";
                var event = livekit.LivekitWebhook.WebhookEvent.newBuilder().setId("EV_bench" + i).setEvent(type).setCreatedAt(start.getEpochSecond() + i)
                        .setRoom(livekit.LivekitModels.Room.newBuilder().setSid(sid).setName(room))
                        .setParticipant(ParticipantInfo.newBuilder().setSid("PA_bench" + p).setIdentity(identity).setName("Caller " + p)
                                .setKind(ParticipantInfo.Kind.STANDARD)
                                .setDisconnectReason(livekit.LivekitModels.DisconnectReason.CLIENT_INITIATED))
                        .setTrack(livekit.LivekitModels.TrackInfo.newBuilder().setSid("TR_bench" + i).setType(TrackType.AUDIO)
                                .setSource(TrackSource.MICROPHONE))
                        .build();
                var at = java.sql.Timestamp.from(java.time.Instant.ofEpochSecond(event.getCreatedAt()));
                events.add(new Object[] {event.getId(), type, at, at, room, sid, identity, "PA_bench" + p, json.print(event)});
                if (i < 100) {
                    participants.add(new Object[] {"PA_bench" + p, sid, identity, "Caller " + p, at,
                            java.sql.Timestamp.from(start.plusSeconds(4_900 + p)), 24});
                }
            }
            jdbc.batchUpdate("""
                    INSERT INTO history_event (event_id, event_type, created_at, received_at, room_name, room_sid, participant_identity,
                        participant_sid, event_json, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'webhook')""", events);
            jdbc.batchUpdate("""
                    INSERT INTO participant_session (participant_sid, room_sid, identity, name, kind, joined_at, left_at, disconnect_reason,
                        tracks_published) VALUES (?, ?, ?, ?, 'STANDARD', ?, ?, 'CLIENT_INITIATED', ?)""", participants);
            var staff = new ArrayList<Object[]>();
            for (int i = 0; i < 20; i++) {
                staff.add(new Object[] {java.sql.Timestamp.from(start.plusSeconds(50 + i * 200)), room, "caller-" + i});
            }
            jdbc.batchUpdate("""
                    INSERT INTO audit_record (at, username, role, action, room, participant, reason, outcome)
                    VALUES (?, 'admin', 'ADMIN', 'MUTE_TRACK', ?, ?, 'echo on the line', 'DONE')""", staff);
            var browser = logIn(port(app));
            Callable<Object> page = () -> {
                var answer = browser.get("/history/" + sid);
                if (answer.statusCode() != 200 || !answer.body().contains("Later events") || !answer.body().contains("echo on the line")) {
                    throw new IllegalStateException("unexpected answer " + answer.statusCode());
                }
                return answer;
            };
            // Warmed up first, so that the server's timer counts only warm requests (timeInTurn's own warm-up included).
            timeInTurn(List.of(page), 50);
            var timer = app.getBean(io.micrometer.core.instrument.MeterRegistry.class).get("http.server.requests")
                    .tag("uri", "/history/{roomSid}").timer();
            var count = timer.count();
            var total = timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS);
            var times = timeInTurn(List.of(page), 200);
            var served = timer.count() - count;
            System.out.printf(Locale.ROOT, "   first page, as the client sees it        %s (goal: under 100 ms)%n", summary(times.get(0)));
            System.out.printf(Locale.ROOT, "   server time (http.server.requests)       mean %.1f ms over %d requests%n",
                    (timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) - total) / served, served);
        }
        System.out.println();
    }

    // history-list: the history page over 100,000 room sessions ---------------------------------------

    /**
     * 100,000 room sessions of a support desk over 70 days (one a minute), each with 4 participant sessions (a customer
     * of its own, one of 100 agents in every third room, one of 500 staff, a SIP caller in every seventh room), put in
     * with plain batch inserts; then {@code /history} with each filter, as htmx asks for its table.
     */
    private void historyList() throws Exception {
        System.out.println("history-list: /history over 100,000 room sessions (400,000 participant sessions), H2, each filter as htmx asks for the table");
        try (var app = start(Map.of())) {
            var jdbc = app.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
            var fill = System.nanoTime();
            var start = java.time.Instant.parse("2026-09-01T00:00:00Z");
            var rooms = new ArrayList<Object[]>();
            var participants = new ArrayList<Object[]>();
            for (int i = 0; i < 100_000; i++) {
                var started = start.plusSeconds(60L * i);
                var ended = started.plusSeconds(60L + (i * 37L) % 3600);
                var agent = i % 3 == 0;
                var sip = i % 7 == 0;
                var sid = String.format(Locale.ROOT, "RM_bench%06d", i);
                rooms.add(new Object[] {sid, String.format(Locale.ROOT, "support-%06d", i), ts(started), ts(ended), agent ? 4 : 3, agent, sip});
                participants.add(participant(sid, "P1", "customer-" + i, "Customer " + i, "STANDARD", started.plusSeconds(5), ended));
                participants.add(participant(sid, "P2", "staff-" + i % 500, "Staff " + i % 500, "STANDARD", started.plusSeconds(9), ended));
                participants.add(participant(sid, "P3", agent ? "agent-" + i % 100 : "observer-" + i, agent ? "Agent" : "Observer", agent ? "AGENT" : "STANDARD",
                        started.plusSeconds(2), ended));
                participants.add(participant(sid, "P4", sip ? "sip-" + i : "guest-" + i, sip ? "+49301234" + i : "Guest", sip ? "SIP" : "STANDARD",
                        started.plusSeconds(20), ended.minusSeconds(10)));
                if (rooms.size() == 5_000) {
                    insert(jdbc, rooms, participants);
                }
            }
            insert(jdbc, rooms, participants);
            System.out.printf(Locale.ROOT, "   filled in %.1f s%n", (System.nanoTime() - fill) / 1e9);
            for (var where : List.of("room_sid IN (SELECT room_sid FROM participant_session WHERE identity = 'customer-41130'"
                    + " UNION SELECT room_sid FROM participant_session WHERE name = 'customer-41130')", "room_name LIKE 'support-%' ESCAPE '\\'")) {
                System.out.println("   plan: " + jdbc.queryForObject("EXPLAIN SELECT room_sid FROM room_session WHERE " + where
                        + " ORDER BY started_at DESC, room_sid DESC LIMIT 51", String.class).replaceAll("\\s+", " "));
            }
            var htmx = new HtmxClient(port(app), logIn(port(app)));
            var calls = new java.util.LinkedHashMap<String, Callable<Object>>();
            calls.put("no filter (first page)", () -> htmx.get("/history", "support-099999"));
            calls.put("no filter, page 100", () -> htmx.get("/history?page=100", "support-09"));
            calls.put("room prefix support-0421 (100 sessions)", () -> htmx.get("/history?room=support-0421", "support-042199"));
            calls.put("room prefix support- (all)", () -> htmx.get("/history?room=support-", "support-099999"));
            calls.put("identity customer-41130 (1 session)", () -> htmx.get("/history?identity=customer-41130", "support-041130"));
            calls.put("identity agent-7 (333 sessions)", () -> htmx.get("/history?identity=agent-7", "joined"));
            calls.put("identity name Staff 42 (200 sessions)", () -> htmx.get("/history?identity=Staff+42", "joined"));
            calls.put("kind sip", () -> htmx.get("/history?kind=sip", "SIP caller"));
            calls.put("one day (from = to)", () -> htmx.get("/history?from=2026-10-01&to=2026-10-01", "support-"));
            calls.put("at least 50 minutes", () -> htmx.get("/history?min=50", "support-"));
            calls.put("kind agent, a week, 30-40 min", () -> htmx.get("/history?kind=agent&from=2026-10-01&to=2026-10-07&min=30&max=40", "support-"));
            calls.put("room prefix + identity + kind + dates", () -> htmx.get("/history?room=support-04&identity=agent-7&kind=agent&from=2026-09-01&to=2026-11-30", "joined"));
            var times = timeInTurn(List.copyOf(calls.values()), 50);
            var i = 0;
            for (var name : calls.keySet()) {
                System.out.printf(Locale.ROOT, "   %-44s %s%n", name, summary(times.get(i++)));
            }
        }
        System.out.println();
    }

    /**
     * The overview's charts over a busy week: 100,000 room sessions in the last 7 days (one every 6 s, 1 to 60 minutes
     * long), each with 4 participant sessions, and as many in the week before; each range worked out past its cache.
     */
    private void overviewCharts() throws Exception {
        System.out.println("overview-charts: the overview's four charts over 100,000 room sessions (400,000 participant sessions) in 7 days"
                + " and 100,000 in the week before, H2, worked out past the 60 s cache");
        try (var app = start(Map.of())) {
            var jdbc = app.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
            var fill = System.nanoTime();
            var now = java.time.Instant.now();
            var rooms = new ArrayList<Object[]>();
            var participants = new ArrayList<Object[]>();
            var total = 200_000;
            for (int i = 0; i < total; i++) {
                // The last 100,000 fall in the last 7 days (604,800 s), one every 6.048 s.
                var started = now.minusMillis(6_048L * (total - i));
                var ended = started.plusSeconds(60L + (i * 37L) % 3540);
                var sid = String.format(Locale.ROOT, "RM_chart%07d", i);
                rooms.add(new Object[] {sid, String.format(Locale.ROOT, "support-%07d", i), ts(started), ts(ended), 4, i % 3 == 0, false});
                for (var n : List.of("P1", "P2", "P3", "P4")) {
                    participants.add(participant(sid, n, n + "-" + i, "Someone", "STANDARD", started.plusSeconds(5), ended.minusSeconds(1)));
                }
                if (rooms.size() == 5_000) {
                    insert(jdbc, rooms, participants);
                }
            }
            insert(jdbc, rooms, participants);
            System.out.printf(Locale.ROOT, "   filled in %.1f s%n", (System.nanoTime() - fill) / 1e9);
            var calls = new java.util.LinkedHashMap<String, Callable<Object>>();
            calls.put("last 24 hours (14,300 rooms, 57,100 participants)", () -> dev.roomwarden.overview.OverviewCharts.workOut(app, "24h"));
            calls.put("last 7 days (100,000 rooms, 400,000 participants)", () -> dev.roomwarden.overview.OverviewCharts.workOut(app, "7d"));
            var times = timeInTurn(List.copyOf(calls.values()), 20);
            var i = 0;
            for (var name : calls.keySet()) {
                System.out.printf(Locale.ROOT, "   %-52s %s%n", name, summary(times.get(i++)));
            }
        }
        System.out.println();
    }

    private void recordingsList() throws Exception {
        System.out.println("recordings-list: /recordings over 100,000 kept recordings (100 not ended), H2, each filter as htmx asks for the table");
        try (var app = start(Map.of())) {
            var jdbc = app.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
            var fill = System.nanoTime();
            var start = java.time.Instant.parse("2026-09-01T00:00:00Z");
            var statuses = List.of("EGRESS_COMPLETE", "EGRESS_COMPLETE", "EGRESS_COMPLETE", "EGRESS_FAILED", "EGRESS_ABORTED");
            var rows = new ArrayList<Object[]>();
            for (int i = 0; i < 100_000; i++) {
                var started = start.plusSeconds(60L * i);
                var active = i >= 99_900;
                var status = active ? "EGRESS_ACTIVE" : statuses.get(i % statuses.size());
                var id = String.format(Locale.ROOT, "EG_bench%07d", i);
                var room = String.format(Locale.ROOT, "support-%06d", i);
                var nanos = started.getEpochSecond() * 1_000_000_000L;
                var json = "{\"egressId\":\"" + id + "\",\"roomId\":\"RM_bench\",\"roomName\":\"" + room + "\",\"status\":\"" + status
                        + "\",\"startedAt\":\"" + nanos + "\",\"endedAt\":\"" + (active ? 0 : nanos + 600_000_000_000L)
                        + "\",\"updatedAt\":\"" + (nanos + 600_000_000_000L) + "\",\"roomComposite\":{\"roomName\":\"" + room
                        + "\",\"layout\":\"grid\"},\"fileResults\":[{\"filename\":\"recordings/" + room + ".mp4\",\"size\":\"150000000\","
                        + "\"duration\":\"600000000000\",\"location\":\"https://storage.example/recordings/" + room + ".mp4\"}]}";
                rows.add(new Object[] {id, room, status, active, ts(started), nanos + 600_000_000_000L, json});
                if (rows.size() == 5_000) {
                    jdbc.batchUpdate("INSERT INTO recording (egress_id, room_name, status, active, started_at, updated_nanos, egress_json)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)", rows);
                    rows.clear();
                }
            }
            System.out.printf(Locale.ROOT, "   filled in %.1f s%n", (System.nanoTime() - fill) / 1e9);
            for (var where : List.of("status = 'EGRESS_FAILED'", "room_name LIKE 'support-0421%' ESCAPE '!'", "active = TRUE")) {
                System.out.println("   plan: " + jdbc.queryForObject("EXPLAIN SELECT egress_id FROM recording WHERE " + where
                        + " ORDER BY active DESC, started_at DESC, egress_id DESC LIMIT 51", String.class).replaceAll("\\s+", " "));
            }
            var htmx = new HtmxClient(port(app), logIn(port(app)));
            var calls = new java.util.LinkedHashMap<String, Callable<Object>>();
            calls.put("no filter (first page: the 50 not ended)", () -> htmx.get("/recordings", "EG_bench0099999"));
            calls.put("no filter, page 100", () -> htmx.get("/recordings?page=100", "EG_bench"));
            calls.put("room prefix support-0421 (100)", () -> htmx.get("/recordings?room=support-0421", "support-042199"));
            calls.put("status failed (20,000)", () -> htmx.get("/recordings?status=failed", "Failed"));
            calls.put("status active (100)", () -> htmx.get("/recordings?status=active", "so far"));
            calls.put("one day (from = to)", () -> htmx.get("/recordings?from=2026-10-01&to=2026-10-01", "EG_bench"));
            calls.put("status complete + a week", () -> htmx.get("/recordings?status=complete&from=2026-10-01&to=2026-10-07", "Complete"));
            var times = timeInTurn(List.copyOf(calls.values()), 50);
            var i = 0;
            for (var name : calls.keySet()) {
                System.out.printf(Locale.ROOT, "   %-44s %s%n", name, summary(times.get(i++)));
            }
        }
        System.out.println();
    }

    /**
     * The attention rules over 10,000 live rooms (2,500 with a customer alone, 500 whose agent dropped out, 1,000 open
     * for two hours) beside 100,000 ended sessions: one evaluation, as the server's timer runs it every 5 s, and the
     * overview's live part as htmx asks for it.
     */
    private void needsAttention() throws Exception {
        System.out.println("attention: the overview's rules over 10,000 live rooms and 100,000 ended sessions (400,000 participant sessions), H2");
        try (var app = start(Map.of("roomwarden.overview.evaluate-interval", "0s"))) {
            var jdbc = app.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
            var fill = System.nanoTime();
            var now = java.time.Instant.now();
            var rooms = new ArrayList<Object[]>();
            var participants = new ArrayList<Object[]>();
            for (int i = 0; i < 110_000; i++) {
                var live = i >= 100_000;
                var started = live ? now.minusSeconds(i % 10 == 0 ? 7_200 : 900) : now.minusSeconds(86_400L * 80 - 60L * i);
                var ended = live ? null : started.plusSeconds(60L + (i * 37L) % 3600);
                var sid = String.format(Locale.ROOT, "RM_bench%06d", i);
                var alone = live && i % 4 == 0;
                var dropped = live && i % 20 == 1;
                rooms.add(new Object[] {sid, String.format(Locale.ROOT, "support-%06d", i), ts(started), ended == null ? null : ts(ended),
                        2, !alone, false});
                participants.add(participant(sid, "P1", "customer-" + i, "Customer " + i, "STANDARD", started.plusSeconds(5), ended));
                participants.add(participant(sid, "P2", "agent-" + i % 100, "Agent", "AGENT", started.plusSeconds(2),
                        alone ? started.plusSeconds(30) : dropped ? now.minusSeconds(60) : ended));
                if (!live) {
                    participants.add(participant(sid, "P3", "staff-" + i % 500, "Staff", "STANDARD", started.plusSeconds(9), ended));
                    participants.add(participant(sid, "P4", "guest-" + i, "Guest", "STANDARD", started.plusSeconds(20), ended));
                } else if (dropped) {
                    participants.add(participant(sid, "P3", "staff-" + i % 500, "Staff", "STANDARD", started.plusSeconds(9), null));
                }
                if (rooms.size() == 5_000) {
                    insert(jdbc, rooms, participants);
                }
            }
            insert(jdbc, rooms, participants);
            jdbc.update("UPDATE participant_session SET disconnect_reason = 'SIGNAL_CLOSE' WHERE kind = 'AGENT' AND left_at > ?", ts(now.minusSeconds(120)));
            System.out.printf(Locale.ROOT, "   filled in %.1f s%n", (System.nanoTime() - fill) / 1e9);
            var attention = app.getBean(dev.roomwarden.overview.NeedsAttention.class);
            var items = attention.evaluate();
            System.out.println("   items: " + items.stream().collect(java.util.stream.Collectors.groupingBy(item -> item.rule(),
                    java.util.TreeMap::new, java.util.stream.Collectors.counting())));
            var htmx = new HtmxClient(port(app), logIn(port(app)));
            var calls = new java.util.LinkedHashMap<String, Callable<Object>>();
            calls.put("one evaluation of every rule", attention::evaluate);
            calls.put("/overview, its live part (htmx)", () -> htmx.get("/overview", "An agent dropped out"));
            var times = timeInTurn(List.copyOf(calls.values()), 20);
            var i = 0;
            for (var name : calls.keySet()) {
                System.out.printf(Locale.ROOT, "   %-44s %s%n", name, summary(times.get(i++)));
            }
            // Each rule alone, the others turned off.
            var settings = app.getBean(dev.roomwarden.overview.AttentionSettings.class);
            var rules = java.util.Arrays.stream(dev.roomwarden.overview.AttentionRule.values()).filter(r -> r.aboutARoom()).toList();
            for (var rule : rules) {
                rules.forEach(other -> settings.save(other, other.defaultThreshold(), other == rule, true, "bench"));
                var alone = timeInTurn(List.of(attention::evaluate), 10).get(0);
                System.out.printf(Locale.ROOT, "   %-44s %s%n", "only " + rule, summary(alone));
            }
        }
        System.out.println();
    }

    /**
     * Search (issue 22) over 10,000 live rooms (1,000 with a customer and an agent, whose sessions history has open) and
     * 100,000 ended sessions (a customer with a ticket and a phone number in their attributes, and an agent, each), as an
     * ADMIN (every group searched): the typeahead fragment and the whole page, for a few typical queries.
     */
    private void search() throws Exception {
        System.out.println("search: 10,000 live rooms and 100,000 ended sessions (200,000 participant sessions), H2, as an ADMIN");
        try (var app = start(Map.of())) {
            var jdbc = app.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
            var fill = System.nanoTime();
            rooms(10_000);
            var now = java.time.Instant.now();
            var rooms = new ArrayList<Object[]>();
            var participants = new ArrayList<Object[]>();
            var terms = new ArrayList<Object[]>();
            var attributes = new ArrayList<Object[]>();
            for (int i = 0; i < 100_000; i++) {
                var sid = String.format(Locale.ROOT, "RM_past%06d", i);
                var name = String.format(Locale.ROOT, "call-%06d", i);
                var started = now.minusSeconds(86_400L * 30 - 20L * i);
                rooms.add(new Object[] {sid, name, ts(started), ts(started.plusSeconds(600)), 2, true, false});
                var customer = participant(sid, "P1", "customer-" + i, "Customer " + i, "STANDARD", started.plusSeconds(5), started.plusSeconds(600));
                var agent = participant(sid, "P2", "agent-" + i % 100, "Agent", "AGENT", started.plusSeconds(2), started.plusSeconds(600));
                participants.add(customer);
                participants.add(agent);
                terms(terms, dev.roomwarden.search.Terms.of(name), "room", sid, "", started);
                var ticket = "TCK-" + (100_000 + i);
                var phone = String.format(Locale.ROOT, "+1 555 %07d", i);
                var customerTerms = new java.util.LinkedHashSet<String>();
                for (var value : List.of("customer-" + i, "Customer " + i, ticket, phone)) {
                    customerTerms.addAll(dev.roomwarden.search.Terms.of(value));
                }
                terms(terms, customerTerms, "participant", sid, (String) customer[0], started);
                var agentTerms = new java.util.LinkedHashSet<>(dev.roomwarden.search.Terms.of("agent-" + i % 100));
                agentTerms.addAll(dev.roomwarden.search.Terms.of("Agent"));
                terms(terms, agentTerms, "participant", sid, (String) agent[0], started);
                attributes.add(new Object[] {customer[0], "ticket", ticket});
                attributes.add(new Object[] {customer[0], "phone", phone});
                if (rooms.size() == 5_000) {
                    insert(jdbc, rooms, participants);
                    insertSearch(jdbc, terms, attributes);
                }
            }
            // The live rooms' open sessions, as history has them from their webhooks.
            for (var room : emulator.state().rooms()) {
                var started = java.time.Instant.ofEpochMilli(room.getCreationTimeMs());
                rooms.add(new Object[] {room.getSid(), room.getName(), ts(started), null, room.getNumParticipants(), room.getNumParticipants() > 0, false});
                terms(terms, dev.roomwarden.search.Terms.of(room.getName()), "room", room.getSid(), "", started);
                for (var p : emulator.state().participants(room.getName())) {
                    participants.add(new Object[] {p.getSid(), room.getSid(), p.getIdentity(), p.getName(), p.getKind().name(), ts(started), null, null, 1});
                    terms(terms, dev.roomwarden.search.Terms.of(p.getIdentity()), "participant", room.getSid(), p.getSid(), started);
                }
                if (rooms.size() == 5_000) {
                    insert(jdbc, rooms, participants);
                    insertSearch(jdbc, terms, attributes);
                }
            }
            insert(jdbc, rooms, participants);
            insertSearch(jdbc, terms, attributes);
            System.out.printf(Locale.ROOT, "   filled in %.1f s; %d search terms%n", (System.nanoTime() - fill) / 1e9,
                    jdbc.queryForObject("SELECT COUNT(*) FROM search_term", Long.class));
            var htmx = new HtmxClient(port(app), logIn(port(app)));
            var queries = new java.util.LinkedHashMap<String, String>();
            queries.put("customer-41130", "customer-");
            queries.put("41130", "41130");
            queries.put("TCK-141130", "TCK-");
            queries.put("5550041130", "555");
            queries.put("support-0999", "support-0999");
            queries.put("cust", "cust");
            queries.put("zz-nothing", "zz-nothing");
            var calls = new java.util.LinkedHashMap<String, Callable<Object>>();
            for (var query : queries.entrySet()) {
                var q = java.net.URLEncoder.encode(query.getKey(), java.nio.charset.StandardCharsets.UTF_8);
                calls.put("typeahead  " + query.getKey(), () -> htmx.get("/search/suggest?q=" + q, query.getValue()));
                calls.put("page       " + query.getKey(), () -> htmx.get("/search?q=" + q, query.getValue()));
            }
            var times = timeInTurn(List.copyOf(calls.values()), 20);
            var i = 0;
            for (var name : calls.keySet()) {
                System.out.printf(Locale.ROOT, "   %-44s %s%n", name, summary(times.get(i++)));
            }
        }
        System.out.println();
    }

    private static void terms(List<Object[]> rows, java.util.Collection<String> terms, String kind, String roomSid, String participantSid,
            java.time.Instant at) {
        terms.forEach(term -> rows.add(new Object[] {term, kind, roomSid, participantSid, ts(at)}));
    }

    private static void insertSearch(org.springframework.jdbc.core.JdbcTemplate jdbc, List<Object[]> terms, List<Object[]> attributes) {
        jdbc.batchUpdate("INSERT INTO search_term (term, kind, room_sid, participant_sid, at) VALUES (?, ?, ?, ?, ?)", terms);
        jdbc.batchUpdate("INSERT INTO participant_attribute (participant_sid, attr_key, attr_value) VALUES (?, ?, ?)", attributes);
        terms.clear();
        attributes.clear();
    }

    private static java.sql.Timestamp ts(java.time.Instant instant) {
        return java.sql.Timestamp.from(instant);
    }

    private static Object[] participant(String roomSid, String n, String identity, String name, String kind, java.time.Instant joined,
            java.time.Instant left) {
        return new Object[] {"PA_" + roomSid.substring(3) + n, roomSid, identity, name, kind, ts(joined), left == null ? null : ts(left),
                left == null ? null : "CLIENT_INITIATED", 1};
    }

    private static void insert(org.springframework.jdbc.core.JdbcTemplate jdbc, List<Object[]> rooms, List<Object[]> participants) {
        jdbc.batchUpdate("INSERT INTO room_session (room_sid, room_name, started_at, ended_at, peak_participants, had_agent, had_sip)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", rooms);
        jdbc.batchUpdate("INSERT INTO participant_session (participant_sid, room_sid, identity, name, kind, joined_at, left_at,"
                + " disconnect_reason, tracks_published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", participants);
        rooms.clear();
        participants.clear();
    }

    // 6. Pages while LiveKit hangs ---------------------------------------------------------------------

    /**
     * LiveKit stops answering (every call hangs); the timeouts are the defaults (connect 3 s, read 5 s), and so is
     * the cache (5 s). Staff had the rooms table and a room open; each page is asked for in turn.
     */
    private void pagesWhileLiveKitHangs() throws Exception {
        System.out.println("6. Pages while LiveKit hangs (default timeouts: read 5 s; default cache 5 s); 100 rooms");
        try (var app = start(Map.of())) {
            rooms(100);
            var room = "support-00010";
            var htmx = new HtmxClient(port(app), logIn(port(app)));
            htmx.get("/rooms", "support-");
            htmx.get("/rooms/" + room, "customer-10");
            emulator.faults().set(dev.roomwarden.emulator.FaultMode.SLOW, Duration.ofSeconds(30));
            Thread.sleep(5_100);
            var first = System.nanoTime();
            htmx.get("/rooms", "LiveKit problem");
            System.out.printf(Locale.ROOT, "   first page after LiveKit hangs            %.0f ms%n", (System.nanoTime() - first) / 1e6);
            var runs = 5;
            var rooms = new double[runs];
            var roomLive = new double[runs];
            for (int i = 0; i < runs; i++) {
                var start = System.nanoTime();
                var table = (String) htmx.get("/rooms", "LiveKit problem");
                rooms[i] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                var part = (String) htmx.get("/rooms/" + room, "LiveKit problem");
                roomLive[i] = (System.nanoTime() - start) / 1e6;
                if (i == 0) {
                    System.out.println("   rooms table shows rooms: " + table.contains("support-00099")
                            + "; room part shows participants: " + part.contains("customer-10"));
                }
            }
            System.out.printf(Locale.ROOT, "   /rooms fragment, the %d that follow        %s%n", runs, summary(rooms));
            System.out.printf(Locale.ROOT, "   room live part, the %d that follow         %s%n", runs, summary(roomLive));
            emulator.faults().reset();
        }
        System.out.println();
    }

    // Sequential SDK calls on one kept-alive connection -----------------------------------------------

    /**
     * The SDK's OkHttp keeps one connection to the emulator; each call waits for the one before, as a page's
     * calls and every flow test's do. With Nagle's algorithm on, each answer waits for a delayed ACK (~40 ms).
     * "Before" is {@code BENCH_JAVA_OPTS=-Dsun.net.httpserver.nodelay=false bench/run keepalive}.
     */
    private void keptAliveCalls() throws Exception {
        System.out.println("Sequential SDK calls on one kept-alive connection, emulator TCP_NODELAY="
                + System.getProperty("sun.net.httpserver.nodelay"));
        rooms(20);
        var sdk = RoomServiceClient.createClient(emulator.url(), KEY, SECRET);
        Callable<Object> listRooms = () -> sdk.listRooms().execute().body();
        Callable<Object> listParticipants = () -> sdk.listParticipants("support-00000").execute().body();
        var times = timeInTurn(List.of(listRooms, listParticipants), 100);
        System.out.printf(Locale.ROOT, "   ListRooms (20 rooms)              %s%n", summary(times.get(0)));
        System.out.printf(Locale.ROOT, "   ListParticipants (2 participants) %s%n", summary(times.get(1)));
        var start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            listRooms.call();
        }
        System.out.printf(Locale.ROOT, "   20 ListRooms in a row             %.0f ms%n%n", (System.nanoTime() - start) / 1e6);
    }

    // Resident memory of the packaged application with 50 staff -------------------------------------------

    /**
     * Starts the packaged jar as its own process with these JVM options (as the Docker image runs it), 50 staff
     * log in, open the incident page's and the rooms list's event streams and refresh both every interval while
     * participants join; the process's VmRSS (from /proc) is sampled throughout. {@code bench/rss} runs it.
     */
    private void residentMemory(Path jar, List<String> jvmOptions) throws Exception {
        rooms(200);
        join(INCIDENT, "customer-incident", ParticipantInfo.Kind.STANDARD);
        join(INCIDENT, "voice-agent", ParticipantInfo.Kind.AGENT);
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        var process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "rss-app.log").toFile()));
        var env = process.environment();
        env.remove("JAVA_TOOL_OPTIONS");
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("LIVEKIT_URL", emulator.url());
        env.put("LIVEKIT_API_KEY", KEY);
        env.put("LIVEKIT_API_SECRET", SECRET);
        env.put("ROOMWARDEN_ADMIN_USERNAME", "admin");
        env.put("ROOMWARDEN_ADMIN_PASSWORD", PASSWORD);
        env.put("ROOMWARDEN_REFRESH_INTERVAL", REFRESH.toSeconds() + "s");
        env.put("SPRING_DATASOURCE_URL", "jdbc:h2:mem:rss;DB_CLOSE_DELAY=-1");
        var started = System.nanoTime();
        var app = process.start();
        try {
            waitForLogin(port);
            var startup = (System.nanoTime() - started) / 1e9;
            var idle = rssKib(app.pid());
            emulator.addWebhookUrl("http://127.0.0.1:" + port + "/livekit/webhook");
            var sessions = new ArrayList<StaffBrowser>();
            for (int i = 0; i < 50; i++) {
                sessions.add(logIn(port));
            }
            var streams = new java.util.concurrent.CopyOnWriteArrayList<EventStream>();
            var peak = new java.util.concurrent.atomic.AtomicLong();
            var sampler = Executors.newSingleThreadScheduledExecutor(Benchmarks::daemon);
            sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(rssKib(app.pid()), Math::max), 0, 200,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            var intervals = 20;
            var pages = new java.util.concurrent.atomic.AtomicInteger();
            var troubled = new java.util.concurrent.atomic.AtomicInteger();
            var start = System.nanoTime();
            var joiner = Executors.newSingleThreadScheduledExecutor(Benchmarks::daemon);
            var joined = new java.util.concurrent.atomic.AtomicInteger();
            joiner.scheduleAtFixedRate(() -> join(INCIDENT, "joiner-" + joined.incrementAndGet(), ParticipantInfo.Kind.STANDARD),
                    1, 1, java.util.concurrent.TimeUnit.SECONDS);
            run(sessions.size(), i -> () -> {
                var browser = sessions.get(i);
                streams.add(browser.stream("/rooms/" + INCIDENT));
                streams.add(browser.stream("/rooms"));
                var phase = ThreadLocalRandom.current().nextLong(REFRESH.toMillis());
                for (int interval = 0; interval < intervals; interval++) {
                    var due = start + Duration.ofMillis(interval * REFRESH.toMillis() + phase).toNanos();
                    Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                    for (var page : List.of("/rooms", "/rooms/" + INCIDENT)) {
                        var answer = browser.getHtmx(page);
                        (answer.statusCode() == 200 && !answer.body().contains("LiveKit problem") ? pages : troubled).incrementAndGet();
                    }
                }
                return null;
            });
            joiner.shutdownNow();
            var end = rssKib(app.pid());
            var parts = Files.readAllLines(Path.of("/proc", String.valueOf(app.pid()), "status")).stream()
                    .filter(line -> line.startsWith("RssAnon:") || line.startsWith("RssFile:"))
                    .map(line -> line.replaceAll("\\s+", " ")).collect(java.util.stream.Collectors.joining(", "));
            sampler.shutdownNow();
            System.out.printf(Locale.ROOT, "Resident memory (VmRSS) of the packaged Roomwarden, JVM options: %s%n",
                    jvmOptions.isEmpty() ? "(none: the JVM's defaults)" : String.join(" ", jvmOptions));
            System.out.printf(Locale.ROOT, "   started in %.1f s; idle after start %d MiB; 50 staff, %d event streams, %d s of refreshes every %d s "
                    + "and %d joins (%d pages, %d of them with a LiveKit problem): peak %d MiB, at the end %d MiB%n", startup,
                    idle >> 10, streams.size(), intervals * REFRESH.toSeconds(), REFRESH.toSeconds(), joined.get(), pages.get() + troubled.get(),
                    troubled.get(), peak.get() >> 10, end >> 10);
            System.out.printf(Locale.ROOT, "   at the end: %s%n%n", parts);
            streams.forEach(EventStream::close);
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    private static Thread daemon(Runnable runnable) {
        var thread = new Thread(runnable, "rss-bench");
        thread.setDaemon(true);
        return thread;
    }

    private static void waitForLogin(int port) throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (new StaffBrowser(port).get("/login").statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Roomwarden did not start within 120 s: see target/rss-app.log");
    }

    /** The process's resident set (VmRSS), in KiB, from /proc/<pid>/status. */
    private static long rssKib(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(0);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    // History ingest (issue 17): a burst of webhooks --------------------------------------------------------

    /**
     * See {@link HistoryIngest}; the emulator is not involved: the burst is what a busy LiveKit would send. First 24
     * senders, then one per room: LiveKit has no limit on how many of its per-room queues send at once.
     */
    private void historyIngest(String database, Map<String, Object> more) throws Exception {
        try (var app = start(more)) {
            var jdbc = app.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
            new HistoryIngest(24, "ingest-a-", port(app), KEY, SECRET, jdbc).run(database);
            new HistoryIngest(HistoryIngest.ROOMS, "ingest-b-", port(app), KEY, SECRET, jdbc).run(database);
        }
    }

    // 2-4. One running Roomwarden with webhooks --------------------------------------------------------

    private void liveKitCallsAndLatencyAndHeap() throws Exception {
        rooms(200);
        join(INCIDENT, "customer-incident", ParticipantInfo.Kind.STANDARD);
        join(INCIDENT, "voice-agent", ParticipantInfo.Kind.AGENT);
        try (var app = start(Map.of("roomwarden.refresh-interval", REFRESH.toSeconds() + "s"))) {
            var port = port(app);
            emulator.addWebhookUrl("http://127.0.0.1:" + port + "/livekit/webhook");
            var browsers = new ArrayList<StaffBrowser>();
            for (int i = 0; i < 100; i++) {
                browsers.add(logIn(port));
            }
            callsPerInterval(browsers);
            joinLatency(browsers.get(0));
            heap(browsers.subList(0, 50));
        }
    }

    private void callsPerInterval(List<StaffBrowser> browsers) throws Exception {
        System.out.printf(Locale.ROOT, "2. LiveKit calls per refresh interval (%d s, %d intervals): every viewer refreshes the rooms table "
                + "and the room page of the same incident once an interval, at its own moment%n", REFRESH.toSeconds(), INTERVALS);
        for (int viewers : new int[] {1, 10, 100}) {
            var listRooms = emulator.calls("ListRooms");
            var listParticipants = emulator.calls("ListParticipants");
            var start = System.nanoTime();
            run(viewers, i -> () -> {
                var browser = browsers.get(i);
                var phase = ThreadLocalRandom.current().nextLong(REFRESH.toMillis());
                for (int interval = 0; interval < INTERVALS; interval++) {
                    var due = start + Duration.ofMillis(interval * REFRESH.toMillis() + phase).toNanos();
                    Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                    expectOk(browser.getHtmx("/rooms"));
                    expectOk(browser.getHtmx("/rooms/" + INCIDENT));
                }
                return null;
            });
            var pages = 2L * viewers * INTERVALS;
            System.out.printf(Locale.ROOT, "   %3d viewers: %4d page refreshes -> ListRooms %.1f, ListParticipants %.1f per interval (goal: flat, about 1 each)%n",
                    viewers, pages, (emulator.calls("ListRooms") - listRooms) / (double) INTERVALS,
                    (emulator.calls("ListParticipants") - listParticipants) / (double) INTERVALS);
        }
        System.out.println();
    }

    private static void run(int threads, IntFunction<Callable<Object>> task) throws Exception {
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var futures = new ArrayList<java.util.concurrent.Future<Object>>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(task.apply(i)));
            }
            for (var future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void joinLatency(StaffBrowser browser) throws Exception {
        System.out.println("3. From a participant joining in the emulator to the re-rendered room fragment arriving on the page's SSE connection");
        var joins = 30;
        var latencies = new double[joins];
        try (var stream = browser.stream("/rooms/" + INCIDENT)) {
            if (stream.status() != 200) {
                throw new IllegalStateException("stream answered " + stream.status());
            }
            for (int i = 0; i < joins; i++) {
                Thread.sleep(700);
                var identity = "late-joiner-" + i;
                var joined = System.nanoTime();
                join(INCIDENT, identity, ParticipantInfo.Kind.STANDARD);
                latencies[i] = (arrival(stream, identity) - joined) / 1e6;
            }
        }
        System.out.printf(Locale.ROOT, "   %d joins: median %.0f ms, p95 %.0f ms, max %.0f ms (goal: under 1,000 ms)%n%n", joins, median(latencies),
                percentile(latencies, 95), Arrays.stream(latencies).max().orElseThrow());
    }

    private static long arrival(EventStream stream, String identity) throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var event = stream.next("room-live", Duration.ofNanos(deadline - System.nanoTime()));
            if (event != null && event.data().contains(identity)) {
                return event.receivedNanos();
            }
        }
        throw new IllegalStateException(identity + " never arrived on the page's stream");
    }

    private void heap(List<StaffBrowser> sessions) throws Exception {
        System.out.printf(Locale.ROOT, "4. Heap with %d concurrent staff sessions, each with the incident page's and the rooms list's event streams open "
                + "and refreshing both; measured after a full GC%n", sessions.size());
        var streams = new ArrayList<EventStream>();
        var ready = new CountDownLatch(sessions.size());
        run(sessions.size(), i -> () -> {
            var browser = sessions.get(i);
            synchronized (streams) {
                streams.add(browser.stream("/rooms/" + INCIDENT));
                streams.add(browser.stream("/rooms"));
            }
            expectOk(browser.getHtmx("/rooms"));
            expectOk(browser.getHtmx("/rooms/" + INCIDENT));
            ready.countDown();
            return null;
        });
        ready.await();
        join(INCIDENT, "one-more", ParticipantInfo.Kind.STANDARD);
        Thread.sleep(2_000);
        var used = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "   heap used: %d MB for this whole JVM (Roomwarden, the emulator with 201 rooms, and the %d benchmark clients) "
                + "(goal: under 256 MB)%n", used >> 20, sessions.size());
        streams.forEach(EventStream::close);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
