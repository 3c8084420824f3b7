package dev.roomwarden.livekit;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which of the answers a page was built from were the last state Roomwarden saw instead of LiveKit's own,
 * because LiveKit is not answering. The gateway notes each such answer in the scope of the page being built
 * ({@link #during}), on the page's thread and on the threads that make its calls at the same time.
 */
public final class StaleAnswers {

    private static final ThreadLocal<StaleAnswers> CURRENT = new ThreadLocal<>();

    /** The oldest last-seen answer a page used, and why LiveKit's own was not had. */
    public record Stale(Duration age, LiveKitException failure) {

        /** The banner's sentence: how old what the page shows is, and what is wrong with LiveKit. */
        public String userMessage() {
            return "As of " + ago(age) + ": " + failure.userMessage()
                    + " This is the last state Roomwarden saw; it shows LiveKit's own again as soon as LiveKit answers.";
        }

        private static String ago(Duration age) {
            var seconds = Math.max(0, age.toSeconds());
            if (seconds < 60) {
                return seconds + " s ago";
            }
            if (seconds < 3600) {
                return seconds / 60 + " min ago";
            }
            return seconds / 3600 + " h " + (seconds % 3600) / 60 + " min ago";
        }
    }

    private Stale oldest;

    private StaleAnswers() {
    }

    /** Runs the reads of one page; says whether any answer was a last-seen one, and the oldest. */
    public static Optional<Stale> during(Runnable reads) {
        var outer = CURRENT.get();
        var mine = new StaleAnswers();
        CURRENT.set(mine);
        try {
            reads.run();
        } finally {
            restore(outer);
            if (outer != null && mine.oldest() != null) {
                outer.add(mine.oldest());
            }
        }
        return Optional.ofNullable(mine.oldest());
    }

    static void note(Duration age, LiveKitException failure) {
        var current = CURRENT.get();
        if (current != null) {
            current.add(new Stale(age, failure));
        }
    }

    /** The call, made on another thread in the scope of the page that asks for it here. */
    static <T> Supplier<T> carried(Supplier<T> call) {
        var scope = CURRENT.get();
        return () -> {
            var before = CURRENT.get();
            CURRENT.set(scope);
            try {
                return call.get();
            } finally {
                restore(before);
            }
        };
    }

    private static void restore(StaleAnswers previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    private synchronized void add(Stale stale) {
        if (oldest == null || stale.age().compareTo(oldest.age()) > 0) {
            oldest = stale;
        }
    }

    private synchronized Stale oldest() {
        return oldest;
    }
}
