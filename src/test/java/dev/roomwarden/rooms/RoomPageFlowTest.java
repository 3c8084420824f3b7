package dev.roomwarden.rooms;

import java.util.List;
import java.util.Map;

import dev.roomwarden.FlowTest;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitAgentDispatch.CreateAgentDispatchRequest;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The room page from its three LiveKit calls (the room, its participants, its dispatches), made at the same time. */
class RoomPageFlowTest extends FlowTest {

    @BeforeEach
    void aRoomWithAParticipantAnAgentAndADispatch() {
        emulator.state().addParticipant("clinic-4", new ParticipantSpec("patient-12", "Ada", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
        emulator.state().addParticipant("clinic-4", new ParticipantSpec("scribe", "", ParticipantInfo.Kind.AGENT, "", Map.of(), List.of()));
        emulator.state().createDispatch(CreateAgentDispatchRequest.newBuilder().setRoom("clinic-4").setAgentName("note-taker").build());
    }

    @Test
    void thePageShowsTheRoomItsParticipantsAndItsDispatchesAsPageAndAsItsLivePart() {
        var viewer = loggedIn("viewer");
        for (var page : List.of(viewer.get("/rooms/clinic-4"), viewer.getHtmx("/rooms/clinic-4"))) {
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("clinic-4", "RM_", "patient-12", "Ada", "scribe", "Agent dispatches", "note-taker")
                    .doesNotContain("LiveKit problem", "did not list this room", "This room has ended");
        }
    }

    @Test
    void aLiveKitWithoutTheDispatchServiceStillShowsTheRoomAndItsParticipantsWithANote() {
        emulator.faults().agentDispatchMissing(true);

        var page = loggedIn("viewer").get("/rooms/clinic-4");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("clinic-4", "patient-12", "scribe", "LiveKit did not list this room's agent dispatches")
                .doesNotContain("Agent dispatches of the room", "LiveKit problem");
    }

    @Test
    void anEndedRoomIsSaidToHaveEndedWhateverTheOtherCallsAnswer() {
        var page = loggedIn("viewer").get("/rooms/never-was");

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("never-was").doesNotContain("LiveKit problem");
    }
}
