package dev.roomwarden.overview;

import java.time.Instant;

import org.springframework.context.ApplicationContext;

/** The overview's charts worked out now, past their cache, for the benchmarks outside this package. */
public final class OverviewCharts {

    private OverviewCharts() {
    }

    /** The number of rows in the charts' tables, so that the work cannot be skipped. */
    public static int workOut(ApplicationContext context, String range) {
        var charts = context.getBean(DayCharts.class).chartsAt(ChartRange.parse(range), Instant.now());
        return charts.charts().stream().mapToInt(chart -> chart.rows().size()).sum();
    }

    /** The charts as after a restart: the next page works them out from the history stored now. */
    public static void forget(ApplicationContext context) {
        context.getBean(DayCharts.class).forget();
    }
}
