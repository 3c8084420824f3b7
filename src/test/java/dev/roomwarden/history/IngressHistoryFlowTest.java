package dev.roomwarden.history;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import dev.roomwarden.FlowTest;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.emulator.TrackSpec;
import dev.roomwarden.livekit.LiveKitGateway;
import livekit.LivekitIngress.IngressInput;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LiveKit's ingress webhooks name the room without its sid (livekit pkg/service/ioservice_ingress.go): history
 * places them on the session the ingress published into, by the sid in the ingress's state.
 */
class IngressHistoryFlowTest extends FlowTest {

    private static final TrackSpec MICROPHONE = new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false);

    @Autowired
    LiveKitGateway gateway;

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        // The emulator delivers on its own thread; generous, for a loaded machine.
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(done.getAsBoolean()).as(what).isTrue();
    }

    private long events(String sid, String type) {
        return jdbc.sql("SELECT COUNT(*) FROM history_event WHERE room_sid = ? AND event_type = ?").param(sid).param(type)
                .query(Long.class).single();
    }

    @Test
    void aStreamInAndOutOfTheRoomIsOnTheTimelineOfTheSessionItPublishedInto() throws Exception {
        var room = "townhall-" + UUID.randomUUID().toString().substring(0, 8);
        emulator.state().addParticipant(room, new ParticipantSpec("host", "Host", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of(MICROPHONE)));
        var earlier = emulator.state().room(room).orElseThrow().getSid();
        emulator.state().deleteRoom(room);
        emulator.state().addParticipant(room, new ParticipantSpec("host", "Host", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of(MICROPHONE)));
        var sid = emulator.state().room(room).orElseThrow().getSid();
        var ingress = gateway.createIngress(IngressInput.RTMP_INPUT, "Stage feed", room, "stage", "Stage", null, null);

        emulator.state().startIngress(ingress.getIngressId());
        emulator.state().stopIngress(ingress.getIngressId(), "");

        await("both ingress events on the session", () -> events(sid, "ingress_started") == 1 && events(sid, "ingress_ended") == 1);
        var page = loggedIn("moderator").get("/history/" + sid).body();
        assertThat(page).contains("Ingress “Stage feed” (RTMP_INPUT) started, status publishing",
                "Ingress “Stage feed” (RTMP_INPUT) ended, status inactive");
        assertThat(page).doesNotContain(ingress.getStreamKey());
        assertThat(loggedIn("moderator").get("/history/" + earlier).body()).doesNotContain("Stage feed");
    }
}
