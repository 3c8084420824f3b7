package dev.roomwarden.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.protobuf.util.JsonFormat;
import dev.roomwarden.FlowTest;
import dev.roomwarden.emulator.FaultMode;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The history page as staff read it: sessions newest first, live ones marked, each filter, pages, drift, bad input. */
class HistoryListFlowTest extends FlowTest {

    private static final Instant DAY = Instant.parse("2026-11-28T09:00:00Z");

    @Autowired
    HistoryRecorder recorder;

    /** Room names of this test alone: the database is shared by every flow class. */
    private final String prefix = "hlist" + Long.toString(System.nanoTime(), 36) + "-";
    private int events;

    /** A room session as LiveKit's webhooks tell it: started, participants joined and left, finished (when ended is not null). */
    private String session(String room, Instant started, Instant ended, ParticipantInfo... participants) throws Exception {
        var sid = "RM_" + room;
        var info = Room.newBuilder().setName(room).setSid(sid).setCreationTimeMs(started.toEpochMilli()).build();
        post(event("room_started", started, info, null));
        for (var p : participants) {
            post(event("participant_joined", Instant.ofEpochSecond(p.getJoinedAt()), info.toBuilder().setNumParticipants(participants.length).build(), p));
            if (ended != null) {
                post(event("participant_left", ended.minusSeconds(5), info,
                        p.toBuilder().setState(ParticipantInfo.State.DISCONNECTED).setDisconnectReason(DisconnectReason.CLIENT_INITIATED).build()));
            }
        }
        if (ended != null) {
            post(event("room_finished", ended, info, null));
        }
        return sid;
    }

    private WebhookEvent event(String type, Instant at, Room room, ParticipantInfo participant) {
        var event = WebhookEvent.newBuilder().setId("EV_" + prefix + events++).setEvent(type).setCreatedAt(at.getEpochSecond()).setRoom(room);
        if (participant != null) {
            event.setParticipant(participant);
        }
        return event.build();
    }

    private void post(WebhookEvent event) throws Exception {
        assertThat(SignedWebhook.post(port, JsonFormat.printer().print(event), API_KEY, API_SECRET).statusCode()).isEqualTo(200);
    }

    private ParticipantInfo participant(String identity, String name, ParticipantInfo.Kind kind, Instant joined) {
        return ParticipantInfo.newBuilder().setSid("PA_" + prefix + identity + joined.getEpochSecond()).setIdentity(identity).setName(name)
                .setKind(kind).setState(ParticipantInfo.State.ACTIVE).setJoinedAt(joined.getEpochSecond()).build();
    }

    /** The room names in the table, top to bottom. */
    private static List<String> rooms(String page) {
        var names = new ArrayList<String>();
        var matcher = Pattern.compile("<a href=\"/history/RM_[^\"]*\"[^>]*>([^<]*)</a>").matcher(page);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The table row of one room, up to the next row. */
    private static String row(String page, String room) {
        var start = page.indexOf(">" + room + "</a>");
        assertThat(start).as("row of " + room).isPositive();
        var end = page.indexOf("class=\"rw-session\"", start);
        return page.substring(start, end < 0 ? page.length() : end);
    }

    /** What a reader sees of some HTML: its text, each run of white space as one space, entities as characters. */
    private static String text(String html) {
        return org.springframework.web.util.HtmlUtils.htmlUnescape(html.replaceAll("<[^>]*>", "")).replaceAll("\\s+", " ").strip();
    }

    @Test
    void sessionsNewestFirstWithTheirTimesDurationPeakBadgesAndLinks() throws Exception {
        var customer = participant("customer-1", "Customer", ParticipantInfo.Kind.STANDARD, DAY.plusSeconds(10));
        var agent = participant("agent-1", "Agent", ParticipantInfo.Kind.AGENT, DAY.plusSeconds(12));
        session(prefix + "agent", DAY, DAY.plusSeconds(20 * 60 + 30), customer, agent);
        session(prefix + "sip", DAY.plusSeconds(3600), DAY.plusSeconds(3600 + 45),
                participant("caller-1", "+4930123", ParticipantInfo.Kind.SIP, DAY.plusSeconds(3601)));
        session(prefix + "plain", DAY.plusSeconds(7200), DAY.plusSeconds(7200 + 2 * 3600 + 5 * 60));

        var page = loggedIn("viewer").get("/history?room=" + prefix);

        assertThat(page.statusCode()).isEqualTo(200);
        var body = page.body();
        assertThat(rooms(body)).containsExactly(prefix + "plain", prefix + "sip", prefix + "agent");
        assertThat(text(row(body, prefix + "agent"))).contains(prefix + "agent RM_" + prefix + "agent 2026-11-28 09:00:00 UTC 2026-11-28 09:20:30 UTC 20 min 30 s 2 AGENT")
                .doesNotContain("SIP caller");
        assertThat(body).contains("href=\"/history/RM_" + prefix + "agent\"");
        assertThat(row(body, prefix + "sip")).contains("45 s", "SIP caller").doesNotContain("AGENT");
        assertThat(row(body, prefix + "plain")).contains("2 h 5 min").doesNotContain("AGENT", "SIP caller");
        // The filter form shows what the URL asked for.
        assertThat(body).contains("name=\"room\" class=\"form-control form-control-sm\" maxlength=\"256\" value=\"" + prefix + "\"");
        assertThat(body).contains(">History</a>");
    }

    @Test
    void aLiveRoomIsMarkedLiveAndASessionLiveKitDoesNotListSaysNoEndSeen() throws Exception {
        emulator.state().addParticipant(prefix + "now", new ParticipantSpec("caller-now", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
        session(prefix + "lost", DAY, null);
        var viewer = loggedIn("viewer");
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!rooms(viewer.get("/history?room=" + prefix).body()).contains(prefix + "now") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        var body = viewer.get("/history?room=" + prefix).body();

        assertThat(rooms(body)).containsExactly(prefix + "now", prefix + "lost");
        assertThat(text(row(body, prefix + "now"))).contains("● live").containsPattern("\\d+ s so far").doesNotContain("no end seen");
        assertThat(row(body, prefix + "lost")).contains("no end seen").doesNotContain("● live");
        assertThat(body).doesNotContain("LiveKit did not answer");

        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO);
        forgetWhatLiveKitDid();
        var down = viewer.get("/history?room=" + prefix);

        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(row(down.body(), prefix + "now")).contains("no end seen").doesNotContain("● live");
        assertThat(down.body()).contains("LiveKit did not answer, so whether the sessions with no end seen are still live is not known.");
    }

    @Test
    void identityAnswersWhereThisPersonHasBeen() throws Exception {
        var who = prefix + "customer-41130";
        session(prefix + "monday", DAY, DAY.plusSeconds(600), participant(who, "Ann", ParticipantInfo.Kind.STANDARD, DAY.plusSeconds(60)),
                participant(prefix + "other", "Bob", ParticipantInfo.Kind.STANDARD, DAY.plusSeconds(70)));
        session(prefix + "tuesday", DAY.plus(Duration.ofDays(1)), DAY.plus(Duration.ofDays(1)).plusSeconds(900),
                participant(who, "Ann", ParticipantInfo.Kind.STANDARD, DAY.plus(Duration.ofDays(1)).plusSeconds(30)));
        session(prefix + "without", DAY.plusSeconds(30), DAY.plusSeconds(90),
                participant(prefix + "other", "Bob", ParticipantInfo.Kind.STANDARD, DAY.plusSeconds(40)));
        var viewer = loggedIn("viewer");

        var body = viewer.get("/history?identity=" + who).body();

        assertThat(rooms(body)).containsExactly(prefix + "tuesday", prefix + "monday");
        assertThat(text(row(body, prefix + "monday")))
                .contains(who + " (Ann) joined 2026-11-28 09:01:00 UTC, left 2026-11-28 09:09:55 UTC after 8 min 55 s (CLIENT_INITIATED)")
                .doesNotContain(prefix + "other");
        assertThat(text(row(body, prefix + "tuesday"))).contains(who + " (Ann) joined 2026-11-29 09:00:30 UTC, left 2026-11-29 09:14:55 UTC");
        // Or by the participant's name.
        assertThat(rooms(viewer.get("/history?room=" + prefix + "&identity=Bob").body())).containsExactly(prefix + "without", prefix + "monday");
        // With the other filters, each applied to both the identity's and the name's sessions.
        assertThat(rooms(viewer.get("/history?room=" + prefix + "&identity=" + who + "&from=2026-11-29&min=10").body()))
                .containsExactly(prefix + "tuesday");
        assertThat(rooms(viewer.get("/history?room=" + prefix + "t&identity=Ann").body())).containsExactly(prefix + "tuesday");
    }

    @Test
    void eachFilterNarrowsTheSessionsAndLinksKeepIt() throws Exception {
        session(prefix + "a-short-agent", DAY, DAY.plusSeconds(120), participant(prefix + "ag", "", ParticipantInfo.Kind.AGENT, DAY.plusSeconds(1)));
        session(prefix + "b-long-sip", DAY.plus(Duration.ofDays(1)), DAY.plus(Duration.ofDays(1)).plusSeconds(3600),
                participant(prefix + "sip", "", ParticipantInfo.Kind.SIP, DAY.plus(Duration.ofDays(1)).plusSeconds(1)));
        session(prefix + "c-mid", DAY.plus(Duration.ofDays(2)), DAY.plus(Duration.ofDays(2)).plusSeconds(600));
        session(prefix + "c-open", DAY.plus(Duration.ofDays(2)).plusSeconds(60), null);
        var viewer = loggedIn("viewer");
        var all = "/history?room=" + prefix;

        assertThat(rooms(viewer.get(all).body())).hasSize(4);
        assertThat(rooms(viewer.get(all + "c-").body())).as("room name prefix").containsExactly(prefix + "c-open", prefix + "c-mid");
        assertThat(rooms(viewer.get("/history?room=" + prefix + "c-mid").body())).as("a whole name").containsExactly(prefix + "c-mid");
        assertThat(rooms(viewer.get(all + "&kind=agent").body())).containsExactly(prefix + "a-short-agent");
        assertThat(rooms(viewer.get(all + "&kind=sip").body())).containsExactly(prefix + "b-long-sip");
        assertThat(rooms(viewer.get(all + "&from=2026-11-29").body())).containsExactly(prefix + "c-open", prefix + "c-mid", prefix + "b-long-sip");
        assertThat(rooms(viewer.get(all + "&to=2026-11-29").body())).containsExactly(prefix + "b-long-sip", prefix + "a-short-agent");
        assertThat(rooms(viewer.get(all + "&from=2026-11-29&to=2026-11-29").body())).containsExactly(prefix + "b-long-sip");
        assertThat(rooms(viewer.get(all + "&min=5").body())).as("at least 5 minutes, ended").containsExactly(prefix + "c-mid", prefix + "b-long-sip");
        assertThat(rooms(viewer.get(all + "&max=10").body())).as("at most 10 minutes").containsExactly(prefix + "c-mid", prefix + "a-short-agent");
        assertThat(rooms(viewer.get(all + "&min=5&max=10").body())).containsExactly(prefix + "c-mid");
        // A name's % and _ are characters, not wildcards.
        assertThat(rooms(viewer.get("/history?room=" + prefix.substring(0, 3) + "%25").body())).isEmpty();

        var filtered = viewer.get(all + "&kind=sip&min=5").body();
        assertThat(filtered).contains("<option value=\"sip\" selected=\"selected\">", "name=\"min\" type=\"number\" min=\"0\" class=\"form-control form-control-sm\" value=\"5\"");
        assertThat(viewer.getHtmx(all + "&kind=sip").body()).as("htmx gets the table alone").contains("id=\"history-table\"", prefix + "b-long-sip")
                .doesNotContain("<html", "id=\"history-filter\"");
    }

    @Test
    void pagesOfFiftyNewestFirstWithNewerAndOlderLinksThatKeepTheFilter() throws Exception {
        for (int i = 0; i < 52; i++) {
            session(String.format("%sp%02d", prefix, i), DAY.plusSeconds(60L * i), DAY.plusSeconds(60L * i + 30));
        }
        var viewer = loggedIn("viewer");

        var first = viewer.get("/history?room=" + prefix).body();
        assertThat(rooms(first)).hasSize(50).first().isEqualTo(prefix + "p51");
        assertThat(rooms(first).get(49)).isEqualTo(prefix + "p02");
        assertThat(first).contains("href=\"/history?room=" + prefix + "&amp;page=2\"").doesNotContain("rel=\"prev\"");

        var second = viewer.get("/history?room=" + prefix + "&page=2").body();
        assertThat(rooms(second)).containsExactly(prefix + "p01", prefix + "p00");
        assertThat(second).contains("rel=\"prev\"", "href=\"/history?room=" + prefix + "\"").doesNotContain("rel=\"next\"");
        assertThat(rooms(viewer.get("/history?room=" + prefix + "&page=3").body())).isEmpty();
    }

    private long driftShown(String page) {
        var matcher = Pattern.compile("Webhook drift: (?:<strong>(\\d+)</strong>|none)").matcher(page);
        assertThat(matcher.find()).as("drift sentence").isTrue();
        return matcher.group(1) == null ? 0 : Long.parseLong(matcher.group(1));
    }

    @Test
    void webhookDriftCountsTheLiveKitEventsOnlyPollingSawInTheLastSevenDays() throws Exception {
        var viewer = loggedIn("viewer");
        var before = driftShown(viewer.get("/history").body());
        var now = Instant.now();
        var room = Room.newBuilder().setName(prefix + "drift").setSid("RM_" + prefix + "drift").build();
        var p = participant(prefix + "seen", "", ParticipantInfo.Kind.STANDARD, now.minusSeconds(30));
        recorder.record(event("participant_joined", now.minusSeconds(30), room, p), HistoryEvents.Source.POLLING);
        recorder.record(event("room_finished", now, room, null), HistoryEvents.Source.POLLING);
        // Roomwarden's own (no webhook ever says it), too old, or said by a webhook: not drift.
        recorder.record(event("agent_dispatched", now, room, null), HistoryEvents.Source.POLLING);
        recorder.record(event("participant_left", now.minus(Duration.ofDays(8)), room, p), HistoryEvents.Source.POLLING);
        recorder.record(event("room_started", now, room, null), HistoryEvents.Source.WEBHOOK);

        var body = viewer.get("/history").body();

        assertThat(driftShown(body)).isEqualTo(before + 2);
        assertThat(text(body)).contains("Webhook drift: " + (before + 2) + " events in the last 7 days that only polling saw: LiveKit's webhooks"
                + " for them were lost or late. Check the webhook URL in LiveKit's configuration (it ends in /livekit/webhook) and LiveKit's logs.");
    }

    @Test
    void badParametersAre400WithAMessageAndTheFormAsTyped() throws Exception {
        var viewer = loggedIn("viewer");
        var sessionsBefore = jdbc.sql("SELECT COUNT(*) FROM room_session").query(Long.class).single();

        for (var bad : Map.of(
                "from=2026-13-01", "The &#39;from&#39; date must look like 2026-11-25.",
                "from=2026-11-30&to=2026-11-01", "The &#39;from&#39; date 2026-11-30 is after the &#39;to&#39; date 2026-11-01.",
                "min=-5", "The shortest duration is a whole number of minutes, from 0 to 525600.",
                "max=ten", "The longest duration is a whole number of minutes",
                "min=30&max=10", "The shortest duration (30 min) is longer than the longest (10 min).",
                "kind=robot", "Unknown kind &#39;robot&#39;: the kind is agent or sip.",
                "page=0", "The page must be a number from 1.").entrySet()) {
            var answer = viewer.get("/history?room=" + prefix + "&" + bad.getKey());
            assertThat(answer.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(answer.body()).as(bad.getKey()).contains("This filter cannot be used:", bad.getValue(), "id=\"history-filter\"",
                    "value=\"" + prefix + "\"").doesNotContain("id=\"history-table\"");
        }
        var htmx = viewer.getHtmx("/history?kind=robot");
        assertThat(htmx.statusCode()).isEqualTo(400);
        assertThat(htmx.body()).contains("Unknown kind &#39;robot&#39;").doesNotContain("<html");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM room_session").query(Long.class).single()).isEqualTo(sessionsBefore);
    }
}
