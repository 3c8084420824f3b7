package dev.roomwarden.agents;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.roomwarden.FlowTest;
import dev.roomwarden.emulator.FaultMode;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitAgentDispatch.AgentDispatch;
import livekit.LivekitAgentDispatch.CreateAgentDispatchRequest;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agent dispatch from the room page, over real HTTP through the SDK's AgentDispatchServiceClient to the
 * embedded emulator, whose simulated workers take every named job: the dispatched agent joins the room,
 * and cancelling the dispatch makes it leave (the hand-back to a human).
 */
class AgentDispatchFlowTest extends FlowTest {

    private static final String ROOM = "support-12";
    private static final String ROOM_PAGE = "/rooms/" + ROOM;

    @BeforeEach
    void aSupportChatWithACustomer() {
        emulator.state().addParticipant(ROOM, new ParticipantSpec("customer-1", "Kim", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
    }

    private List<AgentDispatch> dispatches() {
        return emulator.state().dispatches(ROOM, "");
    }

    private List<ParticipantInfo> agentsInRoom() {
        return emulator.state().participants(ROOM).stream().filter(p -> p.getKind() == ParticipantInfo.Kind.AGENT).toList();
    }

    private AgentDispatch dispatchTriage() {
        return emulator.state().createDispatch(CreateAgentDispatchRequest.newBuilder().setRoom(ROOM).setAgentName("triage").build());
    }

    @Test
    void theRoomPageListsItsDispatchesAndOnlyModeratorsGetTheButtons() {
        var triage = dispatchTriage();

        var moderatorPage = loggedIn("moderator", ROOM_PAGE).get("/rooms/" + ROOM).body();
        assertThat(moderatorPage).contains("Agent dispatches", "any unnamed agent (LiveKit's default)", "triage", triage.getId(),
                "agent-AJ_", "running", "Dispatch an agent…", "/rooms/" + ROOM + "/dispatches/" + triage.getId() + "/cancel");

        var viewerPage = loggedIn("viewer", ROOM_PAGE).get("/rooms/" + ROOM).body();
        assertThat(viewerPage).contains("Agent dispatches", "triage", triage.getId())
                .doesNotContain("Dispatch an agent…", "/cancel");
    }

    @Test
    void aModeratorDispatchesAnAgentWhichJoinsTheRoomAndTheDispatchIsRecorded() {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        assertThat(moderator.getHtmx("/rooms/" + ROOM + "/dispatch").body()).contains("<dialog", "name=\"agentName\"", "name=\"_csrf\"");

        var answer = moderator.postHtmx("/rooms/" + ROOM + "/dispatch", Map.of("agentName", " billing-assistant ",
                "metadata", "{\n  \"ticket\": \"T-1042\"\n}", "reason", "customer asked about an invoice"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("Agent “billing-assistant” is dispatched to “support-12”", "billing-assistant",
                "rw-badge-agent", "{&quot;ticket&quot;:&quot;T-1042&quot;}");
        assertThat(agentsInRoom()).singleElement().satisfies(agent -> assertThat(agent.getName()).isEqualTo("billing-assistant"));
        assertThat(dispatches()).extracting(AgentDispatch::getAgentName).containsExactly("", "billing-assistant");
        assertThat(dispatches().get(1).getMetadata()).isEqualTo("{\"ticket\":\"T-1042\"}");
        assertThat(lastAudited()).containsEntry("ACTION", "DISPATCH_AGENT").containsEntry("OUTCOME", "DONE")
                .containsEntry("REASON", "customer asked about an invoice")
                .containsEntry("DETAIL", "agent “billing-assistant”; metadata: {\"ticket\":\"T-1042\"}");
    }

    @Test
    void badInputIsRefusedWithAMessageAndNothingIsDispatched() {
        var moderator = loggedIn("moderator", ROOM_PAGE);

        var noName = moderator.postHtmx("/rooms/" + ROOM + "/dispatch", Map.of("agentName", "  "));
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(noName.body()).contains("The agent name is empty.");

        var badJson = moderator.postHtmx("/rooms/" + ROOM + "/dispatch", Map.of("agentName", "triage", "metadata", "{\"ticket\": }"));
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.body()).contains("not valid JSON (line 1, column");

        assertThat(dispatches()).hasSize(1);
        assertThat(agentsInRoom()).isEmpty();
    }

    @Test
    void cancellingTheDispatchMakesItsAgentLeaveAndIsRecorded() {
        var triage = dispatchTriage();
        assertThat(agentsInRoom()).hasSize(1);
        var moderator = loggedIn("moderator", ROOM_PAGE);
        var path = "/rooms/" + ROOM + "/dispatches/" + triage.getId() + "/cancel";
        assertThat(moderator.getHtmx(path).body()).contains("Cancel the dispatch of agent “triage”?",
                "agent-AJ_", "Keep it", "Cancel dispatch");

        var answer = moderator.postHtmx(path, Map.of("reason", "a human took over"));

        assertThat(answer.body()).contains("The dispatch " + triage.getId() + " is cancelled: its agents leave “support-12”.")
                .doesNotContain("agent-AJ_");
        assertThat(agentsInRoom()).isEmpty();
        assertThat(dispatches()).extracting(AgentDispatch::getId).doesNotContain(triage.getId());
        assertThat(lastAudited()).containsEntry("ACTION", "CANCEL_DISPATCH").containsEntry("OUTCOME", "DONE")
                .containsEntry("DETAIL", "dispatch " + triage.getId() + " (agent “triage”)").containsEntry("REASON", "a human took over");
    }

    @Test
    void aDispatchAlreadyCancelledIsAlreadyGone() {
        var moderator = loggedIn("moderator", ROOM_PAGE);

        var answer = moderator.postHtmx("/rooms/" + ROOM + "/dispatches/AD_missing123456/cancel", Map.of());

        assertThat(answer.body()).contains("The dispatch AD_missing123456 was already gone from “support-12”.");
        assertThat(lastAudited()).containsEntry("ACTION", "CANCEL_DISPATCH").containsEntry("OUTCOME", "ALREADY_GONE");
        assertThat(moderator.postHtmx("/rooms/" + ROOM + "/dispatches/not-a-sid/cancel", Map.of()).statusCode()).isEqualTo(400);
    }

    @Test
    void aRoomThatHasEndedIsNotCreatedAgainByADispatch() {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        emulator.state().deleteRoom(ROOM);

        var answer = moderator.postHtmx("/rooms/" + ROOM + "/dispatch", Map.of("agentName", "triage"));

        assertThat(answer.body()).contains("“support-12” has ended; no agent was dispatched.");
        assertThat(emulator.state().room(ROOM)).isEmpty();
        assertThat(lastAudited()).containsEntry("ACTION", "DISPATCH_AGENT").containsEntry("OUTCOME", "ALREADY_GONE");
    }

    @Test
    void aViewerCannotDispatchOrCancelEvenByAForgedRequest() {
        var triage = dispatchTriage();
        var viewer = loggedIn("viewer", ROOM_PAGE);

        assertThat(viewer.postHtmx("/rooms/" + ROOM + "/dispatch", Map.of("agentName", "rogue")).statusCode()).isEqualTo(403);
        assertThat(viewer.postHtmx("/rooms/" + ROOM + "/dispatches/" + triage.getId() + "/cancel", Map.of()).statusCode()).isEqualTo(403);

        assertThat(dispatches()).extracting(AgentDispatch::getAgentName).containsExactly("", "triage");
        assertThat(lastAudited()).containsEntry("ACTION", "CANCEL_DISPATCH").containsEntry("OUTCOME", "DENIED");
    }

    @Test
    void whenLiveKitFailsTheRoomPageSaysSoAndTheDispatchIsNotReportedAsDone() {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO);

        var answer = moderator.postHtmx("/rooms/" + ROOM + "/dispatch", Map.of("agentName", "triage"));

        emulator.faults().reset();
        assertThat(answer.body()).contains("Agent “triage” was not dispatched. LiveKit at").doesNotContain("is dispatched to");
        assertThat(dispatches()).hasSize(1);
        assertThat(lastAudited()).containsEntry("ACTION", "DISPATCH_AGENT").containsEntry("OUTCOME", "FAILED");
    }
}
