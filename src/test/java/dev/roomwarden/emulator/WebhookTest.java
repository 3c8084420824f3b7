package dev.roomwarden.emulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.livekit.server.WebhookReceiver;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.roomwarden.emulator.EmulatorFixture.KEY;
import static dev.roomwarden.emulator.EmulatorFixture.SECRET;
import static dev.roomwarden.emulator.EmulatorFixture.adminToken;
import static dev.roomwarden.emulator.EmulatorFixture.camera;
import static dev.roomwarden.emulator.EmulatorFixture.mic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Webhooks as livekit-server sends them, checked with the SDK's own WebhookReceiver. */
class WebhookTest {

    private record Delivery(String contentType, String authorization, String body) {
    }

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    /** What the receiver answers next, one status per delivery; 200 once they are used up. */
    private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
    private HttpServer receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            var status = answers.poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private List<WebhookEvent> awaitEvents(int count) throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (deliveries.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        var webhooks = new WebhookReceiver(KEY, SECRET);
        return deliveries.stream().map(d -> webhooks.receive(d.body(), d.authorization())).toList();
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private List<WebhookEvent> awaitLeft(int count) throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && leftEvents().size() < count) {
            Thread.sleep(20);
        }
        return leftEvents();
    }

    private List<WebhookEvent> leftEvents() {
        var webhooks = new WebhookReceiver(KEY, SECRET);
        return deliveries.stream().map(d -> webhooks.receive(d.body(), d.authorization()))
                .filter(e -> e.getEvent().equals("participant_left")).toList();
    }

    @Test
    void participantLeftCarriesTheDisconnectReasonTheServerSets() throws Exception {
        try (var lk = new EmulatorFixture(List.of(hookUrl()), false)) {
            lk.join("r", "removed", ParticipantInfo.Kind.STANDARD);
            lk.join("r", "twin", ParticipantInfo.Kind.STANDARD);
            lk.join("r", "leaver", ParticipantInfo.Kind.STANDARD);
            lk.join("r", "lost", ParticipantInfo.Kind.STANDARD);
            lk.join("r", "stays", ParticipantInfo.Kind.STANDARD);

            lk.sdk.removeParticipant("r", "removed").execute();
            lk.join("r", "twin", ParticipantInfo.Kind.STANDARD);
            assertThat(lk.control("DELETE", "/emulator/rooms/r/participants/leaver?reason=CLIENT_INITIATED", null, adminToken("r"))
                    .statusCode()).isEqualTo(204);
            assertThat(lk.control("DELETE", "/emulator/rooms/r/participants/lost?reason=signal_close", null, adminToken("r"))
                    .statusCode()).isEqualTo(204);
            lk.sdk.deleteRoom("r").execute();

            var left = awaitLeft(6);

            assertThat(left).extracting(e -> e.getParticipant().getIdentity() + " " + e.getParticipant().getDisconnectReason())
                    .containsExactly("removed PARTICIPANT_REMOVED", "twin DUPLICATE_IDENTITY", "leaver CLIENT_INITIATED",
                            "lost SIGNAL_CLOSE", "stays ROOM_DELETED", "twin ROOM_DELETED");
            assertThat(left).allSatisfy(e -> assertThat(e.getParticipant().getState()).isEqualTo(ParticipantInfo.State.DISCONNECTED));
        }
    }

    @Test
    void aParticipantWhoNeverBecameActiveIsAConnectionAbortedWithoutAJoin() throws Exception {
        try (var lk = new EmulatorFixture(List.of(hookUrl()), false)) {
            var response = lk.control("POST", "/emulator/rooms/r/aborted", "{\"identity\":\"ann\",\"name\":\"Ann\"}", adminToken("r"));
            assertThat(response.statusCode()).isEqualTo(200);

            var events = awaitEvents(2);

            assertThat(events).extracting(WebhookEvent::getEvent).containsExactly("room_started", "participant_connection_aborted");
            var aborted = events.get(1).getParticipant();
            assertThat(aborted.getIdentity()).isEqualTo("ann");
            assertThat(aborted.getSid()).startsWith("PA_");
            assertThat(aborted.getState()).isEqualTo(ParticipantInfo.State.DISCONNECTED);
            assertThat(aborted.getDisconnectReason()).isEqualTo(DisconnectReason.JOIN_FAILURE);
            assertThat(lk.sdk.listParticipants("r").execute().body()).isEmpty();
        }
    }

    @Test
    void aRetryAfterA5xxCarriesTheSameIdCreatedAtAndToken() throws Exception {
        answers.add(503);
        try (var lk = new EmulatorFixture(List.of(hookUrl()), false)) {
            lk.state().createRoom(livekit.LivekitRoom.CreateRoomRequest.newBuilder().setName("r").build());

            var events = awaitEvents(2);

            assertThat(events).extracting(WebhookEvent::getEvent).containsExactly("room_started", "room_started");
            assertThat(events.get(1).getId()).isEqualTo(events.get(0).getId()).matches("EV_[" + Ids.ALPHABET + "]{12}");
            assertThat(events.get(1).getCreatedAt()).isEqualTo(events.get(0).getCreatedAt());
            assertThat(deliveries.get(1)).isEqualTo(deliveries.get(0));
        }
    }

    @Test
    void aClientErrorCountsAsDeliveredAndIsNotRetried() throws Exception {
        answers.add(400);
        try (var lk = new EmulatorFixture(List.of(hookUrl()), false)) {
            lk.state().createRoom(livekit.LivekitRoom.CreateRoomRequest.newBuilder().setName("r").build());
            lk.state().createRoom(livekit.LivekitRoom.CreateRoomRequest.newBuilder().setName("s").build());

            var events = awaitEvents(2);
            Thread.sleep(600);

            assertThat(deliveries).hasSize(2);
            assertThat(events).extracting(e -> e.getRoom().getName()).containsExactly("r", "s");
        }
    }

    @Test
    void theControlApiDropsSomeEventsAndDeliversTheNextOnesTwice() throws Exception {
        try (var lk = new EmulatorFixture(List.of(hookUrl()), false)) {
            assertThat(lk.control("POST", "/emulator/webhooks", "{\"drop\":1,\"duplicate\":2}", adminToken("r")).body())
                    .isEqualTo("{\"drop\":1,\"duplicate\":2}");
            lk.join("r", "ann", ParticipantInfo.Kind.STANDARD, mic());
            lk.join("r", "bob", ParticipantInfo.Kind.STANDARD);

            var events = awaitEvents(5);

            assertThat(events).extracting(e -> e.getEvent() + " " + e.getParticipant().getIdentity()).containsExactly(
                    "participant_joined ann", "participant_joined ann", "track_published ann", "track_published ann",
                    "participant_joined bob");
            assertThat(events.get(1).getId()).isEqualTo(events.get(0).getId());
            assertThat(events.get(3).getId()).isEqualTo(events.get(2).getId()).isNotEqualTo(events.get(0).getId());
            assertThat(events.get(4).getId()).isNotEqualTo(events.get(2).getId());
        }
    }

    @Test
    void theJavaApiDoesTheSameAndAResetClearsWhatIsPending() throws Exception {
        try (var lk = new EmulatorFixture(List.of(hookUrl()), false)) {
            lk.emulator.faults().webhooks(2, 0);
            lk.join("r", "ann", ParticipantInfo.Kind.STANDARD);
            lk.emulator.faults().webhooks(5, 5);
            lk.emulator.faults().reset();
            lk.join("r", "bob", ParticipantInfo.Kind.STANDARD);

            var events = awaitEvents(1);
            Thread.sleep(300);

            assertThat(deliveries).hasSize(1);
            assertThat(events.get(0).getParticipant().getIdentity()).isEqualTo("bob");
        }
    }

    @Test
    void roomAndParticipantEventsArriveSignedSoTheSdkAcceptsThem() throws Exception {
        try (var lk = new EmulatorFixture(List.of("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"), false)) {
            lk.join("support-9", "ann", ParticipantInfo.Kind.STANDARD, mic());
            lk.sdk.removeParticipant("support-9", "ann").execute();
            lk.sdk.deleteRoom("support-9").execute();

            var events = awaitEvents(6);

            assertThat(events).extracting(WebhookEvent::getEvent).containsExactly("room_started", "participant_joined",
                    "track_published", "track_unpublished", "participant_left", "room_finished");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.getRoom().getName()).isEqualTo("support-9");
                assertThat(e.getId()).startsWith("EV_");
                assertThat(e.getCreatedAt()).isPositive();
            });
            assertThat(events.get(1).getParticipant().getIdentity()).isEqualTo("ann");
            assertThat(events.get(2).getTrack().getSid()).startsWith("TR_");
            assertThat(deliveries).allSatisfy(d -> {
                assertThat(d.contentType()).isEqualTo("application/webhook+json");
                assertThat(d.authorization()).doesNotStartWith("Bearer");
                assertThat(d.body()).contains("\"createdAt\"").doesNotContain("created_at");
            });
        }
    }

    @Test
    void revokingPublishPermissionUnpublishesTheTracksItNoLongerAllowsAsLiveKitDoes() throws Exception {
        try (var lk = new EmulatorFixture(List.of("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"), false)) {
            lk.join("class-1", "ann", ParticipantInfo.Kind.STANDARD, mic(), camera());
            awaitEvents(4);
            deliveries.clear();

            var onlyCamera = livekit.LivekitModels.ParticipantPermission.newBuilder().setCanSubscribe(true).setCanPublish(true)
                    .addCanPublishSources(livekit.LivekitModels.TrackSource.CAMERA).build();
            var updated = lk.sdk.updateParticipant("class-1", "ann", null, null, onlyCamera).execute().body();
            assertThat(updated.getTracksList()).extracting(t -> t.getSource().name()).containsExactly("CAMERA");

            var silenced = lk.sdk.updateParticipant("class-1", "ann", null, null, onlyCamera.toBuilder().setCanPublish(false).build())
                    .execute().body();
            assertThat(silenced.getTracksList()).isEmpty();
            assertThat(lk.sdk.listRooms().execute().body().get(0).getNumPublishers()).isZero();

            var events = awaitEvents(2);
            assertThat(events).extracting(WebhookEvent::getEvent).containsExactly("track_unpublished", "track_unpublished");
            assertThat(events).extracting(e -> e.getTrack().getSource().name()).containsExactly("MICROPHONE", "CAMERA");
        }
    }

    @Test
    void aDispatchedAgentJoinsAndLeavesWithWebhooks() throws Exception {
        try (var lk = new EmulatorFixture(List.of("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"), false)) {
            var dispatch = lk.dispatch.createDispatch("support-9", "ava").execute().body();
            lk.dispatch.deleteDispatch("support-9", dispatch.getId()).execute();

            var events = awaitEvents(5);

            assertThat(events).extracting(WebhookEvent::getEvent).containsExactly("room_started", "participant_joined",
                    "track_published", "track_unpublished", "participant_left");
            assertThat(events.get(1).getParticipant().getKind()).isEqualTo(ParticipantInfo.Kind.AGENT);
            assertThat(events.get(1).getParticipant().getIdentity()).startsWith("agent-AJ_");
            assertThat(events.get(4).getParticipant().getIdentity()).isEqualTo(events.get(1).getParticipant().getIdentity());
        }
    }

    @Test
    void aChangedBodyIsRejectedByTheReceiver() throws Exception {
        try (var lk = new EmulatorFixture(List.of("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"), false)) {
            lk.join("r", "ann", ParticipantInfo.Kind.STANDARD);
            awaitEvents(2);
            var original = deliveries.get(1);

            assertThatThrownBy(() -> new WebhookReceiver(KEY, SECRET)
                    .receive(original.body().replace("ann", "eve"), original.authorization()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new WebhookReceiver(KEY, "other-secret").receive(original.body(), original.authorization()))
                    .isInstanceOf(Exception.class);
        }
    }

    @Test
    void aDeadReceiverNeverSlowsTheApi() throws Exception {
        int deadPort;
        try (var socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (var lk = new EmulatorFixture(List.of("http://127.0.0.1:" + deadPort + "/hook"), false)) {
            var started = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                lk.join("r", "p" + i, ParticipantInfo.Kind.STANDARD, mic());
            }
            assertThat(lk.sdk.listParticipants("r").execute().body()).hasSize(50);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
