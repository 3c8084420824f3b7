package dev.roomwarden.history;

import java.time.Duration;
import java.util.Map;

import org.springframework.context.ApplicationContext;

/** One polling round of an instance's history, judging every difference at once, for tests outside this package. */
public final class PollingRound {

    private PollingRound() {
    }

    /** The new events the round kept, by LiveKit event type. */
    public static Map<String, Integer> run(ApplicationContext instance) {
        return instance.getBean(HistoryReconciler.class).reconcile(Duration.ZERO).made();
    }
}
