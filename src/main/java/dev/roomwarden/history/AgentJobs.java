package dev.roomwarden.history;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import dev.roomwarden.phonenumbers.PhoneNumbers;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import livekit.LivekitAgent.Job;
import livekit.LivekitAgent.JobStatus;
import livekit.LivekitAgentDispatch.AgentDispatch;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitWebhook.WebhookEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Agent dispatches and jobs as Roomwarden sees them, kept as history events of its own (the open-source LiveKit
 * sends no agent_job_* webhook): agent_dispatched and agent_job_started when a ListDispatch shows them, and
 * agent_job_ended when the job's agent participant leaves. LiveKit's ListDispatch keeps each job as it was at
 * assignment, so the leave is the only sign of its end; its disconnect_reason goes into the job's {@code state.error}.
 */
@Component
public class AgentJobs {

    static final String DISPATCHED = "agent_dispatched";
    static final String STARTED = "agent_job_started";
    static final String ENDED = "agent_job_ended";

    private static final Logger log = LoggerFactory.getLogger(AgentJobs.class);
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private final HistoryEvents events;
    private final OpenSessions open;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AgentJobs(HistoryEvents events, OpenSessions open, TransactionTemplate transactions, Clock clock) {
        this.events = events;
        this.open = open;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Keeps the dispatches and jobs of the room's ListDispatch answer not kept yet. History never fails the page that
     * listed them: a database failure is logged, and the next listing tries again.
     */
    public void listed(String room, List<AgentDispatch> dispatches) {
        try {
            keep(room, dispatches);
        } catch (RuntimeException e) {
            log.warn("Could not keep the agent dispatches of room {} for history: {}", PhoneNumbers.maskedIn(room),
                    PhoneNumbers.maskedIn(e.toString()));
        }
    }

    /** How many new events the dispatches made. */
    int keep(String room, List<AgentDispatch> dispatches) {
        // LiveKit's own unnamed dispatch is in every room: it is worth a line only once an agent ran for it.
        var worth = dispatches.stream().filter(d -> !d.getAgentName().isEmpty() || d.getState().getJobsCount() > 0).toList();
        if (worth.isEmpty()) {
            return 0;
        }
        var roomSid = open.liveRoomSid(room);
        if (roomSid.isEmpty()) {
            // Its room_started is still to come (or polling will see the room): the next listing keeps them.
            return 0;
        }
        var ids = new ArrayList<String>();
        for (var dispatch : worth) {
            ids.add(dispatchedId(dispatch));
            dispatch.getState().getJobsList().forEach(job -> {
                ids.add(startedId(job));
                ids.add(endedId(job));
            });
        }
        var kept = events.kept(ids);
        var made = transactions.execute(status -> store(room, roomSid.get(), worth, kept));
        return made == null ? 0 : made;
    }

    private int store(String room, String roomSid, List<AgentDispatch> dispatches, Set<String> kept) {
        var made = 0;
        for (var dispatch : dispatches) {
            if (!kept.contains(dispatchedId(dispatch)) && events.storeOwn(dispatchedId(dispatch), DISPATCHED,
                    fromNanos(dispatch.getState().getCreatedAt()), room, roomSid, null, dispatch)) {
                made++;
            }
            for (var job : dispatch.getState().getJobsList()) {
                var state = job.getState();
                var identity = state.getParticipantIdentity();
                if (state.getStatus() != JobStatus.JS_PENDING && !kept.contains(startedId(job))
                        && events.storeOwn(startedId(job), STARTED, fromNanos(state.getStartedAt()), room, roomSid, identity, job)) {
                    made++;
                }
                if (kept.contains(endedId(job))) {
                    continue;
                }
                if (state.getStatus() == JobStatus.JS_SUCCESS || state.getStatus() == JobStatus.JS_FAILED) {
                    made += events.storeOwn(endedId(job), ENDED, fromNanos(state.getEndedAt()), room, roomSid, identity, job) ? 1 : 0;
                } else if (!identity.isEmpty()) {
                    // The agent left before Roomwarden saw its job: its leave was kept, the job's end was not.
                    var left = open.left(roomSid, identity);
                    if (left.isPresent() && !open.present(roomSid, identity)) {
                        made += ended(job, left.get().disconnectReason(), left.get().at(), room, roomSid) ? 1 : 0;
                    }
                }
            }
        }
        return made;
    }

    /** After a participant_left (or aborted) was kept: the jobs this agent participant ran have ended. */
    void left(WebhookEvent event) {
        var participant = event.getParticipant();
        var roomSid = event.getRoom().getSid();
        if (participant.getKind() != ParticipantInfo.Kind.AGENT || roomSid.isEmpty() || participant.getIdentity().isEmpty()) {
            return;
        }
        var at = event.getCreatedAt() > 0 ? Instant.ofEpochSecond(event.getCreatedAt()) : clock.instant();
        for (var json : events.jsonOf(STARTED, roomSid, participant.getIdentity())) {
            ended(parse(json), participant.getDisconnectReason().name(), at, event.getRoom().getName(), roomSid);
        }
    }

    /**
     * The job as it was seen starting, ended: JS_SUCCESS when its agent left by itself, JS_FAILED otherwise (as
     * LiveKit's agent service marks a job whose agent left the room), the leave's DisconnectReason name in state.error.
     */
    private boolean ended(Job started, String disconnectReason, Instant at, String room, String roomSid) {
        // The leave is dated in whole seconds and the start in nanoseconds: a job that ended within the second it
        // started must not end before it.
        var nanos = Math.max(at.getEpochSecond() * 1_000_000_000L + at.getNano(), started.getState().getStartedAt());
        var status = DisconnectReason.CLIENT_INITIATED.name().equals(disconnectReason) ? JobStatus.JS_SUCCESS : JobStatus.JS_FAILED;
        var job = started.toBuilder();
        job.getStateBuilder().setStatus(status).setError(disconnectReason == null ? "" : disconnectReason).setEndedAt(nanos).setUpdatedAt(nanos);
        return events.storeOwn(endedId(started), ENDED, at, room, roomSid, started.getState().getParticipantIdentity(), job);
    }

    static String dispatchedId(AgentDispatch dispatch) {
        return "RW_" + dispatch.getId();
    }

    static String startedId(Job job) {
        return "RW_JOB_START_" + job.getId();
    }

    static String endedId(Job job) {
        return "RW_JOB_END_" + job.getId();
    }

    private Instant fromNanos(long nanos) {
        return nanos > 0 ? Instant.ofEpochSecond(0, nanos) : clock.instant();
    }

    private static Job parse(String json) {
        var job = Job.newBuilder();
        try {
            PARSER.merge(json, job);
        } catch (InvalidProtocolBufferException e) {
            // Roomwarden printed it from a Job.
            throw new IllegalStateException(e);
        }
        return job.build();
    }
}
