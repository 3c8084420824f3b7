package dev.roomwarden.audit;

import java.util.ArrayList;
import java.util.List;

import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitFailure;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/** How a batch reports a mix of outcomes: target by target, and never as done when part of it was not. */
class BatchResultTest {

    private static final BatchResult.Wording REMOVED = new BatchResult.Wording("participant", "participants", "removed",
            "had already left", "not removed");

    /** Answers per target as scripted; records which targets were tried and which were recorded as not tried. */
    private static final class Script implements BatchResult.Action<String> {

        final List<String> tried = new ArrayList<>();
        final List<String> notTried = new ArrayList<>();

        @Override
        public ActionOutcome perform(String target) {
            tried.add(target);
            return switch (target) {
                case "gone" -> ActionOutcome.ALREADY_GONE;
                case "refused" -> throw new LiveKitException(LiveKitFailure.INVALID_REQUEST, "invalid_argument", "lk", "x", null);
                case "down" -> throw new LiveKitException(LiveKitFailure.UNREACHABLE, null, "lk", "x", null);
                case "busy" -> throw new BatchResult.Skipped("someone joined");
                case "no-db" -> throw new DataAccessResourceFailureException("disk full");
                default -> ActionOutcome.DONE;
            };
        }

        @Override
        public void notTried(String target, String why) {
            notTried.add(target);
        }
    }

    @Test
    void aRefusalOfOneTargetIsReportedAndTheBatchGoesOn() {
        var script = new Script();

        var result = BatchResult.run("b1", REMOVED, List.of("a", "refused", "gone", "busy", "b"), t -> t, script);

        assertThat(script.tried).containsExactly("a", "refused", "gone", "busy", "b");
        assertThat(result.items()).extracting(BatchResult.Item::status).containsExactly(BatchResult.Status.DONE,
                BatchResult.Status.NOT_DONE, BatchResult.Status.ALREADY_GONE, BatchResult.Status.SKIPPED, BatchResult.Status.DONE);
        assertThat(result.items().get(1).message()).startsWith("not removed. LiveKit at lk refused the request as invalid.");
        assertThat(result.items().get(3).message()).isEqualTo("left alone: someone joined");
        assertThat(result.summary()).isEqualTo("5 participants: 2 removed, 1 had already left, 1 left alone, 1 not removed.");
        assertThat(result.level()).isEqualTo("warning");
    }

    @Test
    void whenLiveKitCannotBeReachedTheRestIsNotTriedButRecordedAsSuch() {
        var script = new Script();

        var result = BatchResult.run("b2", REMOVED, List.of("a", "down", "b", "c"), t -> t, script);

        assertThat(script.tried).containsExactly("a", "down");
        assertThat(script.notTried).containsExactly("b", "c");
        assertThat(result.items().get(2).message()).isEqualTo("not tried: LiveKit failed for an earlier participant (unreachable)");
        assertThat(result.summary()).isEqualTo("4 participants: 1 removed, 3 not removed.");
        assertThat(result.level()).isEqualTo("warning");
    }

    @Test
    void withoutTheAuditLogNothingMoreIsTriedNorRecorded() {
        var script = new Script();

        var result = BatchResult.run("b3", REMOVED, List.of("no-db", "a"), t -> t, script);

        assertThat(script.tried).containsExactly("no-db");
        assertThat(script.notTried).isEmpty();
        assertThat(result.items()).allSatisfy(item -> assertThat(item.status()).isEqualTo(BatchResult.Status.NOT_DONE));
        assertThat(result.level()).isEqualTo("danger");
    }

    @Test
    void onlyABatchWhereEveryTargetIsDoneOrGoneIsASuccess() {
        assertThat(BatchResult.run("b4", REMOVED, List.of("a", "gone"), t -> t, new Script()).level()).isEqualTo("success");
        assertThat(BatchResult.run("b5", REMOVED, List.of("a", "busy"), t -> t, new Script()).level()).isEqualTo("info");
        assertThat(BatchResult.run("b6", REMOVED, List.of("a"), t -> t, new Script()).summary()).isEqualTo("1 participant: 1 removed.");
    }
}
