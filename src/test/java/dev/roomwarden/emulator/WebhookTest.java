package dev.roomwarden.emulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.livekit.server.WebhookReceiver;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.roomwarden.emulator.EmulatorFixture.KEY;
import static dev.roomwarden.emulator.EmulatorFixture.SECRET;
import static dev.roomwarden.emulator.EmulatorFixture.camera;
import static dev.roomwarden.emulator.EmulatorFixture.mic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Webhooks as livekit-server sends them, checked with the SDK's own WebhookReceiver. */
class WebhookTest {

    private record Delivery(String contentType, String authorization, String body) {
    }

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            exchange.sendResponseHeaders(200, -1);
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
