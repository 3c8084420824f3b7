package dev.roomwarden.participants;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.roomwarden.FlowTest;
import dev.roomwarden.StaffBrowser;
import dev.roomwarden.emulator.FaultMode;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.emulator.RpcAnswer;
import livekit.LivekitAgentDispatch.CreateAgentDispatchRequest;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Handing an agent over to a human, over real HTTP, through the SDK's client to the embedded emulator: the
 * agent asked by RPC, then gone by itself or removed, the dialog's progress, and one audit record.
 */
class HandOverFlowTest extends FlowTest {

    private static final String ROOM = "support-31";
    private static final String METHOD = "roomwarden.hand-over";
    private static final Pattern STATUS = Pattern.compile("/rooms/support-31/hand-overs/([0-9a-f-]{36})");

    private String agentInTheRoom() {
        emulator.state().addParticipant(ROOM, new ParticipantSpec("customer-1", "Kim", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
        var agent = emulator.state().addParticipant(ROOM, new ParticipantSpec("agent-ava", "Ava", ParticipantInfo.Kind.AGENT, "", Map.of(), List.of()));
        return agent.getSid();
    }

    @org.junit.jupiter.api.BeforeEach
    void noHandOverOfAnEarlierTestRunsStill() {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT COUNT(*) FROM hand_over WHERE state = 'RUNNING' AND updated_at > ?")
                .param(java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(60))).query(Long.class).single() == 0);
    }

    /** Starts the hand-over from the dialog and answers what the dialog shows once it is done. */
    private String handOver(StaffBrowser moderator, String identity, Map<String, String> fields) {
        var started = moderator.postHtmx("/rooms/" + ROOM + "/participants/" + identity + "/hand-over", fields);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        var matcher = STATUS.matcher(started.body());
        assertThat(matcher.find()).as("the dialog polls the hand-over: " + started.body()).isTrue();
        var status = matcher.group() + "?part=progress";
        var shown = new String[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            shown[0] = moderator.getHtmx(status).body();
            return !shown[0].contains("hx-get");
        });
        return shown[0];
    }

    private boolean inTheRoom(String identity) {
        return emulator.state().participant(ROOM, identity).isPresent();
    }

    @Test
    void aCooperativeAgentIsToldWhoTakesOverAndLeavesByItself() throws Exception {
        var sid = agentInTheRoom();
        emulator.state().implementRpc(ROOM, "agent-ava", METHOD, RpcAnswer.payload("{\"ok\":true}").after(Duration.ofMillis(100))
                .thenLeave(Duration.ofMillis(800)));
        var moderator = loggedIn("moderator", "/rooms/" + ROOM);
        assertThat(moderator.get("/rooms/" + ROOM).body()).contains(">Hand over…</a>", ">Hand over to a human…</a>");
        var dialog = moderator.getHtmx("/rooms/" + ROOM + "/participants/agent-ava/hand-over?sid=" + sid).body();
        assertThat(dialog).contains("<dialog", "Hand over “", "agent-ava", "name=\"message\"", "name=\"_csrf\"", METHOD);

        var shown = handOver(moderator, "agent-ava", Map.of("message", "A colleague is joining now.", "reason", "customer asked"));

        assertThat(shown).contains("Your message “A colleague is joining now.” was sent to the room.", "“agent-ava” left by itself.");
        assertThat(inTheRoom("agent-ava")).isFalse();
        assertThat(inTheRoom("customer-1")).as("the rest of the room stays").isTrue();
        var sent = emulator.state().sentData().get(emulator.state().sentData().size() - 1);
        assertThat(sent.getTopic()).isEqualTo("lk-chat-topic");
        assertThat(JsonMapper.builder().build().readTree(sent.getData().toStringUtf8()).path("message").asString())
                .isEqualTo("A colleague is joining now.");
        var request = emulator.state().rpcRequests().get(0);
        var payload = JsonMapper.builder().build().readTree(request.payload());
        assertThat(payload.path("reason").asString()).isEqualTo("customer asked");
        assertThat(payload.path("room").asString()).isEqualTo(ROOM);
        assertThat(payload.path("staff").asString()).isNotEmpty();
        assertThat(request.responseTimeoutMs()).as("under 3 s: LiveKit would send it again").isLessThan(3_000);
        var records = audited("action = 'HAND_OVER_AGENT'");
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("OUTCOME", "DONE").containsEntry("PARTICIPANT", "agent-ava").containsEntry("REASON", "customer asked")
                    .containsEntry("USERNAME", "moderator").containsEntry("CLIENT_ADDRESS", "127.0.0.1");
            assertThat((String) r.get("DETAIL")).startsWith("left by itself; RPC answered: {\"ok\":true}").contains("message sent");
        });
        assertThat(audited("action = 'REMOVE_PARTICIPANT'")).isEmpty();
    }

    @Test
    void anAgentWithoutTheMethodIsRemovedWithTheReason() {
        agentInTheRoom();
        var moderator = loggedIn("moderator", "/rooms/" + ROOM);

        var shown = handOver(moderator, "agent-ava", Map.of());

        assertThat(shown).contains("“agent-ava” was removed: it does not implement " + METHOD
                + " (RPC error 1400: Method not supported at destination).");
        assertThat(inTheRoom("agent-ava")).isFalse();
        assertThat(lastAudited()).containsEntry("ACTION", "HAND_OVER_AGENT").containsEntry("OUTCOME", "DONE");
        assertThat((String) lastAudited().get("DETAIL")).startsWith("removed after it does not implement " + METHOD)
                .contains("RPC error 1400: Method not supported at destination");
    }

    @Test
    void anAgentThatAnswersButStaysIsRemovedAfterTheWait() {
        agentInTheRoom();
        emulator.state().implementRpc(ROOM, "agent-ava", METHOD, RpcAnswer.payload("sure"));
        var moderator = loggedIn("moderator", "/rooms/" + ROOM);
        var started = System.nanoTime();

        var shown = handOver(moderator, "agent-ava", Map.of());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(shown).contains("“agent-ava” was removed: it answered but was still in the room after 10 s.");
        assertThat(inTheRoom("agent-ava")).isFalse();
        assertThat((String) lastAudited().get("DETAIL")).isEqualTo("removed after it answered but was still in the room after 10 s; "
                + "RPC answered: sure");
    }

    @Test
    void anAgentThatNeverAnswersIsRemovedAfterTheResponseTimeout() {
        agentInTheRoom();
        emulator.state().implementRpc(ROOM, "agent-ava", METHOD, RpcAnswer.never());
        var moderator = loggedIn("moderator", "/rooms/" + ROOM);

        var shown = handOver(moderator, "agent-ava", Map.of());

        assertThat(shown).contains("“agent-ava” was removed: it did not answer within 2.5 s (RPC error 1502: Response timeout).");
        assertThat(inTheRoom("agent-ava")).isFalse();
    }

    @Test
    void anAgentFromADispatchCanHaveItsDispatchCancelledToo() {
        var dispatch = emulator.state().createDispatch(CreateAgentDispatchRequest.newBuilder().setRoom(ROOM).setAgentName("ava").build());
        var identity = emulator.state().dispatches(ROOM, dispatch.getId()).get(0).getState().getJobs(0).getState().getParticipantIdentity();
        var moderator = loggedIn("moderator", "/rooms/" + ROOM);
        assertThat(moderator.getHtmx("/rooms/" + ROOM + "/participants/" + identity + "/hand-over").body())
                .contains("name=\"cancelDispatch\"", dispatch.getId());

        var shown = handOver(moderator, identity, Map.of("cancelDispatch", "true"));

        assertThat(shown).contains("was removed", "Its dispatch " + dispatch.getId() + " is cancelled, so it is not sent again.");
        assertThat(emulator.state().dispatches(ROOM, "")).noneMatch(d -> d.getId().equals(dispatch.getId()));
        assertThat((String) lastAudited().get("DETAIL")).contains("dispatch " + dispatch.getId() + " cancelled");
    }

    @Test
    void liveKitFailingMidWayIsReportedAndAudited() {
        agentInTheRoom();
        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO, "RemoveParticipant");
        var moderator = loggedIn("moderator", "/rooms/" + ROOM);

        var shown = handOver(moderator, "agent-ava", Map.of());

        assertThat(shown).contains("The hand-over stopped:", "says it is unavailable right now", "the agent may still be there");
        assertThat(inTheRoom("agent-ava")).isTrue();
        assertThat(lastAudited()).containsEntry("ACTION", "HAND_OVER_AGENT").containsEntry("OUTCOME", "FAILED");
        assertThat((String) lastAudited().get("DETAIL")).contains("RPC error 1400", "UNAVAILABLE");
    }

    @Test
    void onlyAnAgentCanBeHandedOverAndAViewerCannotAtAll() {
        agentInTheRoom();
        var moderator = loggedIn("moderator", "/rooms/" + ROOM);
        var refused = moderator.postHtmx("/rooms/" + ROOM + "/participants/customer-1/hand-over", Map.of());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Only an agent can be handed over to a human");
        assertThat(inTheRoom("customer-1")).isTrue();

        var viewer = loggedIn("viewer", "/rooms/" + ROOM);
        assertThat(viewer.get("/rooms/" + ROOM).body()).doesNotContain("Hand over");
        assertThat(viewer.postHtmx("/rooms/" + ROOM + "/participants/agent-ava/hand-over", Map.of()).statusCode()).isEqualTo(403);
        assertThat(lastAudited()).containsEntry("ACTION", "HAND_OVER_AGENT").containsEntry("OUTCOME", "DENIED");
        assertThat(inTheRoom("agent-ava")).isTrue();
        assertThat(emulator.state().rpcRequests()).isEmpty();
    }

    @Test
    void aHandOverWhoseInstanceStoppedMidWayIsSaidToHaveStopped() {
        var id = "0b8f7c3e-1111-4222-8333-444455556666";
        var longAgo = java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofMinutes(10)));
        jdbc.sql("INSERT INTO hand_over (id, room, participant, username, state, progress, started_at, updated_at) "
                + "VALUES (?, ?, 'agent-ava', 'moderator', 'RUNNING', 'Asking “agent-ava” to hand over…', ?, ?)")
                .params(id, ROOM, longAgo, longAgo).update();
        var moderator = loggedIn("moderator", "/rooms/" + ROOM);

        var shown = moderator.getHtmx("/rooms/" + ROOM + "/hand-overs/" + id + "?part=progress").body();

        assertThat(shown).contains("Roomwarden stopped before this hand-over finished").doesNotContain("hx-get");
    }
}
