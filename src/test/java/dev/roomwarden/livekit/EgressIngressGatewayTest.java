package dev.roomwarden.livekit;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.roomwarden.emulator.EmulatorSettings;
import dev.roomwarden.emulator.Egresses;
import dev.roomwarden.emulator.LiveKitEmulator;
import dev.roomwarden.emulator.ParticipantSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitIngress.IngressInput;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Recording (Egress) and streaming in (Ingress) through the gateway, the real SDK and the emulator over HTTP. */
class EgressIngressGatewayTest {

    private static final LiveKitProperties TIMEOUTS = new LiveKitProperties(null, null, null,
            Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ZERO, Duration.ZERO, Duration.ofMillis(100));

    private static LiveKitEmulator emulator;
    private static LiveKitGateway gateway;

    @BeforeAll
    static void start() {
        emulator = LiveKitEmulator.start(new EmulatorSettings("127.0.0.1", 0, "gw-key", "gw-secret", List.of()));
        emulator.egresses().timings(new Egresses.Timings(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(200)));
        var connection = new LiveKitConnection(emulator.url(), "gw-key", "gw-secret", false);
        gateway = new LiveKitGateway(new LiveKitTransport(connection, TIMEOUTS, new SimpleMeterRegistry()), TIMEOUTS,
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.faults().reset();
        emulator.state().clear();
        emulator.egresses().clear();
        gateway.forget();
        emulator.state().addParticipant("support-1", new ParticipantSpec("customer-1", "Customer", ParticipantInfo.Kind.STANDARD,
                "", Map.of(), List.of()));
    }

    @Test
    void aWebhookAboutTheRoomMakesItsRecordingsBeAskedForAgain() {
        var cached = new LiveKitProperties(null, null, null, Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMinutes(1),
                Duration.ZERO, Duration.ofMillis(100));
        var caching = new LiveKitGateway(new LiveKitTransport(new LiveKitConnection(emulator.url(), "gw-key", "gw-secret", false),
                cached, new SimpleMeterRegistry()), cached, Clock.systemUTC());
        assertThat(caching.listEgress("support-1", true)).isEmpty();
        var started = gateway.startRoomRecording("support-1", "recordings/{room_name}-{time}", "grid", false).orElseThrow();
        assertThat(caching.listEgress("support-1", true)).as("one answer serves every page within the cache time").isEmpty();

        // What LiveUpdates does with a webhook (egress_started names the room) before it re-renders the room's pages.
        caching.changed("support-1");

        assertThat(caching.listEgress("support-1", true)).extracting(e -> e.getEgressId()).containsExactly(started.getEgressId());
    }

    @Test
    void aRoomRecordingStartsIsListedAndStops() {
        var started = gateway.startRoomRecording("support-1", "recordings/{room_name}-{time}.mp4", "grid", false).orElseThrow();
        assertThat(started.getStatus()).isEqualTo(EgressStatus.EGRESS_STARTING);
        assertThat(started.getRoomName()).isEqualTo("support-1");

        assertThat(gateway.listEgress("support-1", true)).extracting(e -> e.getEgressId()).containsExactly(started.getEgressId());
        assertThat(gateway.listEgress("class-2", false)).isEmpty();
        assertThat(gateway.lookUpEgress(started.getEgressId())).isPresent();

        var stopped = gateway.stopEgress(started.getEgressId());
        assertThat(stopped.getStatus()).isIn(EgressStatus.EGRESS_ENDING, EgressStatus.EGRESS_ABORTED);
        assertThat(gateway.lookUpEgress("EG_unknown00000")).isEmpty();
    }

    @Test
    void aRecordingOfARoomOrParticipantThatIsGoneIsEmpty() {
        assertThat(gateway.startRoomRecording("no-such-room", "x.mp4", "grid", false)).isEmpty();
        assertThat(gateway.startParticipantRecording("support-1", "nobody", "x.mp4")).isEmpty();
        assertThat(gateway.startParticipantRecording("support-1", "customer-1", "x.mp4")).hasValueSatisfying(
                egress -> assertThat(egress.getParticipant().getIdentity()).isEqualTo("customer-1"));
    }

    @Test
    void stoppingAnEndedRecordingIsRefusedAsInvalid() throws InterruptedException {
        var started = gateway.startRoomRecording("support-1", "x.mp4", "speaker", true).orElseThrow();
        gateway.stopEgress(started.getEgressId());
        assertThatThrownBy(() -> gateway.stopEgress(started.getEgressId()))
                .isInstanceOfSatisfying(LiveKitException.class, e -> assertThat(e.failure()).isEqualTo(LiveKitFailure.INVALID_REQUEST));
    }

    @Test
    void withoutAnEgressWorkerRecordingIsNotAvailableAndRoomsStillAnswer() {
        emulator.faults().egressWorker(false);
        assertThatThrownBy(() -> gateway.startRoomRecording("support-1", "x.mp4", "grid", false))
                .isInstanceOfSatisfying(LiveKitException.class, e -> {
                    assertThat(e.failure()).isEqualTo(LiveKitFailure.NOT_AVAILABLE);
                    assertThat(e.explanation()).startsWith("Recording is not available on this LiveKit server")
                            .contains("no Egress worker accepted the request");
                });
        assertThat(gateway.failing()).isNull();
        assertThat(gateway.listRooms()).extracting(r -> r.getName()).containsExactly("support-1");
    }

    @Test
    void withoutRedisRecordingAndIngressAreNotAvailableAndRoomsStillAnswer() {
        emulator.faults().withoutRedis(true);
        assertThatThrownBy(() -> gateway.listEgress(null, false))
                .isInstanceOfSatisfying(LiveKitException.class, e -> assertThat(e.explanation())
                        .isEqualTo("Recording is not available on this LiveKit server (" + gateway.connection().displayHost()
                                + "): it has no Egress service connected (LiveKit needs Redis for it)."));
        assertThatThrownBy(() -> gateway.listIngress())
                .isInstanceOfSatisfying(LiveKitException.class, e -> assertThat(e.failure()).isEqualTo(LiveKitFailure.NOT_AVAILABLE));
        assertThatThrownBy(() -> gateway.createIngress(IngressInput.RTMP_INPUT, "town hall", "support-1", "stage", "Stage",
                null, null)).isInstanceOfSatisfying(LiveKitException.class, e -> assertThat(e.explanation())
                        .startsWith("Streaming in (ingress) is not available on this LiveKit server"));
        assertThat(gateway.failing()).isNull();
        assertThat(gateway.listRooms()).hasSize(1);
    }

    @Test
    void anIngressIsCreatedListedWithItsStreamKeyAndDeleted() {
        var created = gateway.createIngress(IngressInput.RTMP_INPUT, "town hall", "support-1", "stage", "Stage", null, null);
        assertThat(created.getStreamKey()).isNotEmpty();
        assertThat(gateway.listIngress()).extracting(i -> i.getIngressId()).containsExactly(created.getIngressId());
        assertThat(gateway.lookUpIngress(created.getIngressId())).hasValueSatisfying(
                i -> assertThat(i.getStreamKey()).isEqualTo(created.getStreamKey()));

        assertThat(gateway.deleteIngress(created.getIngressId())).isPresent();
        assertThat(gateway.listIngress()).isEmpty();
        assertThat(gateway.deleteIngress(created.getIngressId())).isEmpty();
        assertThat(gateway.lookUpIngress(created.getIngressId())).isEmpty();
    }
}
