package dev.roomwarden.history;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import com.google.protobuf.util.JsonFormat;
import dev.roomwarden.FlowTest;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.emulator.TrackSpec;
import livekit.LivekitAgent.Job;
import livekit.LivekitAgent.JobState;
import livekit.LivekitAgent.JobStatus;
import livekit.LivekitAgentDispatch.AgentDispatch;
import livekit.LivekitAgentDispatch.AgentDispatchState;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.FileInfo;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitWebhook.WebhookEvent;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A support call's timeline as staff read it after the call, over real HTTP against the emulator: joins, a removal by a
 * moderator through Roomwarden with a reason, a participant leaving by themselves, the room ended, a recording and what
 * polling saw; and what a viewer may not see.
 */
class TimelineFlowTest extends FlowTest {

    private static final TrackSpec MICROPHONE = new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false);
    private static final String REASON = "agent looping on the refund question";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    HistorySessions sessions;

    @Autowired
    HistoryRecorder recorder;

    @Autowired
    DataSource dataSource;

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        // The emulator delivers on its own thread; generous, for a loaded machine.
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(done.getAsBoolean()).as(what).isTrue();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * The call: an agent, a customer and a visitor join; a moderator removes the agent with a reason through
     * Roomwarden's removal; the visitor leaves by themselves; the room is ended. Returns the room's sid.
     */
    private String supportCall(String room) throws Exception {
        var agent = emulator.state().addParticipant(room, new ParticipantSpec("agent-" + room, "Agent", ParticipantInfo.Kind.AGENT, "", Map.of(), List.of(MICROPHONE)));
        emulator.state().addParticipant(room, new ParticipantSpec("customer-" + room, "Kim", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of(MICROPHONE)));
        emulator.state().addParticipant(room, new ParticipantSpec("visitor-" + room, "", ParticipantInfo.Kind.SIP, "", Map.of(), List.of()));
        var sid = emulator.state().room(room).orElseThrow().getSid();
        await("three joins recorded", () -> sessions.participants(sid).size() == 3);

        var moderator = loggedIn("moderator", "/rooms/" + room);
        var removed = moderator.postForm("/rooms/" + room + "/participants/agent-" + room + "/remove?sid=" + agent.getSid(),
                Map.of("reason", REASON));
        assertThat(removed.statusCode()).isEqualTo(302);
        assertThat(emulator.state().participant(room, "agent-" + room)).isEmpty();

        emulator.state().removeParticipant(room, "visitor-" + room, DisconnectReason.CLIENT_INITIATED);
        emulator.state().deleteRoom(room);
        await("the room and every participant ended", () -> sessions.room(sid).map(s -> s.ended() != null).orElse(false)
                && sessions.participants(sid).stream().allMatch(p -> p.left() != null));
        return sid;
    }

    /** A recording's end as LiveKit's webhook says it, and what polling saw of an agent (part of no webhook). */
    private void recordingAndAgentSeenByPolling(String room, String sid) throws Exception {
        var session = sessions.room(sid).orElseThrow();
        var middle = session.started().plusMillis(Duration.between(session.started(), session.ended()).toMillis() / 2);
        var egress = WebhookEvent.newBuilder().setId("EV_" + UUID.randomUUID().toString().substring(0, 12)).setEvent("egress_ended")
                .setCreatedAt(middle.getEpochSecond()).setRoom(Room.newBuilder().setSid(sid).setName(room))
                .setEgressInfo(EgressInfo.newBuilder().setEgressId("EG_timeline1").setRoomId(sid).setRoomName(room)
                        .setStatus(EgressStatus.EGRESS_COMPLETE).setRoomComposite(RoomCompositeEgressRequest.newBuilder().setRoomName(room))
                        .setDetails("End reason: Source closed")
                        .addFileResults(FileInfo.newBuilder().setFilename("calls/" + room + ".mp4").setSize(1_234_567)
                                .setDuration(Duration.ofSeconds(95).toNanos()).setLocation("s3://recordings/calls/" + room + ".mp4")))
                .build();
        assertThat(SignedWebhook.post(port, JsonFormat.printer().print(egress), API_KEY, API_SECRET).statusCode()).isEqualTo(200);

        var dispatch = AgentDispatch.newBuilder().setId("AD_timeline1").setAgentName("refund-helper").setRoom(room)
                .setState(AgentDispatchState.newBuilder().setCreatedAt(middle.toEpochMilli() * 1_000_000)).build();
        var job = Job.newBuilder().setId("AJ_timeline1").setDispatchId("AD_timeline1").setAgentName("refund-helper")
                .setState(JobState.newBuilder().setStatus(JobStatus.JS_FAILED).setError("agent worker left the room")
                        .setParticipantIdentity("agent-" + room)).build();
        insert("RW_AD_timeline1-" + room, "agent_dispatched", middle, room, sid, null, JsonFormat.printer().print(dispatch));
        insert("RW_JOB_END_AJ_timeline1-" + room, "agent_job_ended", middle.plusSeconds(1), room, sid, "agent-" + room, JsonFormat.printer().print(job));
        insert("RW_future-" + room, "participant_teleported", middle.plusSeconds(1), room, sid, null, "{}");
        // A leave polling saw that no webhook said, through the recorder as part C's polling records it.
        var quiet = ParticipantInfo.newBuilder().setSid("PA_quiet" + room.hashCode()).setIdentity("quiet-" + room)
                .setDisconnectReason(DisconnectReason.UNKNOWN_REASON);
        recorder.record(WebhookEvent.newBuilder().setId("RW_POLL_left_" + room).setEvent("participant_left")
                .setCreatedAt(middle.getEpochSecond()).setRoom(Room.newBuilder().setSid(sid).setName(room)).setParticipant(quiet).build(),
                HistoryEvents.Source.POLLING);
    }

    private void insert(String id, String type, Instant at, String room, String sid, String identity, String json) {
        jdbc.sql("""
                INSERT INTO history_event (event_id, event_type, created_at, received_at, room_name, room_sid, participant_identity,
                    event_json, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'polling')""")
                .params(id, type, Timestamp.from(at), Timestamp.from(at), room, sid, identity, json).update();
    }

    /** The text of the page as a person reads it: tags out, entities and whitespace as a browser shows them. */
    private static String text(String html) {
        return html.replaceAll("(?s)<script.*?</script>", " ").replaceAll("<[^>]+>", " ").replace("&amp;", "&")
                .replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replaceAll("\\s+", " ");
    }

    private static void inOrder(String text, String... phrases) {
        var at = -1;
        for (var phrase : phrases) {
            var next = text.indexOf(phrase, at + 1);
            assertThat(next).as("“" + phrase + "” after the one before it").isGreaterThan(at);
            at = next;
        }
    }

    @Test
    void aModeratorReadsTheCallInOrderWithWhoRemovedTheAgentAndWhy() throws Exception {
        var room = unique("timeline-call");
        var sid = supportCall(room);
        recordingAndAgentSeenByPolling(room, sid);

        var answer = loggedIn("moderator").get("/history/" + sid);

        assertThat(answer.statusCode()).isEqualTo(200);
        var page = text(answer.body());
        inOrder(page, "Room started", "“agent-" + room + "” (“Agent”) joined (kind: agent)", "“customer-" + room + "” (“Kim”) joined (kind: participant)",
                "“visitor-" + room + "” joined (kind: SIP caller)",
                "“moderator” (MODERATOR): remove participant “agent-" + room + "” — “" + REASON + "”; LiveKit: done",
                "“agent-" + room + "” (“Agent”) left: removed by “moderator” — “" + REASON + "”",
                "“visitor-" + room + "” left: left by themselves", "“customer-" + room + "” (“Kim”) left: the room was ended", "Room finished");
        assertThat(page).contains("published a track", ": microphone (audio)",
                "Recording EG_timeline1 (room composite) ended, status complete: file “calls/" + room + ".mp4”, 1234567 bytes, 1 min 35 s, at s3://recordings/calls/"
                        + room + ".mp4; End reason: Source closed",
                "Agent “refund-helper” dispatched (AD_timeline1)",
                "Agent “refund-helper”, job AJ_timeline1 ended as “agent-" + room + "”, status failed: “agent worker left the room”",
                "“participant_teleported” (an event Roomwarden has no words for)",
                "“quiet-" + room + "” left: no reason given", "observed by polling — no webhook said this");
        assertThat(page).doesNotContain("kept no “room started”");
        // Offsets from the room's start, and the staff action linked to the audit log rather than copied.
        assertThat(page).containsPattern("\\+00:0\\d Room started");
        assertThat(answer.body()).contains("/audit?user=moderator&amp;action=REMOVE_PARTICIPANT&amp;room=" + room, "/history?room=" + room,
                "/history/" + sid + ".csv", "/history/" + sid + ".json");
        // The participants table: kind, why each left in words, tracks published.
        assertThat(page).contains("agent-" + room + " Agent agent", "removed by “moderator” — “" + REASON + "” audit entry",
                "visitor-" + room, "left by themselves 0", "the room was ended 1");
        // The polling mark is on the polling events only: the agent's two, the unknown event and the leave.
        assertThat(Pattern.compile("observed by polling — no webhook said this</span>").matcher(answer.body()).results().count()).isEqualTo(4);
    }

    @Test
    void aViewerSeesLiveKitsEventsButNoStaffActionAndNoReasonOnThePageOrInTheExports() throws Exception {
        var room = unique("timeline-viewer");
        var sid = supportCall(room);
        var viewer = loggedIn("viewer");

        var page = text(viewer.get("/history/" + sid).body());
        var csv = viewer.get("/history/" + sid + ".csv");
        var json = viewer.get("/history/" + sid + ".json");

        assertThat(page).contains("“agent-" + room + "” (“Agent”) left: removed (by staff or the API)", "“visitor-" + room + "” left: left by themselves",
                "Staff actions are visible to moderators and administrators.");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(json.statusCode()).isEqualTo(200);
        for (var shown : List.of(page, csv.body(), json.body())) {
            assertThat(shown).doesNotContain(REASON, "staff action", "staff_action", "remove participant", "removed by");
        }
        assertThat(csv.body()).contains("removed (by staff or the API)", "Staff actions are visible to moderators and administrators.");
        var bundle = JSON.readTree(json.body());
        assertThat(bundle.has("staffActions")).isFalse();
        assertThat(bundle.get("staffActionsNote").asString()).isEqualTo("Staff actions are visible to moderators and administrators.");
        assertThat(bundle.get("events")).isNotEmpty();
    }

    @Test
    void theCsvAndJsonExportsCarryTheSameSessionAsAnAttachment() throws Exception {
        var room = unique("timeline-export");
        var sid = supportCall(room);
        var moderator = loggedIn("moderator");

        var csv = moderator.get("/history/" + sid + ".csv");
        var json = moderator.get("/history/" + sid + ".json");

        assertThat(csv.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"roomwarden-history-" + sid + ".csv\"");
        assertThat(json.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"roomwarden-history-" + sid + ".json\"");
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));

        var bundle = JSON.readTree(json.body());
        assertThat(bundle.get("room").get("name").asString()).isEqualTo(room);
        assertThat(bundle.get("room").get("sid").asString()).isEqualTo(sid);
        assertThat(bundle.get("participants")).hasSize(3);
        var jsonEvents = new ArrayList<String>();
        bundle.get("events").forEach(e -> jsonEvents.add(e.get("type").asString() + " | " + e.get("words").asString()));
        var csvEvents = new ArrayList<String>();
        var staffRows = new ArrayList<String>();
        for (var line : csv.body().split("\r\n")) {
            var cells = cells(line);
            if (cells.get(0).equals("event")) {
                csvEvents.add(cells.get(3) + " | " + cells.get(5));
            } else if (cells.get(0).equals("staff_action")) {
                staffRows.add(cells.get(5));
            }
        }
        assertThat(csv.body()).startsWith("\"record\",\"time\",\"offset\",\"type\",\"participant\",\"words\",\"source\"");
        assertThat(csvEvents).isEqualTo(jsonEvents).isNotEmpty();
        assertThat(jsonEvents.get(0)).isEqualTo("room_started | Room started");
        assertThat(jsonEvents).contains("participant_left | “agent-" + room + "” (“Agent”) left: removed by “moderator” — “" + REASON + "”");
        assertThat(staffRows).singleElement().satisfies(words -> assertThat(words).contains("remove participant", REASON));
        JsonNode staff = bundle.get("staffActions");
        assertThat(staff).hasSize(1);
        assertThat(staff.get(0).get("user").asString()).isEqualTo("moderator");
        assertThat(staff.get(0).get("reason").asString()).isEqualTo(REASON);
        assertThat(staff.get(0).get("outcome").asString()).isEqualTo("DONE");
    }

    /** The cells of one CSV line whose every cell is quoted (none of these has a line break). */
    private static List<String> cells(String line) {
        var cells = new ArrayList<String>();
        var matcher = Pattern.compile("\"((?:[^\"]|\"\")*)\"").matcher(line);
        while (matcher.find()) {
            cells.add(matcher.group(1).replace("\"\"", "\""));
        }
        return cells;
    }

    @Test
    void aSessionWhoseStartRoomwardenNeverSawSaysSo() throws Exception {
        var room = unique("timeline-late");
        var sid = "RM_late" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        var joined = WebhookEvent.newBuilder().setId("EV_" + sid).setEvent("participant_joined").setCreatedAt(Instant.now().getEpochSecond())
                .setRoom(Room.newBuilder().setSid(sid).setName(room).setCreationTime(Instant.now().minusSeconds(600).getEpochSecond()))
                .setParticipant(ParticipantInfo.newBuilder().setSid("PA_" + sid).setIdentity("caller-late")).build();
        assertThat(SignedWebhook.post(port, JsonFormat.printer().print(joined), API_KEY, API_SECRET).statusCode()).isEqualTo(200);

        var page = text(loggedIn("viewer").get("/history/" + sid).body());

        assertThat(page).contains("Roomwarden kept no “room started” for this session", "+10:00 “caller-late” joined (kind: participant)",
                "1 LiveKit event kept", "live, or no end seen", "no leave seen");
    }

    @Test
    void namesAndMetadataFromLiveKitAreEscapedOnThePageAndPlainTextInTheCsv() throws Exception {
        var room = unique("timeline-<script>alert(1)</script>");
        var sid = "RM_hostile" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        var metadata = "<img src=x onerror=alert(2)>" + "x".repeat(100);
        var joined = WebhookEvent.newBuilder().setId("EV_" + sid).setEvent("participant_joined").setCreatedAt(Instant.now().getEpochSecond())
                .setRoom(Room.newBuilder().setSid(sid).setName(room).setMetadata(metadata))
                .setParticipant(ParticipantInfo.newBuilder().setSid("PA_" + sid).setIdentity("=HYPERLINK(\"http://evil\")").setName("<b>Eve</b>")).build();
        assertThat(SignedWebhook.post(port, JsonFormat.printer().print(joined), API_KEY, API_SECRET).statusCode()).isEqualTo(200);
        var viewer = loggedIn("viewer");

        var page = viewer.get("/history/" + sid).body();
        var csv = viewer.get("/history/" + sid + ".csv").body();

        assertThat(page).doesNotContain("<script>alert(1)", "<img src=x", "<b>Eve</b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;", "<details>");
        assertThat(csv).contains("\"'=HYPERLINK(\"\"http://evil\"\")\"").doesNotContain("\"=HYPERLINK");
    }

    @Test
    void anUnknownSessionIsA404InWordsAndABadSidIsRefused() {
        var viewer = loggedIn("viewer");

        var unknown = viewer.get("/history/RM_neverKept41130");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(text(unknown.body())).contains("No history for this room session", "RM_neverKept41130", "retention");
        assertThat(viewer.get("/history/RM_neverKept41130.csv").statusCode()).isEqualTo(404);
        assertThat(viewer.get("/history/RM_neverKept41130.json").body()).contains("No history for this room session");

        for (var bad : List.of("not-a-sid", "RM_" + "x".repeat(80), "RM_a%3Cscript%3E", "RM_a%20b")) {
            var answer = viewer.get("/history/" + bad);
            assertThat(answer.statusCode()).as(bad).isEqualTo(400);
            assertThat(answer.body()).as(bad).contains("is not a LiveKit room sid").doesNotContain("<script>");
        }
        assertThat(viewer.get("/history/RM_a%20b.csv").statusCode()).isEqualTo(400);
        assertThat(viewer.get("/history/RM_ok?after=yesterday").statusCode()).isEqualTo(400);
    }

    @Test
    void aLongSessionIsPagedInOrderWithLaterEvents() throws Exception {
        var room = unique("timeline-long");
        var sid = "RM_long" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        var start = Instant.parse("2026-11-30T09:00:00Z");
        var started = WebhookEvent.newBuilder().setId("EV_" + sid).setEvent("room_started").setCreatedAt(start.getEpochSecond())
                .setRoom(Room.newBuilder().setSid(sid).setName(room).setCreationTime(start.getEpochSecond())).build();
        assertThat(SignedWebhook.post(port, JsonFormat.printer().print(started), API_KEY, API_SECRET).statusCode()).isEqualTo(200);
        // 1,200 track events, three to a second, so that the order within a second is the order they were stored.
        var batch = new ArrayList<Object[]>();
        for (int i = 1; i <= 1_200; i++) {
            var event = WebhookEvent.newBuilder().setId("EV_" + sid + "_" + i).setEvent("track_published").setCreatedAt(start.getEpochSecond() + i / 3)
                    .setRoom(Room.newBuilder().setSid(sid).setName(room))
                    .setParticipant(ParticipantInfo.newBuilder().setIdentity("speaker-" + i).setSid("PA_" + i));
            var at = Timestamp.from(Instant.ofEpochSecond(event.getCreatedAt()));
            batch.add(new Object[] {event.getId(), at, at, room, sid, "speaker-" + i, JsonFormat.printer().print(event)});
        }
        new JdbcTemplate(dataSource).batchUpdate("""
                INSERT INTO history_event (event_id, event_type, created_at, received_at, room_name, room_sid, participant_identity,
                    event_json, source) VALUES (?, 'track_published', ?, ?, ?, ?, ?, ?, 'webhook')""", batch);
        var viewer = loggedIn("viewer");

        var speakers = new ArrayList<Integer>();
        var path = "/history/" + sid;
        var pages = 0;
        while (path != null) {
            var body = pages == 0 ? viewer.get(path).body() : viewer.getHtmx(path).body();
            var matcher = Pattern.compile("“speaker-(\\d+)” published").matcher(body);
            var onPage = 0;
            while (matcher.find()) {
                speakers.add(Integer.parseInt(matcher.group(1)));
                onPage++;
            }
            assertThat(onPage).as("events on page " + (pages + 1)).isLessThanOrEqualTo(500);
            var later = Pattern.compile("id=\"later-events\"[^>]*href=\"([^\"]+)\"").matcher(body);
            path = later.find() ? later.group(1).replace("&amp;", "&") : null;
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(text(viewer.get("/history/" + sid).body())).contains("1,201 LiveKit events kept").doesNotContain("kept no “room started”");
        assertThat(speakers).hasSize(1_200);
        for (int i = 0; i < speakers.size(); i++) {
            assertThat(speakers.get(i)).as("event " + i).isEqualTo(i + 1);
        }
    }
}
