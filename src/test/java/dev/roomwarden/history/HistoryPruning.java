package dev.roomwarden.history;

import org.springframework.context.ApplicationContext;

/** The daily pruning, run now, for tests outside this package (PostgresFlowTest). */
public final class HistoryPruning {

    private HistoryPruning() {
    }

    public static int runNow(ApplicationContext context) {
        return context.getBean(HistoryRetention.class).prune();
    }
}
