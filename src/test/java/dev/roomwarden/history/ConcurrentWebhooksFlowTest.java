package dev.roomwarden.history;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.google.protobuf.util.JsonFormat;
import dev.roomwarden.FlowTest;
import dev.roomwarden.input.RequestBody;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LiveKit sends from one address, one queue per room, as many at once as it has rooms with events: more webhook
 * bodies in flight from that address than {@code roomwarden.request-bodies.per-client} lets any other client send
 * must all be accepted, and each event stored once.
 */
class ConcurrentWebhooksFlowTest extends FlowTest {

    @Value("${roomwarden.request-bodies.per-client:8}")
    private int perClient;

    private static String joined(String room, int i) throws Exception {
        return JsonFormat.printer().print(WebhookEvent.newBuilder().setEvent("participant_joined")
                .setId("EV_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)).setCreatedAt(Instant.now().getEpochSecond())
                .setRoom(Room.newBuilder().setName(room + "-" + i).setSid("RM_" + room.replace("-", "") + i))
                .setParticipant(ParticipantInfo.newBuilder().setIdentity("caller-" + i).setSid("PA_" + room.replace("-", "") + i)).build());
    }

    /** The request line and headers, as LiveKit sends them: the token in Authorization, its sha256 claim the body's. */
    private static String head(int port, byte[] body) throws Exception {
        var sha256 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        var token = JWT.create().withIssuer(API_KEY).withExpiresAt(Instant.now().plusSeconds(300)).withClaim("sha256", sha256)
                .sign(Algorithm.HMAC256(API_SECRET));
        return "POST /livekit/webhook HTTP/1.1\r\nHost: localhost:" + port + "\r\nContent-Type: application/webhook+json\r\n"
                + "Authorization: " + token + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    }

    @Test
    void moreWebhooksAtOnceFromLiveKitsOneAddressThanAnyClientMaySendAreAllAcceptedAndStoredOnce() throws Exception {
        var count = perClient * 2;
        var bodies = new ArrayList<byte[]>();
        var sockets = new ArrayList<Socket>();
        try {
            // Every request sends its headers and half its body, so that all of them are being read at the same time.
            for (int i = 0; i < count; i++) {
                var body = joined("burst-room", i).getBytes(StandardCharsets.UTF_8);
                bodies.add(body);
                var socket = new Socket("127.0.0.1", port);
                socket.setSoTimeout(15_000);
                sockets.add(socket);
                var out = socket.getOutputStream();
                out.write(head(port, body).getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, 0, body.length / 2);
                out.flush();
            }
            // Roomwarden runs in this JVM: wait until its request threads are all reading a body, so they overlap.
            var deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (readingBodies() < count && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            for (int i = 0; i < count; i++) {
                var body = bodies.get(i);
                sockets.get(i).getOutputStream().write(body, body.length / 2, body.length - body.length / 2);
                sockets.get(i).getOutputStream().flush();
            }
            var statuses = new ArrayList<String>();
            for (var socket : sockets) {
                statuses.add(statusLine(socket.getInputStream()));
            }
            assertThat(statuses).as("every webhook's answer").hasSize(count).allMatch(line -> line.startsWith("HTTP/1.1 200"));
        } finally {
            for (var socket : sockets) {
                socket.close();
            }
        }
        var stored = jdbc.sql("SELECT COUNT(*) FROM history_event WHERE room_name LIKE 'burst-room-%'").query(Long.class).single();
        assertThat(stored).isEqualTo(count);
        List<Long> perRoom = jdbc.sql("SELECT COUNT(*) FROM participant_session WHERE room_sid LIKE 'RM_burstroom%' GROUP BY room_sid")
                .query(Long.class).list();
        assertThat(perRoom).hasSize(count).containsOnly(1L);
    }

    /** Request threads of this JVM's Roomwarden waiting inside a request body. */
    private static long readingBodies() {
        return Thread.getAllStackTraces().entrySet().stream().filter(e -> e.getKey().getName().startsWith("http-nio"))
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(frame -> frame.getClassName().equals(RequestBody.class.getName())))
                .count();
    }

    private static String statusLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1).strip();
    }
}
