package dev.roomwarden.overview;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

import dev.roomwarden.display.Durations;
import dev.roomwarden.input.InvalidInputException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * "How the day went" on the overview: four charts of what history stored, over the last 24 hours by the hour or the
 * last 7 days by the day (UTC). What each number counts is said in its caption and in docs/overview.md. A range is
 * worked out at most once a minute: the charts are not live, and 7 days may hold 100,000 sessions.
 */
@Service
class DayCharts {

    /** How long a range's charts are shown again before they are worked out anew. */
    static final Duration CACHED_FOR = Duration.ofSeconds(60);
    /** A session that started longer before the first bucket is left out: history cannot tell a week-long room from a lost end. */
    static final Duration LOOKBACK = Duration.ofDays(7);

    /** The charts of one range, as of {@code until}. */
    record Charts(ChartRange range, Instant from, Instant until, List<Chart> charts) {
    }

    /**
     * One chart: the picture (absent when nothing happened: then {@code emptyText} says so rather than a flat line that
     * looks like data) and its numbers as a table, a row per bucket.
     */
    record Chart(String id, String title, String caption, String emptyText, SvgChart picture, List<Legend> legend, List<String> columns,
            List<Row> rows) {

        public boolean empty() {
            return picture == null;
        }
    }

    record Legend(String name, String cssClass) {
    }

    record Row(String bucket, List<String> cells) {
    }

    /** What the overview shows under "How the day went": the range asked for and its charts, or why there are none. */
    record View(ChartRange range, Charts charts, String problem) {
    }

    private record Cached(Instant at, Charts charts) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<ChartRange, Cached> cache = new ConcurrentHashMap<>();

    DayCharts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The charts of the {@code range} parameter, or the sentence saying what is wrong with it (nothing is read then). */
    View view(String range) {
        try {
            var chosen = ChartRange.parse(range);
            return new View(chosen, charts(chosen), null);
        } catch (InvalidInputException e) {
            return new View(null, null, e.getMessage());
        }
    }

    /** Forgets what was worked out, as a restart would (a test that has just stored the history it reads). */
    void forget() {
        cache.clear();
    }

    /** The charts of this range, worked out at most once every {@link #CACHED_FOR} (or when the clock went back). */
    Charts charts(ChartRange range) {
        var now = clock.instant();
        var cached = cache.get(range);
        if (cached != null && !now.isBefore(cached.at()) && now.isBefore(cached.at().plus(CACHED_FOR))) {
            return cached.charts();
        }
        var charts = chartsAt(range, now);
        cache.put(range, new Cached(now, charts));
        return charts;
    }

    Charts chartsAt(ChartRange range, Instant now) {
        var starts = range.bucketsUntil(now);
        var n = starts.size();
        var edges = new long[n + 1];
        for (int i = 0; i < n; i++) {
            edges[i] = starts.get(i).toEpochMilli();
        }
        // The last bucket runs until now, an event at this very millisecond included.
        edges[n] = now.toEpochMilli() + 1;
        var from = starts.get(0);
        var labels = starts.stream().map(b -> range.labelled(b) ? range.shortLabel(b) : null).toList();
        var titles = new ArrayList<String>();
        var rowLabels = new ArrayList<String>();
        for (int i = 0; i < n; i++) {
            titles.add(range.longLabel(starts.get(i)) + " UTC");
            rowLabels.add(range.longLabel(starts.get(i)) + (i == n - 1 ? " (so far)" : ""));
        }
        var rooms = spans("room_session", "started_at", "ended_at", from, edges[n]);
        var participants = spans("participant_session", "joined_at", "left_at", from, edges[n]);
        var unit = range.bucketWord();
        var words = range.words();
        return new Charts(range, from, now, List.of(
                concurrent(rooms, participants, edges, labels, titles, rowLabels, unit, words),
                started(rooms, edges, labels, titles, rowLabels, unit, words),
                medianLength(rooms, edges, labels, titles, rowLabels, unit, words),
                handOversAndRemovals(from, edges, labels, titles, rowLabels, unit, words)));
    }

    private Chart concurrent(Spans rooms, Spans participants, long[] edges, List<String> labels, List<String> titles, List<String> rowLabels,
            String unit, String words) {
        var roomPeaks = peaks(rooms.starts(), rooms.ends(), edges);
        var participantPeaks = peaks(participants.starts(), participants.ends(), edges);
        var roomSeries = series("rooms", "rw-series-1", roomPeaks.length, i -> (double) roomPeaks[i],
                i -> count(roomPeaks[i], "room", "rooms") + " open at most");
        var participantSeries = series("participants", "rw-series-2", participantPeaks.length, i -> (double) participantPeaks[i],
                i -> count(participantPeaks[i], "participant", "participants") + " at most");
        var empty = Arrays.stream(roomPeaks).allMatch(v -> v == 0) && Arrays.stream(participantPeaks).allMatch(v -> v == 0);
        var rows = new ArrayList<Row>();
        for (int i = 0; i < roomPeaks.length; i++) {
            rows.add(new Row(rowLabels.get(i), List.of(Integer.toString(roomPeaks[i]), Integer.toString(participantPeaks[i]))));
        }
        return new Chart("chart-concurrent", "Rooms and participants at once",
                "The most room sessions, and the most participant sessions (agents and SIP callers included), open at the same moment"
                        + " within each " + unit + ". A session whose end history never received counts as open until now.",
                "No rooms were open in " + words + ".",
                empty ? null : SvgChart.lines(labels, titles, List.of(roomSeries, participantSeries), "open at once", true),
                List.of(new Legend("rooms", "rw-series-1"), new Legend("participants", "rw-series-2")),
                List.of(bucketColumn(unit), "Rooms at once (most)", "Participants at once (most)"), rows);
    }

    private Chart started(Spans rooms, long[] edges, List<String> labels, List<String> titles, List<String> rowLabels, String unit,
            String words) {
        var started = new int[edges.length - 1];
        for (int i = 0; i < rooms.size(); i++) {
            var bucket = bucket(rooms.startedAt()[i], edges);
            if (bucket >= 0) {
                started[bucket]++;
            }
        }
        var rows = new ArrayList<Row>();
        for (int i = 0; i < started.length; i++) {
            rows.add(new Row(rowLabels.get(i), List.of(Integer.toString(started[i]))));
        }
        var empty = Arrays.stream(started).allMatch(v -> v == 0);
        return new Chart("chart-started", "Sessions started per " + unit,
                "Room sessions (one LiveKit room from its start to its end) that started in each " + unit + ".",
                "No sessions started in " + words + ".",
                empty ? null : SvgChart.bars(labels, titles, List.of(series("sessions started", "rw-series-1", started.length,
                        i -> (double) started[i], i -> count(started[i], "session", "sessions") + " started")), "sessions", true, true),
                List.of(), List.of(bucketColumn(unit), "Room sessions started"), rows);
    }

    private Chart medianLength(Spans rooms, long[] edges, List<String> labels, List<String> titles, List<String> rowLabels, String unit,
            String words) {
        var n = edges.length - 1;
        var lengths = new ArrayList<List<Long>>();
        for (int i = 0; i < n; i++) {
            lengths.add(new ArrayList<>());
        }
        for (int i = 0; i < rooms.size(); i++) {
            var ended = rooms.endedAt()[i];
            var bucket = ended == Long.MAX_VALUE ? -1 : bucket(ended, edges);
            if (bucket >= 0) {
                lengths.get(bucket).add(Math.max(0, ended - rooms.startedAt()[i]));
            }
        }
        var medians = new Long[n];
        var rows = new ArrayList<Row>();
        for (int i = 0; i < n; i++) {
            medians[i] = medianSeconds(lengths.get(i));
            rows.add(new Row(rowLabels.get(i), List.of(Integer.toString(lengths.get(i).size()),
                    medians[i] == null ? "–" : Durations.words(Duration.ofSeconds(medians[i])))));
        }
        var empty = Arrays.stream(medians).allMatch(m -> m == null);
        return new Chart("chart-length", "Median session length",
                "Of the room sessions that ended in each " + unit + ": the middle length (half were shorter, half longer), in minutes."
                        + " No dot: no session ended then.",
                "No sessions ended in " + words + ".",
                empty ? null : SvgChart.lines(labels, titles, List.of(series("median", "rw-series-1", n,
                        i -> medians[i] == null ? null : medians[i] / 60.0,
                        i -> medians[i] == null ? "" : "median " + Durations.words(Duration.ofSeconds(medians[i])) + " of "
                                + count(lengths.get(i).size(), "session", "sessions") + " ended")), "min", false),
                List.of(), List.of(bucketColumn(unit), "Room sessions ended", "Median length"), rows);
    }

    private Chart handOversAndRemovals(Instant from, long[] edges, List<String> labels, List<String> titles, List<String> rowLabels,
            String unit, String words) {
        var n = edges.length - 1;
        var handOvers = new int[n];
        var completed = new int[n];
        var failed = new int[n];
        // hand_over's times are plain TIMESTAMPs, written and read as this JVM's Timestamps like HandOvers does.
        jdbc.sql("SELECT started_at, state FROM hand_over WHERE started_at >= ? AND started_at < ?")
                .params(Timestamp.from(from), new Timestamp(edges[n]))
                .query(rs -> {
                    var bucket = bucket(rs.getTimestamp(1).getTime(), edges);
                    if (bucket >= 0) {
                        handOvers[bucket]++;
                        switch (rs.getString(2)) {
                            case "LEFT", "REMOVED" -> completed[bucket]++;
                            case "FAILED" -> failed[bucket]++;
                            default -> { }
                        }
                    }
                });
        var byStaff = new int[n];
        var keptOut = new int[n];
        jdbc.sql("""
                SELECT at, action FROM audit_record
                WHERE at >= ? AND at < ? AND outcome = 'DONE' AND action IN ('REMOVE_PARTICIPANT', 'REMOVE_KEPT_OUT')""")
                .params(Timestamp.from(from), new Timestamp(edges[n]))
                .query(rs -> {
                    var bucket = bucket(rs.getTimestamp(1).getTime(), edges);
                    if (bucket >= 0) {
                        ("REMOVE_KEPT_OUT".equals(rs.getString(2)) ? keptOut : byStaff)[bucket]++;
                    }
                });
        var rows = new ArrayList<Row>();
        for (int i = 0; i < n; i++) {
            rows.add(new Row(rowLabels.get(i), List.of(Integer.toString(handOvers[i]), Integer.toString(completed[i]), Integer.toString(failed[i]),
                    Integer.toString(byStaff[i] + keptOut[i]), Integer.toString(byStaff[i]), Integer.toString(keptOut[i]))));
        }
        var empty = Arrays.stream(handOvers).allMatch(v -> v == 0) && Arrays.stream(byStaff).allMatch(v -> v == 0)
                && Arrays.stream(keptOut).allMatch(v -> v == 0);
        var handOverSeries = series("hand-overs", "rw-series-1", n, i -> (double) handOvers[i],
                i -> count(handOvers[i], "hand-over", "hand-overs") + " (" + completed[i] + " completed, " + failed[i] + " failed)");
        var removalSeries = series("removals", "rw-series-2", n, i -> (double) (byStaff[i] + keptOut[i]),
                i -> count(byStaff[i] + keptOut[i], "removal", "removals") + " (" + byStaff[i] + " by staff, " + keptOut[i] + " kept out)");
        return new Chart("chart-actions", "Hand-overs and removals per " + unit,
                "Hand-overs of an agent to a person started from Roomwarden (completed: the agent left; failed: it stopped on an error),"
                        + " and participants removed: by staff (done, as the audit log says) and kept-out identities Roomwarden removed.",
                "No hand-overs or removals in " + words + ".",
                empty ? null : SvgChart.bars(labels, titles, List.of(handOverSeries, removalSeries), "number", true, false),
                List.of(new Legend("hand-overs", "rw-series-1"), new Legend("removals", "rw-series-2")),
                List.of(bucketColumn(unit), "Hand-overs started", "completed", "failed", "Removals", "by staff", "kept out"), rows);
    }

    /** Starts and ends of sessions, in epoch milliseconds; an end not seen (or after now) is {@code Long.MAX_VALUE}. */
    private record Spans(long[] startedAt, long[] endedAt, int size) {

        long[] starts() {
            return Arrays.copyOf(startedAt, size);
        }

        long[] ends() {
            return Arrays.stream(endedAt, 0, size).filter(end -> end != Long.MAX_VALUE).toArray();
        }
    }

    /**
     * Only the two times of each session in the range, not whole rows: those that started in it, and those open when
     * it began (ended in it or not at all) that started at most {@link #LOOKBACK} before. Three parts, each answered
     * from an index (V8, V17), so that the sessions of the week before the range are not all read for the few still open.
     */
    private Spans spans(String table, String start, String end, Instant from, long until) {
        var sql = "SELECT " + start + ", " + end + " FROM " + table + " WHERE " + start + " >= ? AND " + start + " < ?"
                + " UNION ALL SELECT " + start + ", " + end + " FROM " + table + " WHERE " + end + " >= ? AND " + start + " >= ? AND " + start + " < ?"
                + " UNION ALL SELECT " + start + ", " + end + " FROM " + table + " WHERE " + end + " IS NULL AND " + start + " >= ? AND " + start + " < ?";
        var lookback = Timestamp.from(from.minus(LOOKBACK));
        var begin = Timestamp.from(from);
        var holder = new Object() {
            long[] started = new long[1024];
            long[] ended = new long[1024];
            int size;
        };
        jdbc.sql(sql).params(begin, new Timestamp(until), begin, lookback, begin, lookback, begin).query(rs -> {
            if (holder.size == holder.started.length) {
                holder.started = Arrays.copyOf(holder.started, holder.size * 2);
                holder.ended = Arrays.copyOf(holder.ended, holder.size * 2);
            }
            var began = rs.getTimestamp(1).getTime();
            var ended = rs.getTimestamp(2);
            holder.started[holder.size] = began;
            // Never before its start (LiveKit dates starts in milliseconds and ends in whole seconds).
            holder.ended[holder.size] = ended == null || ended.getTime() >= until ? Long.MAX_VALUE : Math.max(began, ended.getTime());
            holder.size++;
        });
        return new Spans(holder.started, holder.ended, holder.size);
    }

    /**
     * The most sessions open at once within each bucket ({@code edges[i]} to {@code edges[i + 1]}): open at its start, or
     * just after a start inside it. A session that ends when another starts was not open with it.
     */
    static int[] peaks(long[] starts, long[] ends, long[] edges) {
        Arrays.sort(starts);
        Arrays.sort(ends);
        var n = edges.length - 1;
        var peaks = new int[n];
        int s = 0;
        int e = 0;
        int open = 0;
        for (int b = 0; b < n; b++) {
            // What happened before the bucket: how many are open when it begins.
            while (true) {
                var end = e < ends.length && ends[e] < edges[b] && (s >= starts.length || ends[e] <= starts[s]);
                if (end) {
                    open--;
                    e++;
                } else if (s < starts.length && starts[s] < edges[b]) {
                    open++;
                    s++;
                } else {
                    break;
                }
            }
            var peak = open;
            while (true) {
                var end = e < ends.length && ends[e] < edges[b + 1] && (s >= starts.length || ends[e] <= starts[s]);
                if (end) {
                    open--;
                    e++;
                } else if (s < starts.length && starts[s] < edges[b + 1]) {
                    open++;
                    s++;
                    peak = Math.max(peak, open);
                } else {
                    break;
                }
            }
            peaks[b] = peak;
        }
        return peaks;
    }

    /** The median of these lengths in milliseconds, in whole seconds (the mean of the middle two of an even number), or null. */
    static Long medianSeconds(List<Long> lengths) {
        if (lengths.isEmpty()) {
            return null;
        }
        var sorted = lengths.stream().mapToLong(Long::longValue).sorted().toArray();
        var middle = sorted.length / 2;
        var millis = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
        return Math.round(millis / 1000.0);
    }

    /** The bucket this time falls in, or -1 outside them all. */
    private static int bucket(long at, long[] edges) {
        if (at < edges[0] || at >= edges[edges.length - 1]) {
            return -1;
        }
        var found = Arrays.binarySearch(edges, at);
        return found >= 0 ? found : -found - 2;
    }

    private static SvgChart.Series series(String name, String cssClass, int n, IntFunction<Double> value, IntFunction<String> text) {
        var values = new ArrayList<Double>(n);
        var texts = new ArrayList<String>(n);
        for (int i = 0; i < n; i++) {
            values.add(value.apply(i));
            texts.add(text.apply(i));
        }
        return new SvgChart.Series(name, cssClass, values, texts);
    }

    private static String count(long count, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", count, count == 1 ? one : many);
    }

    private static String bucketColumn(String unit) {
        return ("hour".equals(unit) ? "Hour" : "Day") + " (UTC)";
    }
}
