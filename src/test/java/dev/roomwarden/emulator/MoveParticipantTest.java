package dev.roomwarden.emulator;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.livekit.server.DestinationRoomName;
import io.livekit.server.RoomAdmin;
import io.livekit.server.RoomName;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.roomwarden.emulator.EmulatorFixture.mic;
import static org.assertj.core.api.Assertions.assertThat;

/** RoomService.MoveParticipant as livekit-server answers it, and as LiveKit Cloud moves, through the official SDK. */
class MoveParticipantTest {

    private static final EmulatorFixture lk = new EmulatorFixture();
    private final List<WebhookEvent> events = new CopyOnWriteArrayList<>();

    @AfterAll
    static void stop() {
        lk.close();
    }

    @BeforeEach
    void empty() {
        lk.state().clear();
        lk.emulator.moves().reset();
        lk.state().onEvent(event -> events.add(event.build()));
    }

    @AfterEach
    void forgetEvents() {
        lk.state().onEvent(event -> { });
    }

    @Test
    void theOpenSourceServerAnswersNotImplementedForAConnectedParticipant() throws IOException {
        lk.join("agent-room", "ann", ParticipantInfo.Kind.STANDARD, mic());
        lk.state().createRoom(livekit.LivekitRoom.CreateRoomRequest.newBuilder().setName("staffed").build());

        var answer = lk.sdk.moveParticipant("agent-room", "ann", "staffed").execute();

        assertThat(answer.code()).isEqualTo(500);
        assertThat(answer.errorBody().string()).isEqualTo("{\"code\":\"unknown\",\"msg\":\"twirp error unknown: not implemented\"}");
        assertThat(lk.state().participant("agent-room", "ann")).isPresent();
        assertThat(lk.state().participants("staffed")).isEmpty();
    }

    @Test
    void theTokenNeedsRoomAdminForTheSourceAndDestinationRoomForTheDestination() {
        lk.join("a", "ann", ParticipantInfo.Kind.STANDARD);
        var body = "{\"room\":\"a\",\"identity\":\"ann\",\"destination_room\":\"b\"}";
        var denied = "{\"code\":\"unauthenticated\",\"msg\":\"permissions denied\"}";

        var withoutDestination = lk.json("MoveParticipant", body, EmulatorFixture.adminToken("a"));
        var otherDestination = lk.json("MoveParticipant", body,
                EmulatorFixture.token(new RoomAdmin(true), new RoomName("a"), new DestinationRoomName("c")));
        var adminOfTheDestinationOnly = lk.json("MoveParticipant", body,
                EmulatorFixture.token(new RoomAdmin(true), new RoomName("b"), new DestinationRoomName("b")));

        for (var answer : List.of(withoutDestination, otherDestination, adminOfTheDestinationOnly)) {
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.body()).isEqualTo(denied);
        }
        var granted = lk.json("MoveParticipant", body,
                EmulatorFixture.token(new RoomAdmin(true), new RoomName("a"), new DestinationRoomName("b")));
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(500);
    }

    @Test
    void theSameRoomIsRefusedBeforeAnythingElseAndAnUnknownParticipantGetsNoResponse() throws IOException {
        lk.join("a", "ann", ParticipantInfo.Kind.STANDARD);

        var same = lk.sdk.moveParticipant("a", "ann", "a").execute();
        assertThat(same.code()).isEqualTo(400);
        assertThat(same.errorBody().string())
                .isEqualTo("{\"code\":\"invalid_argument\",\"msg\":\"destination room cannot be the same as source room \"}");

        var started = System.nanoTime();
        var ghost = lk.sdk.moveParticipant("a", "ghost", "b").execute();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(EmulatorFixture.DEADLINE);
        assertThat(ghost.code()).isEqualTo(503);
        assertThat(ghost.errorBody().string()).contains("no response from servers");
    }

    @Test
    void asLiveKitCloudTheParticipantLeavesOneRoomAndJoinsTheOtherWithANewSid() throws IOException {
        lk.emulator.moves().cloud(true);
        var before = lk.join("agent-room", "ann", ParticipantInfo.Kind.STANDARD, mic());
        lk.join("staffed", "bob", ParticipantInfo.Kind.STANDARD);
        events.clear();

        var answer = lk.sdk.moveParticipant("agent-room", "ann", "staffed").execute();

        assertThat(answer.isSuccessful()).as("%s", answer.code()).isTrue();
        assertThat(lk.state().participant("agent-room", "ann")).isEmpty();
        var after = lk.state().participant("staffed", "ann").orElseThrow();
        assertThat(after.getSid()).startsWith("PA_").isNotEqualTo(before.getSid());
        assertThat(after.getTracksList()).hasSize(1);
        assertThat(events).extracting(e -> e.getEvent() + " " + e.getRoom().getName())
                .containsExactly("track_unpublished agent-room", "participant_left agent-room",
                        "participant_joined staffed", "track_published staffed");
        assertThat(events.get(1).getParticipant().getSid()).isEqualTo(before.getSid());
        assertThat(events.get(1).getParticipant().getDisconnectReason()).isEqualTo(DisconnectReason.UNKNOWN_REASON);
        assertThat(events.get(2).getParticipant().getSid()).isEqualTo(after.getSid());
    }

    @Test
    void asLiveKitCloudAgentsEgressAndOldClientsAreRefused() throws IOException {
        lk.emulator.moves().cloud(true);
        lk.emulator.moves().oldClients(java.util.Set.of("old"));
        lk.join("a", "agent-1", ParticipantInfo.Kind.AGENT);
        lk.join("a", "EG_1", ParticipantInfo.Kind.EGRESS);
        lk.join("a", "old", ParticipantInfo.Kind.STANDARD);

        var agent = lk.sdk.moveParticipant("a", "agent-1", "b").execute();
        assertThat(agent.code()).isEqualTo(412);
        assertThat(agent.errorBody().string()).isEqualTo("{\"code\":\"failed_precondition\",\"msg\":"
                + "\"twirp error unknown: AGENT participants cannot be moved, one-shot signaling mode: false\"}");
        assertThat(lk.sdk.moveParticipant("a", "EG_1", "b").execute().errorBody().string())
                .contains("EGRESS participants cannot be moved");
        var old = lk.sdk.moveParticipant("a", "old", "b").execute();
        assertThat(old.code()).isEqualTo(412);
        assertThat(old.errorBody().string()).contains("participant client version does not support moving");
        assertThat(lk.state().participants("a")).hasSize(3);
    }

    @Test
    void theControlApiSwitchesBetweenTheOpenSourceServerAndCloud() throws IOException {
        lk.join("a", "ann", ParticipantInfo.Kind.STANDARD);
        var token = EmulatorFixture.adminToken("*");

        var cloud = lk.control("POST", "/emulator/moves", "{\"mode\":\"cloud\"}", token);
        assertThat(cloud.statusCode()).isEqualTo(200);
        assertThat(lk.sdk.moveParticipant("a", "ann", "b").execute().isSuccessful()).isTrue();

        assertThat(lk.control("POST", "/emulator/moves", "{\"mode\":\"not-implemented\"}", token).statusCode()).isEqualTo(200);
        assertThat(lk.sdk.moveParticipant("b", "ann", "a").execute().code()).isEqualTo(500);
        assertThat(lk.control("POST", "/emulator/moves", "{\"mode\":\"sideways\"}", token).statusCode()).isEqualTo(400);
    }
}
