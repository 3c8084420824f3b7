package dev.roomwarden.agents;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.roomwarden.input.Text;
import dev.roomwarden.display.Times;
import dev.roomwarden.display.Paths;
import livekit.LivekitAgent.Job;
import livekit.LivekitAgentDispatch.AgentDispatch;

/** An agent dispatch as staff see it: which agent LiveKit sends into the room, and the jobs it started. */
public record DispatchRow(String id, String agentName, String metadata, Instant created, List<JobRow> jobs) {

    public static DispatchRow of(AgentDispatch dispatch) {
        var state = dispatch.getState();
        // LiveKit keeps dispatch and job times in nanoseconds.
        return new DispatchRow(dispatch.getId(), dispatch.getAgentName(), dispatch.getMetadata(), fromNanos(state.getCreatedAt()),
                state.getJobsList().stream().map(JobRow::of).toList());
    }

    /** LiveKit's own dispatch of every room, for agents that run without a name. */
    public boolean automatic() {
        return agentName.isEmpty();
    }

    public String metadataPreview() {
        return Text.preview(metadata);
    }

    public String createdAgo(Instant now) {
        return Times.ago(created, now);
    }

    public String createdExact() {
        return Times.exact(created);
    }

    public String cancelPath(String room) {
        return Paths.cancelDispatch(room, id);
    }

    /** One job of the dispatch: the agent participant it put in the room, and how it is going. */
    public record JobRow(String id, String participantIdentity, String status) {

        static JobRow of(Job job) {
            return new JobRow(job.getId(), job.getState().getParticipantIdentity(), switch (job.getState().getStatus()) {
                case JS_PENDING -> "pending";
                case JS_RUNNING -> "running";
                case JS_SUCCESS -> "ended";
                case JS_FAILED -> "failed";
                default -> job.getState().getStatus().name().toLowerCase(Locale.ROOT);
            });
        }
    }

    private static Instant fromNanos(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }
}
