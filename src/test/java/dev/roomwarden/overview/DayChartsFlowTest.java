package dev.roomwarden.overview;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.roomwarden.FlowTest;
import dev.roomwarden.OffsetClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "How the day went" reads what history stored: a known day of room and participant sessions, hand-overs and
 * removals, seeded at a moved clock, and every number in the charts' tables as it must be. An application of its
 * own (its own database and clock), so that no other flow's sessions are counted.
 */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:daycharts;DB_CLOSE_DELAY=-1")
class DayChartsFlowTest extends FlowTest {

    /** Friday 2026-11-20, 15:30 UTC: the last 24 hours are 2026-11-19 16:00 to now, the last 7 days 2026-11-14 to now. */
    private static final Instant NOW = Instant.parse("2026-11-20T15:30:00Z");
    private static final OffsetClock CLOCK = new OffsetClock();

    @TestBean
    Clock clock;

    static Clock clock() {
        return CLOCK;
    }

    private int ids;

    @BeforeEach
    void theSeededDay() {
        CLOCK.setNow(NOW);
        for (var table : List.of("participant_session", "room_session", "hand_over", "audit_record")) {
            jdbc.sql("DELETE FROM " + table).update();
        }
        // Rooms on the day: A and B together at 09:20, C after them, D open since 11:00, G H I short ones at 14:00.
        room("A", "2026-11-20T09:10:00Z", "2026-11-20T09:40:00Z");
        room("B", "2026-11-20T09:20:00Z", "2026-11-20T09:35:00Z");
        room("C", "2026-11-20T09:50:00Z", "2026-11-20T10:10:00Z");
        room("D", "2026-11-20T11:00:00Z", null);
        room("G", "2026-11-20T14:00:00Z", "2026-11-20T14:00:45Z");
        room("H", "2026-11-20T14:10:00Z", "2026-11-20T14:12:00Z");
        room("I", "2026-11-20T14:20:00Z", "2026-11-20T14:30:00Z");
        // Started before the last 24 hours, ended in them: open at their start.
        room("E", "2026-11-19T10:00:00Z", "2026-11-19T17:30:00Z");
        // Earlier in the week; K started before the 7 days and ended in them.
        room("J", "2026-11-15T12:00:00Z", "2026-11-15T12:30:00Z");
        room("K", "2026-11-10T00:00:00Z", "2026-11-14T01:00:00Z");
        // No end seen, started long before: a lost end, not a room open for weeks.
        room("F", "2026-11-01T08:00:00Z", null);

        participant("A", "2026-11-20T09:10:05Z", "2026-11-20T09:39:55Z");
        participant("A", "2026-11-20T09:11:00Z", "2026-11-20T09:40:00Z");
        participant("B", "2026-11-20T09:20:00Z", "2026-11-20T09:35:00Z");
        // One leaves the moment another joins: never together.
        participant("C", "2026-11-20T09:50:00Z", "2026-11-20T10:00:00Z");
        participant("C", "2026-11-20T10:00:00Z", "2026-11-20T10:05:00Z");
        participant("D", "2026-11-20T11:00:10Z", null);
        participant("D", "2026-11-20T11:01:00Z", "2026-11-20T11:30:00Z");

        handOver("2026-11-20T09:25:00Z", "LEFT");
        handOver("2026-11-20T09:30:00Z", "FAILED");
        handOver("2026-11-20T14:05:00Z", "REMOVED");
        handOver("2026-11-20T14:15:00Z", "RUNNING");
        handOver("2026-11-15T10:00:00Z", "LEFT");

        audit("2026-11-20T09:33:00Z", "REMOVE_PARTICIPANT", "DONE");
        audit("2026-11-20T09:34:00Z", "REMOVE_PARTICIPANT", "DONE");
        audit("2026-11-20T09:36:00Z", "REMOVE_PARTICIPANT", "FAILED");
        audit("2026-11-20T14:01:00Z", "REMOVE_KEPT_OUT", "DONE");
        audit("2026-11-20T14:02:00Z", "LOGIN", "DONE");
        audit("2026-11-17T08:00:00Z", "REMOVE_PARTICIPANT", "DONE");
        audit("2026-11-20T15:40:00Z", "REMOVE_PARTICIPANT", "DONE");
    }

    @Test
    void theLast24HoursByTheHourAreWhatWasStored() {
        var page = loggedIn("viewer").get("/overview?range=24h");

        assertThat(page.statusCode()).isEqualTo(200);
        var body = page.body();
        assertThat(body).contains("class=\"nav-link active\" href=\"/overview?range=24h\"", "aria-current=\"page\">The last 24 hours</a>", "as of", "2026-11-20 15:30:");
        var concurrent = rows(body, "chart-concurrent");
        assertThat(concurrent).hasSize(24).startsWith("2026-11-19 16:00 | 1 | 0", "2026-11-19 17:00 | 1 | 0", "2026-11-19 18:00 | 0 | 0")
                .contains("2026-11-20 09:00 | 2 | 3", "2026-11-20 10:00 | 1 | 1", "2026-11-20 11:00 | 1 | 2", "2026-11-20 12:00 | 1 | 1",
                        "2026-11-20 14:00 | 2 | 1")
                .endsWith("2026-11-20 15:00 (so far) | 1 | 1");
        assertThat(nonZero(rows(body, "chart-started"))).containsExactly(
                "2026-11-20 09:00 | 3", "2026-11-20 11:00 | 1", "2026-11-20 14:00 | 3");
        assertThat(nonZero(rows(body, "chart-length"))).containsExactly(
                "2026-11-19 17:00 | 1 | 7 h 30 min 00 s", "2026-11-20 09:00 | 2 | 22 min 30 s", "2026-11-20 10:00 | 1 | 20 min 00 s",
                "2026-11-20 14:00 | 3 | 2 min 00 s");
        assertThat(nonZero(rows(body, "chart-actions"))).containsExactly(
                "2026-11-20 09:00 | 2 | 1 | 1 | 2 | 2 | 0", "2026-11-20 14:00 | 2 | 1 | 0 | 1 | 0 | 1");
        // The pictures: a bar or dot per number, with the number on hover.
        assertThat(body).contains("<title>2026-11-20 09:00 UTC: 3 sessions started</title>",
                "<title>2026-11-20 09:00 UTC: 2 rooms open at most</title>",
                "<title>2026-11-20 09:00 UTC: median 22 min 30 s of 2 sessions ended</title>",
                "<title>2026-11-20 14:00 UTC: 2 hand-overs (1 completed, 0 failed)</title>",
                "<title>2026-11-20 09:00 UTC: 2 removals (2 by staff, 0 kept out)</title>");
        assertThat(body).contains("aria-label=\"Sessions started per hour, the last 24 hours (the numbers are in the table under it)\"")
                .doesNotContain("No sessions started");
    }

    @Test
    void theLast7DaysByTheDayAreWhatWasStored() {
        var body = loggedIn("viewer").get("/overview?range=7d").body();

        assertThat(body).contains("class=\"nav-link active\" href=\"/overview?range=7d\"", "aria-current=\"page\">The last 7 days</a>");
        assertThat(rows(body, "chart-concurrent")).containsExactly("2026-11-14 (Sat) | 1 | 0", "2026-11-15 (Sun) | 1 | 0",
                "2026-11-16 (Mon) | 0 | 0", "2026-11-17 (Tue) | 0 | 0", "2026-11-18 (Wed) | 0 | 0", "2026-11-19 (Thu) | 1 | 0",
                "2026-11-20 (Fri) (so far) | 2 | 3");
        assertThat(nonZero(rows(body, "chart-started"))).containsExactly("2026-11-15 (Sun) | 1", "2026-11-19 (Thu) | 1",
                "2026-11-20 (Fri) (so far) | 7");
        assertThat(nonZero(rows(body, "chart-length"))).containsExactly("2026-11-14 (Sat) | 1 | 97 h 00 min 00 s",
                "2026-11-15 (Sun) | 1 | 30 min 00 s", "2026-11-19 (Thu) | 1 | 7 h 30 min 00 s", "2026-11-20 (Fri) (so far) | 6 | 12 min 30 s");
        assertThat(nonZero(rows(body, "chart-actions"))).containsExactly("2026-11-15 (Sun) | 1 | 1 | 0 | 0 | 0 | 0",
                "2026-11-17 (Tue) | 0 | 0 | 0 | 1 | 1 | 0", "2026-11-20 (Fri) (so far) | 4 | 2 | 1 | 3 | 2 | 1");
        assertThat(body).contains("Sessions started per day", "Hand-overs and removals per day");
    }

    @Test
    void anotherRangeAsHtmxAsksIsOnlyTheChartsSection() throws Exception {
        var browser = loggedIn("viewer");
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/overview?range=7d"))
                .header("HX-Request", "true").header("HX-Target", "overview-charts").GET().build();
        var answer = HttpClient.newBuilder().cookieHandler(browser.cookies()).build().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).startsWith("<section id=\"overview-charts\"").contains("Sessions started per day")
                .doesNotContain("now-heading", "attention-heading", "<html");
    }

    @Test
    void aRangeThatIsNeitherIsRefusedWithASentenceAndTheRestOfThePageStands() {
        var page = loggedIn("viewer").get("/overview?range=3d");

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(text(page.body())).contains("These charts cannot be shown: There is no range “3d”: the charts cover 24h (the last 24 hours)"
                + " or 7d (the last 7 days). Show the last 24 hours.");
        assertThat(page.body()).contains("id=\"now-rooms\"", "id=\"attention-heading\"", "href=\"/overview?range=7d\"")
                .doesNotContain("chart-started", "nav-link active\" href=\"/overview?range=");
    }

    @Test
    void nothingStoredInTheRangeSaysSoInsteadOfAFlatLine() {
        // Room D, open since 2026-11-20 with no end seen, is too old by then to count as open.
        CLOCK.setNow(Instant.parse("2027-01-10T12:00:00Z"));

        var body = loggedIn("viewer").get("/overview").body();

        assertThat(text(body)).contains("No rooms were open in the last 24 hours.", "No sessions started in the last 24 hours.",
                "No sessions ended in the last 24 hours.", "No hand-overs or removals in the last 24 hours.");
        assertThat(body).doesNotContain("<svg class=\"rw-chart-svg\"", "<summary>Numbers</summary>");
    }

    /** A chart's table, a row per bucket: its cells' text joined with " | ". */
    private static List<String> rows(String body, String chartId) {
        var start = body.indexOf("id=\"" + chartId + "\"");
        assertThat(start).as(chartId).isPositive();
        var tbody = body.substring(body.indexOf("<tbody>", start), body.indexOf("</tbody>", start));
        var rows = new ArrayList<String>();
        var row = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(tbody);
        while (row.find()) {
            var cells = new ArrayList<String>();
            var cell = Pattern.compile("<t[hd][^>]*>(.*?)</t[hd]>", Pattern.DOTALL).matcher(row.group(1));
            while (cell.find()) {
                cells.add(text(cell.group(1)));
            }
            rows.add(String.join(" | ", cells));
        }
        return rows;
    }

    /** The rows with anything but zeros (and dashes) after their bucket. */
    private static List<String> nonZero(List<String> rows) {
        return rows.stream().filter(row -> !row.substring(row.indexOf(" | ")).replaceAll("[ |0–]", "").isEmpty()).toList();
    }

    private static String text(String html) {
        return org.springframework.web.util.HtmlUtils.htmlUnescape(html.replaceAll("<[^>]*>", "")).replaceAll("\\s+", " ").strip();
    }

    private void room(String name, String started, String ended) {
        jdbc.sql("INSERT INTO room_session (room_sid, room_name, started_at, ended_at) VALUES (?, ?, ?, ?)")
                .params("RM_chart" + name, "chart-" + name, ts(started), ended == null ? null : ts(ended)).update();
    }

    private void participant(String room, String joined, String left) {
        jdbc.sql("INSERT INTO participant_session (participant_sid, room_sid, identity, joined_at, left_at) VALUES (?, ?, ?, ?, ?)")
                .params("PA_chart" + ids++, "RM_chart" + room, "person-" + ids, ts(joined), left == null ? null : ts(left)).update();
    }

    private void handOver(String started, String state) {
        jdbc.sql("""
                INSERT INTO hand_over (id, room, participant, username, state, progress, started_at, updated_at)
                VALUES (?, 'chart-A', 'agent', 'moderator', ?, 'done', ?, ?)""")
                .params("ho-" + ids++, state, ts(started), ts(started)).update();
    }

    private void audit(String at, String action, String outcome) {
        jdbc.sql("INSERT INTO audit_record (at, username, action, outcome, room, participant) VALUES (?, 'moderator', ?, ?, 'chart-A', ?)")
                .params(ts(at), action, outcome, "person-" + ids++).update();
    }

    private static Timestamp ts(String instant) {
        return Timestamp.from(Instant.parse(instant));
    }
}
