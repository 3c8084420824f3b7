package dev.roomwarden.participants;

import dev.roomwarden.FlowTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** One hand-over of an agent at a time, whichever instance starts it: the database decides, not a check before it. */
class HandOversTest extends FlowTest {

    @Autowired
    HandOvers handOvers;

    @Test
    void aSecondStartWhileTheFirstRunsIsRefusedAndOneAfterItEndedIsNot() {
        var first = handOvers.start("support-claim", "agent-claim", "moderator", "Asking the agent to leave…");
        assertThat(first).isPresent();

        assertThat(handOvers.start("support-claim", "agent-claim", "admin", "Asking the agent to leave…"))
                .as("another moderator, or another instance, at the same time").isEmpty();
        var other = handOvers.start("support-claim", "agent-other", "admin", "Asking the agent to leave…");
        assertThat(other).as("another agent").isPresent();

        handOvers.finish(first.orElseThrow(), HandOvers.State.LEFT, "left by itself");
        var again = handOvers.start("support-claim", "agent-claim", "admin", "Asking the agent to leave…");
        assertThat(again).isPresent();
        // None is left running, for the flow tests that wait for hand-overs to end.
        handOvers.finish(other.orElseThrow(), HandOvers.State.LEFT, "left by itself");
        handOvers.finish(again.orElseThrow(), HandOvers.State.LEFT, "left by itself");
    }

    @Test
    void aHandOverWhoseInstanceStoppedMidWayDoesNotBlockTheNext() {
        var stopped = handOvers.start("support-claim", "agent-stopped", "moderator", "Asking the agent to leave…").orElseThrow();
        jdbc.sql("UPDATE hand_over SET updated_at = ? WHERE id = ?")
                .params(java.sql.Timestamp.from(java.time.Instant.now().minus(HandOvers.ABANDONED_AFTER).minusSeconds(5)), stopped).update();

        var next = handOvers.start("support-claim", "agent-stopped", "admin", "Asking the agent to leave…");
        assertThat(next).isPresent();
        handOvers.finish(stopped, HandOvers.State.FAILED, "stopped");
        handOvers.finish(next.orElseThrow(), HandOvers.State.LEFT, "left by itself");
    }
}
