package dev.roomwarden.audit;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Function;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.display.ActionMessage;
import dev.roomwarden.display.Flash;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitFailure;
import org.springframework.dao.DataAccessException;

/**
 * What came of one action on several targets, target by target. A batch is only reported as done when
 * every target is; the records of its targets in the audit log share {@link #batchId}. Serializable, as
 * it waits in the (database-stored) session for the page after a redirect.
 */
public record BatchResult(String batchId, Wording wording, List<Item> items) implements ActionMessage {

    /** The most targets one confirmation may carry. */
    public static final int MAX_TARGETS = 500;

    public enum Status { DONE, ALREADY_GONE, SKIPPED, NOT_DONE }

    /** One target: its name, what came of it, and in words why when it was not done. */
    public record Item(String target, Status status, String message) implements Serializable {

        public String statusName() {
            return status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * How to say it: "participant"/"participants", "removed", "had already left", "not removed"
     * ("room"/"rooms", "ended", "had already ended", "not ended").
     */
    public record Wording(String noun, String nouns, String done, String gone, String notDone) implements Serializable {
    }

    /** The action on one target, as the batch runs it. */
    public interface Action<T> {

        /** Carries out (and audits) the action on one target; throws {@link Skipped} to leave it alone. */
        ActionOutcome perform(T target);

        /** Records that a target was not tried, because LiveKit failed for the whole server earlier in the batch. */
        void notTried(T target, String why);
    }

    /** Thrown by an action for a target it leaves alone, with the reason staff see. */
    public static final class Skipped extends RuntimeException {

        public Skipped(String reason) {
            super(reason, null, false, false);
        }
    }

    public static String newBatchId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Runs {@code action} on each target in turn. A target LiveKit refuses is reported and the batch goes
     * on; when LiveKit cannot be reached (or the audit log cannot be written) the targets after it are not
     * tried, and say so, rather than each waiting for the same failure.
     */
    public static <T> BatchResult run(String batchId, Wording wording, List<T> targets, Function<T, String> name,
            Action<T> action) {
        var items = new ArrayList<Item>();
        String stopped = null;
        var auditLogDown = false;
        for (var target : targets) {
            if (stopped != null) {
                if (!auditLogDown) {
                    action.notTried(target, stopped);
                }
                items.add(new Item(name.apply(target), Status.NOT_DONE, "not tried: " + stopped));
                continue;
            }
            try {
                var outcome = action.perform(target);
                items.add(new Item(name.apply(target), outcome == ActionOutcome.DONE ? Status.DONE : Status.ALREADY_GONE,
                        outcome == ActionOutcome.DONE ? wording.done() : wording.gone()));
            } catch (Skipped e) {
                items.add(new Item(name.apply(target), Status.SKIPPED, "left alone: " + e.getMessage()));
            } catch (InvalidInputException e) {
                // A name LiveKit would refuse is that target's outcome; the others are still tried.
                items.add(new Item(name.apply(target), Status.NOT_DONE, wording.notDone() + ": " + e.getMessage()));
            } catch (LiveKitException e) {
                items.add(new Item(name.apply(target), Status.NOT_DONE, Flash.notDone(wording.notDone(), e)));
                if (e.failure() != LiveKitFailure.INVALID_REQUEST) {
                    stopped = "LiveKit failed for an earlier " + wording.noun() + " (" + e.failure().name().toLowerCase(java.util.Locale.ROOT)
                            .replace('_', ' ') + ")";
                }
            } catch (DataAccessException e) {
                items.add(new Item(name.apply(target), Status.NOT_DONE, Flash.notDone(wording.notDone(), e)));
                stopped = Flash.AUDIT_UNAVAILABLE;
                auditLogDown = true;
            }
        }
        return new BatchResult(batchId, wording, List.copyOf(items));
    }

    @Override
    public String modelAttribute() {
        return "batch";
    }

    public long count(Status status) {
        return items.stream().filter(item -> item.status() == status).count();
    }

    /** "3 participants: 2 removed, 1 had already left." */
    public String summary() {
        var counts = new EnumMap<Status, Long>(Status.class);
        items.forEach(item -> counts.merge(item.status(), 1L, Long::sum));
        var parts = new StringJoiner(", ");
        counts.forEach((status, count) -> parts.add(count + " " + switch (status) {
            case DONE -> wording.done();
            case ALREADY_GONE -> wording.gone();
            case SKIPPED -> "left alone";
            case NOT_DONE -> wording.notDone();
        }));
        return items.size() + " " + (items.size() == 1 ? wording.noun() : wording.nouns()) + ": " + parts + ".";
    }

    /** A Bootstrap alert colour: success only when nothing was left undone. */
    public String level() {
        var notDone = count(Status.NOT_DONE);
        if (notDone == items.size()) {
            return "danger";
        }
        if (notDone > 0) {
            return "warning";
        }
        return count(Status.SKIPPED) > 0 ? "info" : "success";
    }

    public String auditPath() {
        return "/audit?batch=" + batchId;
    }
}
