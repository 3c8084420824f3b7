package dev.roomwarden.history;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.google.protobuf.util.JsonFormat;
import dev.roomwarden.FlowTest;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.emulator.TrackSpec;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Room and participant sessions as history builds them from LiveKit's webhooks, however often and in whatever order they come. */
class HistorySessionsFlowTest extends FlowTest {

    @Autowired
    HistorySessions sessions;

    private static final TrackSpec MICROPHONE = new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false);

    /** A support call: an agent and a customer, the agent removed by staff, then the room ended. */
    private String supportCall(String room) {
        emulator.state().addParticipant(room, new ParticipantSpec("agent-" + room, "Agent", ParticipantInfo.Kind.AGENT, "", Map.of(), List.of(MICROPHONE)));
        emulator.state().addParticipant(room, new ParticipantSpec("customer-" + room, "Customer", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of(MICROPHONE)));
        emulator.state().updateRoomMetadata(room, "{\"ticket\":41130}");
        emulator.state().removeParticipant(room, "agent-" + room);
        var sid = emulator.state().room(room).orElseThrow().getSid();
        emulator.state().deleteRoom(room);
        return sid;
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        // The emulator delivers on its own thread; generous, for a loaded machine.
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(done.getAsBoolean()).as(what).isTrue();
    }

    private boolean finished(String sid) {
        return sessions.room(sid).map(session -> session.ended() != null).orElse(false)
                && sessions.participants(sid).stream().allMatch(p -> p.left() != null)
                && sessions.participants(sid).size() == 2;
    }

    @Test
    void theEmulatorsWebhooksMakeOneRoomSessionAndASessionPerParticipantWithItsReason() throws Exception {
        var before = Instant.now().minusSeconds(1);
        var sid = supportCall("sessions-41130");

        await("room and participants ended", () -> finished(sid));

        assertThat(sessions.room(sid)).hasValueSatisfying(room -> {
            assertThat(room.name()).isEqualTo("sessions-41130");
            // LiveKit dates a room's start in milliseconds and an event in seconds.
            assertThat(room.started()).isAfter(before);
            assertThat(room.started().truncatedTo(ChronoUnit.SECONDS)).isBeforeOrEqualTo(room.ended());
            assertThat(room.peakParticipants()).isEqualTo(2);
            assertThat(room.hadAgent()).isTrue();
            assertThat(room.hadSip()).isFalse();
            assertThat(room.metadataAtStart()).isEmpty();
            assertThat(room.metadataAtEnd()).isEqualTo("{\"ticket\":41130}");
        });
        assertThat(sessions.participants(sid)).extracting(p -> p.identity() + " " + p.kind() + " " + p.disconnectReason() + " " + p.tracksPublished())
                .containsExactlyInAnyOrder("agent-sessions-41130 AGENT PARTICIPANT_REMOVED 1", "customer-sessions-41130 STANDARD ROOM_DELETED 1");
        assertThat(sessions.participants(sid)).allSatisfy(p -> {
            assertThat(p.joined().truncatedTo(ChronoUnit.SECONDS)).isBeforeOrEqualTo(p.left());
            assertThat(p.roomSid()).isEqualTo(sid);
        });
    }

    @Test
    void webhooksDeliveredTwiceChangeNoCount() throws Exception {
        emulator.faults().webhooks(0, 5);
        var sid = supportCall("sessions-twice");

        await("room and participants ended", () -> finished(sid));

        assertThat(jdbc.sql("SELECT COUNT(*) FROM room_session WHERE room_sid = ?").param(sid).query(Integer.class).single()).isEqualTo(1);
        assertThat(sessions.room(sid)).hasValueSatisfying(room -> assertThat(room.peakParticipants()).isEqualTo(2));
        assertThat(sessions.participants(sid)).extracting(p -> p.tracksPublished()).containsExactly(1, 1);
    }

    private String event(String type, String id, Instant created, String roomSid, String metadata, ParticipantInfo participant) throws Exception {
        var event = WebhookEvent.newBuilder().setId(id).setEvent(type).setCreatedAt(created.getEpochSecond())
                .setRoom(Room.newBuilder().setName("sessions-late").setSid(roomSid).setMetadata(metadata)
                        .setCreationTime(created.getEpochSecond() - 60));
        if (participant != null) {
            event.setParticipant(participant);
        }
        return JsonFormat.printer().print(event.build());
    }

    @Test
    void eventsOutOfOrderEndAsInOrder() throws Exception {
        var t = Instant.parse("2026-11-30T10:00:00Z");
        var roomSid = "RM_late" + System.nanoTime();
        var caller = ParticipantInfo.newBuilder().setSid("PA_late" + System.nanoTime()).setIdentity("caller-late").setName("Caller")
                .setKind(ParticipantInfo.Kind.SIP).setJoinedAt(t.plusSeconds(10).getEpochSecond());
        var left = caller.clone().setState(ParticipantInfo.State.DISCONNECTED).setDisconnectReason(DisconnectReason.CLIENT_INITIATED).build();
        var ev = "EV_late" + System.nanoTime();

        // room_finished first, then the caller's leave, then its join, then room_started.
        for (var body : List.of(
                event("room_finished", ev + "4", t.plusSeconds(120), roomSid, "end", null),
                event("participant_left", ev + "3", t.plusSeconds(90), roomSid, "middle", left),
                event("participant_joined", ev + "2", t.plusSeconds(10), roomSid, "middle", caller.build()),
                event("room_started", ev + "1", t, roomSid, "start", null))) {
            assertThat(SignedWebhook.post(port, body, API_KEY, API_SECRET).statusCode()).isEqualTo(200);
        }

        assertThat(sessions.room(roomSid)).hasValueSatisfying(room -> {
            assertThat(room.started()).isEqualTo(t.minusSeconds(60));
            assertThat(room.ended()).as("a late leave does not reopen the room").isEqualTo(t.plusSeconds(120));
            assertThat(room.metadataAtStart()).isEqualTo("start");
            assertThat(room.metadataAtEnd()).isEqualTo("end");
            assertThat(room.hadAgent()).isFalse();
            assertThat(room.hadSip()).as("the caller joined over SIP").isTrue();
        });
        assertThat(sessions.participants(roomSid)).singleElement().satisfies(p -> {
            assertThat(p.identity()).isEqualTo("caller-late");
            assertThat(p.kind()).isEqualTo("SIP");
            assertThat(p.joined()).isEqualTo(t.plusSeconds(10));
            assertThat(p.left()).isEqualTo(t.plusSeconds(90));
            assertThat(p.disconnectReason()).isEqualTo("CLIENT_INITIATED");
        });
    }

    @Test
    void thePeakCountsTheParticipantsHistorySawTogetherWhenLiveKitsCountLags() throws Exception {
        // LiveKit updates the room's num_participants apart from its webhooks, so a join may carry an older count.
        var t = Instant.parse("2026-11-30T11:00:00Z");
        var roomSid = "RM_peak" + System.nanoTime();
        var ev = "EV_peak" + System.nanoTime();
        var first = ParticipantInfo.newBuilder().setSid("PA_peak1" + System.nanoTime()).setIdentity("first").setJoinedAt(t.getEpochSecond());
        var second = ParticipantInfo.newBuilder().setSid("PA_peak2" + System.nanoTime()).setIdentity("second").setJoinedAt(t.plusSeconds(5).getEpochSecond());
        var third = ParticipantInfo.newBuilder().setSid("PA_peak3" + System.nanoTime()).setIdentity("third").setJoinedAt(t.plusSeconds(30).getEpochSecond());
        for (var body : List.of(
                event("participant_joined", ev + "1", t, roomSid, "", first.build()),
                event("participant_joined", ev + "2", t.plusSeconds(5), roomSid, "", second.build()),
                event("participant_left", ev + "3", t.plusSeconds(20), roomSid, "", first.clone().setDisconnectReason(DisconnectReason.CLIENT_INITIATED).build()),
                event("participant_joined", ev + "4", t.plusSeconds(30), roomSid, "", third.build()))) {
            assertThat(SignedWebhook.post(port, body, API_KEY, API_SECRET).statusCode()).isEqualTo(200);
        }

        assertThat(sessions.room(roomSid)).hasValueSatisfying(room -> assertThat(room.peakParticipants())
                .as("two were in the room at once; never three").isEqualTo(2));
    }

    @Test
    void trackEventsWhichCarryOnlySidsAndNamesChangeNeitherTheMetadataNorTheKind() throws Exception {
        var t = Instant.parse("2026-11-30T12:00:00Z");
        var roomSid = "RM_track" + System.nanoTime();
        var ev = "EV_track" + System.nanoTime();
        var agent = ParticipantInfo.newBuilder().setSid("PA_track" + System.nanoTime()).setIdentity("agent-track")
                .setKind(ParticipantInfo.Kind.AGENT).setJoinedAt(t.plusSeconds(5).getEpochSecond());
        var bySid = ParticipantInfo.newBuilder().setSid(agent.getSid()).setIdentity(agent.getIdentity());
        // The track event comes first (as when the join's webhook is late), then the join, then a later track event.
        for (var body : List.of(
                event("track_published", ev + "1", t.plusSeconds(6), roomSid, "", bySid.build()),
                event("participant_joined", ev + "2", t.plusSeconds(5), roomSid, "{\"ticket\":41130}", agent.build()),
                event("track_unpublished", ev + "3", t.plusSeconds(50), roomSid, "", bySid.build()))) {
            assertThat(SignedWebhook.post(port, body, API_KEY, API_SECRET).statusCode()).isEqualTo(200);
        }

        assertThat(sessions.room(roomSid)).hasValueSatisfying(room -> {
            assertThat(room.metadataAtEnd()).isEqualTo("{\"ticket\":41130}");
            assertThat(room.hadAgent()).isTrue();
        });
        assertThat(sessions.participants(roomSid)).singleElement().satisfies(p -> assertThat(p.kind()).isEqualTo("AGENT"));
    }
}
