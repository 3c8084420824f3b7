package dev.roomwarden.overview;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The charts' geometry as a reader sees it: round ticks from zero, bars as tall as their numbers, a hover title each. */
class SvgChartTest {

    private static final List<String> LABELS = Arrays.asList("00:00", null, null, "03:00");
    private static final List<String> TITLES = List.of("h0", "h1", "h2", "h3");

    private static SvgChart.Series series(String name, Double... values) {
        return new SvgChart.Series(name, "rw-series-1", Arrays.asList(values),
                Arrays.stream(values).map(v -> v == null ? "" : v.intValue() + " " + name).toList());
    }

    @Test
    void theValueAxisHasAFewRoundTicksFromZeroToJustAboveTheLargestNumber() {
        var chart = SvgChart.bars(LABELS, TITLES, List.of(series("sessions", 3.0, 17.0, 0.0, 9.0)), "sessions", true, true);

        assertThat(chart.valueTicks()).extracting(SvgChart.Tick::label).containsExactly("0", "5", "10", "15", "20");
        assertThat(chart.valueTicks().get(0).at()).isEqualTo((double) SvgChart.bottom());
        assertThat(chart.valueTicks().get(4).at()).isEqualTo((double) SvgChart.TOP);
        assertThat(SvgChart.bars(LABELS, TITLES, List.of(series("x", 1.0, 2.0, 0.0, 0.0)), "x", true, true).valueTicks())
                .extracting(SvgChart.Tick::label).containsExactly("0", "1", "2");
        assertThat(SvgChart.bars(LABELS, TITLES, List.of(series("x", 1200.0, 0.0, 0.0, 0.0)), "x", true, true).valueTicks())
                .extracting(SvgChart.Tick::label).containsExactly("0", "500", "1,000", "1,500");
        assertThat(SvgChart.lines(LABELS, TITLES, List.of(series("min", 0.75, null, null, 1.5)), "min", false).valueTicks())
                .extracting(SvgChart.Tick::label).containsExactly("0", "0.5", "1", "1.5");
    }

    @Test
    void aBarIsAsTallAsItsNumberAndAZeroHasNoBar() {
        var chart = SvgChart.bars(LABELS, TITLES, List.of(series("sessions", 5.0, 10.0, 0.0, 20.0)), "sessions", true, true);

        assertThat(chart.bars()).extracting(SvgChart.Bar::title).containsExactly("h0: 5 sessions", "h1: 10 sessions", "h3: 20 sessions");
        var plot = SvgChart.bottom() - SvgChart.TOP;
        assertThat(chart.bars()).extracting(SvgChart.Bar::height).containsExactly(plot / 4.0, plot / 2.0, (double) plot);
        assertThat(chart.bars()).allSatisfy(bar -> assertThat(bar.y() + bar.height()).isEqualTo((double) SvgChart.bottom()));
        assertThat(chart.bars().get(2).x()).isGreaterThan(chart.bars().get(1).x());
        assertThat(chart.bucketTicks()).extracting(SvgChart.Tick::label).containsExactly("00:00", "03:00");
    }

    @Test
    void stackedBarsSitOnEachOtherAndGroupedOnesSideBySide() {
        var stacked = SvgChart.bars(LABELS, TITLES, List.of(series("a", 2.0, 0.0, 0.0, 0.0), series("b", 2.0, 0.0, 0.0, 0.0)), "n", true, true);
        assertThat(stacked.bars().get(1).y() + stacked.bars().get(1).height()).isEqualTo(stacked.bars().get(0).y());
        assertThat(stacked.valueTicks()).extracting(SvgChart.Tick::label).contains("4");

        var grouped = SvgChart.bars(LABELS, TITLES, List.of(series("a", 2.0, 0.0, 0.0, 0.0), series("b", 2.0, 0.0, 0.0, 0.0)), "n", true, false);
        assertThat(grouped.bars().get(0).y()).isEqualTo(grouped.bars().get(1).y());
        assertThat(grouped.bars().get(1).x()).isEqualTo(grouped.bars().get(0).x() + grouped.bars().get(0).width());
        assertThat(grouped.valueTicks()).extracting(SvgChart.Tick::label).last().isEqualTo("2");
    }

    @Test
    void aLineBreaksWhereABucketHasNoValueAndEachValueHasADot() {
        var chart = SvgChart.lines(LABELS, TITLES, List.of(series("min", 1.0, 2.0, null, 2.0)), "min", false);

        var line = chart.lines().get(0);
        assertThat(line.points()).hasSize(2);
        assertThat(line.points().get(0).split(" ")).hasSize(2);
        assertThat(line.dots()).extracting(SvgChart.Point::title).containsExactly("h0: 1 min", "h1: 2 min", "h3: 2 min");
        assertThat(line.dots().get(1).y()).isEqualTo(line.dots().get(2).y()).isEqualTo((double) SvgChart.TOP);
    }

    @Test
    void thePeakWithinABucketCountsSessionsOpenAtItsStartAndThoseThatMeetInside() {
        // Buckets [0,10) [10,20) [20,30); sessions 0-15, 5-12, 12-25 (starts when the second ends), and one from 22 with no end.
        var peaks = DayCharts.peaks(new long[] {0, 5, 12, 22}, new long[] {15, 12, 25}, new long[] {0, 10, 20, 30});

        assertThat(peaks).containsExactly(2, 2, 2);
        assertThat(DayCharts.peaks(new long[] {}, new long[] {}, new long[] {0, 10})).containsExactly(0);
        assertThat(DayCharts.medianSeconds(List.of(45_000L, 120_000L, 600_000L))).isEqualTo(120L);
        assertThat(DayCharts.medianSeconds(List.of(600_000L, 900_000L))).isEqualTo(750L);
        assertThat(DayCharts.medianSeconds(List.of())).isNull();
    }
}
