package dev.roomwarden.audit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Actions whose outcome is unknown because LiveKit did not answer in time: LiveKit is read again after each
 * of {@code after} (counted from the timeout) until the action is seen done; only after the last read is it
 * settled as not done, since LiveKit may carry out a call long after its caller gave up (psrpc retries for
 * up to about 15 s).
 */
final class Rechecks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Rechecks.class);

    /** What a recheck concluded; {@code unreadable} when LiveKit could not be read the last time. */
    enum Verdict { DONE, NOT_DONE, UNREADABLE }

    @FunctionalInterface
    interface Settle {
        void settle(long id, Verdict verdict, Duration after);
    }

    private final List<Duration> after;
    private final Settle settle;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var thread = new Thread(runnable, "audit-recheck");
        thread.setDaemon(true);
        return thread;
    });

    Rechecks(List<Duration> after, Settle settle) {
        this.after = after.isEmpty() ? List.of(Duration.ZERO) : List.copyOf(after);
        this.settle = settle;
    }

    void watch(long id, Recheck recheck) {
        schedule(id, recheck, 0);
    }

    private void schedule(long id, Recheck recheck, int attempt) {
        var wait = after.get(attempt).minus(attempt == 0 ? Duration.ZERO : after.get(attempt - 1));
        checks.schedule(() -> check(id, recheck, attempt), Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void check(long id, Recheck recheck, int attempt) {
        Verdict verdict;
        try {
            verdict = recheck.done() ? Verdict.DONE : Verdict.NOT_DONE;
        } catch (RuntimeException e) {
            verdict = Verdict.UNREADABLE;
        }
        var last = attempt == after.size() - 1;
        if (verdict != Verdict.DONE && !last) {
            schedule(id, recheck, attempt + 1);
            return;
        }
        try {
            settle.settle(id, verdict, after.get(attempt));
        } catch (RuntimeException e) {
            log.warn("The outcome of audit record {} could not be written ({}); it stays unknown", id, e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
