package dev.roomwarden.history;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.google.protobuf.util.JsonFormat;
import dev.roomwarden.FlowTest;
import dev.roomwarden.display.Paths;
import dev.roomwarden.emulator.FaultMode;
import dev.roomwarden.emulator.ParticipantSpec;
import io.micrometer.core.instrument.MeterRegistry;
import livekit.LivekitAgent.Job;
import livekit.LivekitAgent.JobStatus;
import livekit.LivekitAgentDispatch.AgentDispatch;
import livekit.LivekitAgentDispatch.CreateAgentDispatchRequest;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What polling sees that no webhook said, kept as history events of source polling (webhook drift), and the agent
 * dispatches and jobs that the open-source LiveKit sends no webhook for, against the emulator over real HTTP.
 */
class HistoryPollingFlowTest extends FlowTest {

    private static final Duration NOW = Duration.ZERO;

    @Autowired
    HistoryReconciler reconciler;

    @Autowired
    HistorySessions sessions;

    @Autowired
    HistoryRecorder recorder;

    @Autowired
    MeterRegistry meters;

    @Test
    void aDroppedJoinShowsUpAsObservedByPollingOnce() throws Exception {
        var sid = startedRoom("poll-join-41130");
        emulator.faults().webhooks(1, 0);
        var customer = emulator.state().addParticipant("poll-join-41130", person("customer-41130"));
        assertThat(events(sid, "participant_joined")).as("the join's webhook was dropped").isEmpty();
        var drift = drift("participant_joined");

        var round = reconciler.reconcile(NOW);

        assertThat(round.skipped()).isFalse();
        assertThat(events(sid, "participant_joined")).containsExactly("RW_POLL_participant_joined_" + customer.getSid() + " polling");
        assertThat(sessions.participants(sid)).extracting(p -> p.identity() + " " + p.left())
                .containsExactly("customer-41130 null");
        assertThat(drift("participant_joined")).isEqualTo(drift + 1);

        reconciler.reconcile(NOW);

        assertThat(events(sid, "participant_joined")).hasSize(1);
        assertThat(drift("participant_joined")).isEqualTo(drift + 1);
    }

    /** Keep-out enforcement hooks where webhooks and polling both end: a join only polling saw is enforced too. */
    @Test
    void aKeptOutIdentityWhoseJoinOnlyPollingSawIsRemovedAgain() throws Exception {
        var sid = startedRoom("poll-keep-out-41130");
        emulator.state().addParticipant("poll-keep-out-41130", person("ko-poll-41130"));
        await("the join kept", () -> sessions.participants(sid).size() == 1);
        try {
            var moderator = loggedIn("moderator", "/rooms/poll-keep-out-41130");
            assertThat(moderator.postHtmx("/rooms/poll-keep-out-41130/participants/ko-poll-41130/remove",
                    Map.of("keepOut", "1h", "keepOutOf", "room")).body()).contains("Roomwarden keeps them out of");
            await("the removal kept", () -> sessions.participants(sid).stream().allMatch(p -> p.left() != null));
            emulator.faults().webhooks(1, 0);
            var again = emulator.state().addParticipant("poll-keep-out-41130", person("ko-poll-41130"));
            assertThat(events(sid, "participant_joined")).as("the rejoin's webhook was dropped").hasSize(1);

            reconciler.reconcile(NOW);

            await("removed again", () -> emulator.state().participant("poll-keep-out-41130", "ko-poll-41130").isEmpty());
            await("the removal recorded", () -> audited("action = 'REMOVE_KEPT_OUT' AND outcome <> 'PENDING'").size() == 1);
            assertThat(audited("action = 'REMOVE_KEPT_OUT'")).singleElement().satisfies(r -> {
                assertThat(r).containsEntry("PARTICIPANT_SID", again.getSid()).containsEntry("OUTCOME", "DONE");
                assertThat((String) r.get("DETAIL")).endsWith("(seen by polling)");
            });
        } finally {
            jdbc.sql("DELETE FROM keep_out WHERE participant = 'ko-poll-41130'").update();
        }
    }

    @Test
    void aRoomDeletedWithItsWebhooksDroppedEndsAsObservedByPolling() throws Exception {
        var sid = startedRoom("poll-gone-41130");
        var customer = emulator.state().addParticipant("poll-gone-41130", person("customer-41131"));
        await("the join kept", () -> sessions.participants(sid).size() == 1);
        // participant_left, then room_finished.
        emulator.faults().webhooks(2, 0);
        emulator.state().deleteRoom("poll-gone-41130");
        var drift = drift("room_finished");

        reconciler.reconcile(NOW);

        assertThat(events(sid, "room_finished")).containsExactly("RW_POLL_room_finished_" + sid + " polling");
        assertThat(events(sid, "participant_left")).containsExactly("RW_POLL_participant_left_" + customer.getSid() + " polling");
        assertThat(sessions.room(sid)).hasValueSatisfying(room -> assertThat(room.ended()).isNotNull());
        assertThat(sessions.participants(sid)).extracting(p -> p.identity() + " " + p.disconnectReason())
                .containsExactly("customer-41131 UNKNOWN_REASON");
        // Rooms other tests left open in the shared database end too: at least this one is counted.
        assertThat(drift("room_finished")).isGreaterThanOrEqualTo(drift + 1);

        var again = reconciler.reconcile(NOW);

        assertThat(again.made()).isEmpty();
        assertThat(events(sid, "room_finished")).hasSize(1);
    }

    @Test
    void aParticipantWhoseWebhookArrivedIsNeverMadeUpAndOneYoungerThanTheGraceIsNotJudgedYet() throws Exception {
        var sid = startedRoom("poll-fine-41130");
        emulator.state().addParticipant("poll-fine-41130", person("customer-41132"));
        await("the join kept", () -> sessions.participants(sid).size() == 1);
        emulator.faults().webhooks(1, 0);
        var late = emulator.state().addParticipant("poll-fine-41130", person("customer-41133"));
        var drift = drift("participant_joined");

        var round = reconciler.reconcile(Duration.ofMinutes(5));

        assertThat(round.made()).doesNotContainKey("participant_joined");
        assertThat(events(sid, "participant_joined")).containsExactly(webhookJoinOf(sid) + " webhook");
        assertThat(drift("participant_joined")).isEqualTo(drift);

        reconciler.reconcile(NOW);

        assertThat(events(sid, "participant_joined")).containsExactlyInAnyOrder(webhookJoinOf(sid) + " webhook",
                "RW_POLL_participant_joined_" + late.getSid() + " polling");
        assertThat(drift("participant_joined")).isEqualTo(drift + 1);
    }

    @Test
    void aRoomGoneForLessThanTheGraceIsNotEndedYet() throws Exception {
        var sid = startedRoom("poll-soon-41130");
        emulator.faults().webhooks(1, 0);
        emulator.state().deleteRoom("poll-soon-41130");

        reconciler.reconcile(Duration.ofMinutes(5));

        assertThat(sessions.room(sid)).hasValueSatisfying(room -> assertThat(room.ended()).isNull());
        assertThat(events(sid, "room_finished")).isEmpty();
    }

    @Test
    void whenLiveKitDoesNotAnswerTheRoundIsSkippedAndNothingIsRecorded() throws Exception {
        var sid = startedRoom("poll-down-41130");
        emulator.faults().webhooks(1, 0);
        emulator.state().addParticipant("poll-down-41130", person("customer-41134"));
        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO);
        var skipped = meters.get("roomwarden.history.reconcile").tag("result", "skipped").counter().count();

        var round = reconciler.reconcile(NOW);

        assertThat(round.skipped()).isTrue();
        assertThat(round.made()).isEmpty();
        assertThat(events(sid, "participant_joined")).isEmpty();
        assertThat(sessions.room(sid)).hasValueSatisfying(room -> assertThat(room.ended()).as("not taken as gone").isNull());
        assertThat(meters.get("roomwarden.history.reconcile").tag("result", "skipped").counter().count()).isEqualTo(skipped + 1);
        // The breaker is open now: the next round is refused at once, and skipped the same way.
        assertThat(reconciler.reconcile(NOW).skipped()).isTrue();

        emulator.faults().reset();
        forgetWhatLiveKitDid();
        reconciler.reconcile(NOW);

        assertThat(events(sid, "participant_joined")).hasSize(1);
    }

    @Test
    void anAgentsDispatchAndJobAreKeptOnceWhenTheRoomPageListsThemAndTheJobEndsWhenItsAgentIsRemoved() throws Exception {
        var sid = startedRoom("poll-agent-41130");
        var dispatch = emulator.state().createDispatch(CreateAgentDispatchRequest.newBuilder().setRoom("poll-agent-41130")
                .setAgentName("triage").setMetadata("{\"ticket\":41130}").build());
        var agent = emulator.state().participants("poll-agent-41130").get(0).getIdentity();
        await("the agent's join kept", () -> sessions.participants(sid).size() == 1);
        var viewer = loggedIn("viewer");

        assertThat(viewer.get(Paths.room("poll-agent-41130")).statusCode()).isEqualTo(200);
        assertThat(viewer.get(Paths.room("poll-agent-41130")).statusCode()).isEqualTo(200);

        var job = emulator.state().dispatches("poll-agent-41130", dispatch.getId()).get(0).getState().getJobs(0);
        assertThat(events(sid, "agent_dispatched")).containsExactly("RW_" + dispatch.getId() + " polling");
        assertThat(events(sid, "agent_job_started")).containsExactly("RW_JOB_START_" + job.getId() + " polling");
        var kept = AgentDispatch.newBuilder();
        JsonFormat.parser().merge(json("RW_" + dispatch.getId()), kept);
        assertThat(kept.getAgentName()).isEqualTo("triage");
        assertThat(kept.getMetadata()).isEqualTo("{\"ticket\":41130}");
        assertThat(identityOf("RW_JOB_START_" + job.getId())).isEqualTo(agent);

        emulator.state().removeParticipant("poll-agent-41130", agent);
        await("the job's end kept", () -> !events(sid, "agent_job_ended").isEmpty());

        assertThat(events(sid, "agent_job_ended")).containsExactly("RW_JOB_END_" + job.getId() + " polling");
        var ended = endedJob(job.getId());
        assertThat(ended.getState().getError()).isEqualTo("PARTICIPANT_REMOVED");
        assertThat(ended.getState().getStatus()).isEqualTo(JobStatus.JS_FAILED);
        assertThat(ended.getState().getParticipantIdentity()).isEqualTo(agent);
        assertThat(ended.getState().getEndedAt()).isGreaterThanOrEqualTo(ended.getState().getStartedAt());

        // LiveKit still lists the job as running (it keeps the copy made at assignment): nothing is kept again.
        viewer.get(Paths.room("poll-agent-41130"));
        assertThat(events(sid, "agent_job_started")).hasSize(1);
        assertThat(events(sid, "agent_job_ended")).hasSize(1);
    }

    @Test
    void pollingKeepsTheJobOfAnAgentThatLeftBeforeAnyoneListedItAndItsEnd() throws Exception {
        var sid = startedRoom("poll-gone-agent-41130");
        var dispatch = emulator.state().createDispatch(CreateAgentDispatchRequest.newBuilder().setRoom("poll-gone-agent-41130")
                .setAgentName("triage").build());
        var agent = emulator.state().participants("poll-gone-agent-41130").get(0).getIdentity();
        emulator.state().addParticipant("poll-gone-agent-41130", person("customer-41135"));
        emulator.state().removeParticipant("poll-gone-agent-41130", agent, DisconnectReason.CLIENT_INITIATED);
        await("the agent's leave kept", () -> sessions.participants(sid).stream().anyMatch(p -> p.left() != null));

        reconciler.reconcile(NOW);

        var job = emulator.state().dispatches("poll-gone-agent-41130", dispatch.getId()).get(0).getState().getJobs(0);
        assertThat(events(sid, "agent_dispatched")).containsExactly("RW_" + dispatch.getId() + " polling");
        assertThat(events(sid, "agent_job_started")).containsExactly("RW_JOB_START_" + job.getId() + " polling");
        assertThat(events(sid, "agent_job_ended")).containsExactly("RW_JOB_END_" + job.getId() + " polling");
        assertThat(endedJob(job.getId()).getState().getError()).isEqualTo("CLIENT_INITIATED");
        assertThat(endedJob(job.getId()).getState().getStatus()).isEqualTo(JobStatus.JS_SUCCESS);
    }

    @Test
    void aMadeUpEventRecordedTwiceAsByTwoInstancesIsKeptOnce() {
        var room = Room.newBuilder().setSid("RM_pollTwice4113").setName("poll-twice-41130").setNumParticipants(1).build();
        var participant = ParticipantInfo.newBuilder().setSid("PA_pollTwice4113").setIdentity("customer-41136")
                .setState(ParticipantInfo.State.ACTIVE).setJoinedAt(1_790_000_000L).build();
        WebhookEvent first = HistoryReconciler.event("participant_joined", room, participant, 1_790_000_000L);
        WebhookEvent second = HistoryReconciler.event("participant_joined", room, participant, 1_790_000_030L);

        assertThat(recorder.record(first, HistoryEvents.Source.POLLING)).isTrue();
        assertThat(recorder.record(second, HistoryEvents.Source.POLLING)).isFalse();

        assertThat(events("RM_pollTwice4113", "participant_joined")).containsExactly("RW_POLL_participant_joined_PA_pollTwice4113 polling");
        assertThat(sessions.participants("RM_pollTwice4113")).hasSize(1);
    }

    private String startedRoom(String name) throws InterruptedException {
        var sid = emulator.state().createRoom(CreateRoomRequest.newBuilder().setName(name).build()).getSid();
        await("room_started kept", () -> sessions.room(sid).isPresent());
        return sid;
    }

    private static ParticipantSpec person(String identity) {
        return new ParticipantSpec(identity, "Customer", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of());
    }

    private double drift(String event) {
        return meters.get("roomwarden.history.drift").tag("event", event).counter().count();
    }

    /** The room's events of this type: "event_id source", oldest first. */
    private List<String> events(String roomSid, String type) {
        return jdbc.sql("SELECT event_id, source FROM history_event WHERE room_sid = ? AND event_type = ? ORDER BY created_at, id")
                .params(roomSid, type).query((rs, row) -> rs.getString(1) + " " + rs.getString(2)).list();
    }

    private String webhookJoinOf(String roomSid) {
        return jdbc.sql("SELECT event_id FROM history_event WHERE room_sid = ? AND event_type = 'participant_joined' AND source = 'webhook'")
                .param(roomSid).query(String.class).single();
    }

    private String json(String eventId) {
        return jdbc.sql("SELECT event_json FROM history_event WHERE event_id = ?").param(eventId).query(String.class).single();
    }

    private String identityOf(String eventId) {
        return jdbc.sql("SELECT participant_identity FROM history_event WHERE event_id = ?").param(eventId).query(String.class).single();
    }

    private Job endedJob(String jobId) throws Exception {
        var job = Job.newBuilder();
        JsonFormat.parser().merge(json("RW_JOB_END_" + jobId), job);
        return job.build();
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        // The emulator delivers on its own thread; generous, for a loaded machine.
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(done.getAsBoolean()).as(what).isTrue();
    }
}
