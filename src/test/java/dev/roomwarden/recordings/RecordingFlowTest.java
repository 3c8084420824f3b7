package dev.roomwarden.recordings;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.roomwarden.EventStream;
import dev.roomwarden.FlowTest;
import dev.roomwarden.StaffBrowser;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recording from the room page, over real HTTP through the SDK's EgressServiceClient to the emulator's simulated
 * egress worker (FlowTest makes it quick): start, stop, a failed egress, a LiveKit without a worker or without Egress,
 * and who may.
 */
class RecordingFlowTest extends FlowTest {

    private static final String ROOM = "support-19";
    private static final String ROOM_PAGE = "/rooms/" + ROOM;
    private static final String RECORD = ROOM_PAGE + "/record";
    private static final Duration SOON = Duration.ofSeconds(10);

    @BeforeEach
    void aSupportCallWithACustomer() {
        emulator.state().addParticipant(ROOM, new ParticipantSpec("customer-1", "Kim", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
    }

    private EgressInfo onlyEgress() {
        assertThat(emulator.egresses().all()).hasSize(1);
        return emulator.egresses().all().get(0);
    }

    private EgressInfo waitFor(String egressId, EgressStatus status) throws InterruptedException {
        var deadline = System.nanoTime() + SOON.toNanos();
        while (System.nanoTime() < deadline) {
            var egress = emulator.egresses().all().stream().filter(e -> e.getEgressId().equals(egressId)).findFirst().orElseThrow();
            if (egress.getStatus() == status) {
                return egress;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(egressId + " did not become " + status);
    }

    private String recordTheRoom(StaffBrowser moderator) throws InterruptedException {
        var answer = moderator.postHtmx(RECORD, Map.of("what", "room", "layout", "grid", "reason", "consent given"));
        assertThat(answer.statusCode()).isEqualTo(200);
        var id = onlyEgress().getEgressId();
        waitFor(id, EgressStatus.EGRESS_ACTIVE);
        return id;
    }

    /** The room page as this browser sees it once {@code condition} holds, within a few seconds of refreshing. */
    private static String roomPageWhere(StaffBrowser browser, Predicate<String> condition) throws InterruptedException {
        var deadline = System.nanoTime() + SOON.toNanos();
        String page = "";
        while (System.nanoTime() < deadline) {
            page = browser.get(ROOM_PAGE).body();
            if (condition.test(page)) {
                return page;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The room page never showed what was expected:\n" + page);
    }

    @Test
    void aModeratorRecordsTheRoomAndThePageShowsTheRecordingWithItsElapsedTime() throws Exception {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        assertThat(moderator.get(ROOM_PAGE).body()).contains("Record…", RECORD);
        assertThat(moderator.getHtmx(RECORD).body()).contains("<dialog", "name=\"_csrf\"", "value=\"speaker\"",
                "value=\"single-speaker\"", "name=\"audioOnly\"", "value=\"customer-1\"", "recordings/{room_name}-{time}")
                .doesNotContain("name=\"filePath\"");

        var answer = moderator.postHtmx(RECORD, Map.of("what", "room", "layout", "speaker", "reason", "the customer agreed"));

        assertThat(answer.statusCode()).isEqualTo(200);
        var egress = onlyEgress();
        assertThat(egress.getEgressId()).startsWith("EG_");
        assertThat(egress.getRoomName()).isEqualTo(ROOM);
        assertThat(egress.getRoomComposite().getLayout()).isEqualTo("speaker");
        assertThat(egress.getRoomComposite().getAudioOnly()).isFalse();
        assertThat(answer.body()).contains("LiveKit is starting to record “support-19” to “recordings/{room_name}-{time}” ("
                + egress.getEgressId() + ").");
        assertThat(lastAudited()).containsEntry("ACTION", "START_RECORDING").containsEntry("OUTCOME", "DONE")
                .containsEntry("ROOM", ROOM).containsEntry("REASON", "the customer agreed")
                .containsEntry("DETAIL", egress.getEgressId() + " · room composite, speaker · recordings/{room_name}-{time} · LiveKit: EGRESS_STARTING");

        waitFor(egress.getEgressId(), EgressStatus.EGRESS_ACTIVE);
        var page = roomPageWhere(moderator, html -> html.contains("id=\"recording-badge\""));
        assertThat(page).contains("● REC", "id=\"recording-" + egress.getEgressId() + "\"", "● recording", "room composite, speaker",
                "Stop recording", "/recordings/" + egress.getEgressId() + "/stop?from=room");
        assertThat(page).containsPattern("● REC <span\\s+data-elapsed-since=\"[^\"]+\">(\\d+ s|under 1 s)</span>");
        // LiveKit lists its recorder (identity = egress id) among the participants: it is stopped, not moderated.
        assertThat(page).contains("hidden from the others", "Stop its recording under")
                .doesNotContain("/participants/" + egress.getEgressId() + "/remove", "value=\"" + egress.getEgressId() + "\"");
    }

    @Test
    void audioOnlyRecordsTheRoomWithoutALayout() {
        var moderator = loggedIn("moderator", ROOM_PAGE);

        moderator.postHtmx(RECORD, Map.of("what", "room", "layout", "speaker", "audioOnly", "true"));

        assertThat(onlyEgress().getRoomComposite().getAudioOnly()).isTrue();
        assertThat((String) lastAudited().get("DETAIL")).startsWith(onlyEgress().getEgressId() + " · room composite, audio only · ");
    }

    @Test
    void aModeratorRecordsOneParticipant() {
        var moderator = loggedIn("moderator", ROOM_PAGE);

        var answer = moderator.postHtmx(RECORD, Map.of("what", "participant", "identity", "customer-1"));

        var egress = onlyEgress();
        assertThat(egress.getParticipant().getIdentity()).isEqualTo("customer-1");
        assertThat(answer.body()).contains("LiveKit is starting to record “customer-1” in “support-19” to “recordings/{room_name}-{time}” ("
                + egress.getEgressId() + ").");
        assertThat(lastAudited()).containsEntry("ACTION", "START_RECORDING").containsEntry("OUTCOME", "DONE")
                .containsEntry("PARTICIPANT", "customer-1")
                .containsEntry("DETAIL", egress.getEgressId() + " · participant “customer-1” · recordings/{room_name}-{time} · LiveKit: EGRESS_STARTING");
    }

    @Test
    void aParticipantWhoLeftOrARoomThatEndedIsNotRecorded() {
        var moderator = loggedIn("moderator", ROOM_PAGE);

        var left = moderator.postHtmx(RECORD, Map.of("what", "participant", "identity", "someone-else"));
        assertThat(left.body()).contains("“someone-else” is no longer in “support-19”; nothing is recorded.");
        assertThat(lastAudited()).containsEntry("ACTION", "START_RECORDING").containsEntry("OUTCOME", "ALREADY_GONE");

        emulator.state().deleteRoom(ROOM);
        var ended = moderator.postHtmx(RECORD, Map.of("what", "room"));
        assertThat(ended.body()).contains("“support-19” has ended; nothing is recorded.");
        assertThat(emulator.egresses().all()).isEmpty();
    }

    @Test
    void stoppingFromTheRoomPageEndsTheRecordingAndIsAudited() throws Exception {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        var id = recordTheRoom(moderator);
        var stop = "/recordings/" + id + "/stop?from=room";
        assertThat(moderator.getHtmx(stop).body()).contains("Stop recording <span class=\"font-monospace\">" + id + "</span>?",
                "room composite, grid", "Keep recording", "name=\"room\" value=\"support-19\"");

        var answer = moderator.postHtmx(stop, Map.of("room", ROOM, "reason", "consent withdrawn"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("The recording " + id + " (room composite, grid) is stopping: LiveKit ends it once its file is written.",
                "id=\"room-live\"");
        assertThat(lastAudited()).containsEntry("ACTION", "STOP_RECORDING").containsEntry("OUTCOME", "DONE").containsEntry("ROOM", ROOM)
                .containsEntry("REASON", "consent withdrawn")
                .containsEntry("DETAIL", id + " · room composite, grid · LiveKit: EGRESS_ENDING");
        waitFor(id, EgressStatus.EGRESS_COMPLETE);
        assertThat(roomPageWhere(moderator, html -> !html.contains("id=\"recording-" + id + "\""))).doesNotContain("Stop recording");

        var again = moderator.postHtmx(stop, Map.of());
        assertThat(again.body()).contains("The recording " + id + " (room composite, grid) had already ended.");
        assertThat(lastAudited()).containsEntry("OUTCOME", "ALREADY_GONE")
                .containsEntry("DETAIL", id + " · room composite, grid · LiveKit: already EGRESS_COMPLETE");
    }

    @Test
    void stoppingFromTheRecordingsPageGoesBackThere() throws Exception {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        var id = recordTheRoom(moderator);

        var answer = moderator.postHtmx("/recordings/" + id + "/stop?from=recordings", Map.of());

        assertThat(answer.headers().firstValue("HX-Redirect")).hasValue("/recordings");
        assertThat(waitFor(id, EgressStatus.EGRESS_COMPLETE).getStatus()).isEqualTo(EgressStatus.EGRESS_COMPLETE);
        var badReturn = moderator.getHtmx("/recordings/" + id + "/stop?from=https://elsewhere.example");
        assertThat(badReturn.statusCode()).isEqualTo(400);
        assertThat(badReturn.body()).contains("A stop is asked from a room page (from=room) or the recordings page (from=recordings).");
    }

    @Test
    void anUnknownRecordingIsNothingToStopAndABadIdIsRefused() {
        var moderator = loggedIn("moderator", ROOM_PAGE);

        var unknown = moderator.postHtmx("/recordings/EG_unknown123/stop", Map.of("room", ROOM));
        assertThat(unknown.body()).contains("LiveKit no longer knows the recording EG_unknown123; there is nothing to stop.");
        assertThat(lastAudited()).containsEntry("ACTION", "STOP_RECORDING").containsEntry("OUTCOME", "ALREADY_GONE");

        var bad = moderator.postHtmx("/recordings/not-an-egress/stop", Map.of());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("“not-an-egress” is not a LiveKit egress id (EG_…).");
    }

    @Test
    void aFailedRecordingShowsAsFailedWithLiveKitsError() throws Exception {
        emulator.faults().failNextEgress("pipeline failed: no video track");
        var moderator = loggedIn("moderator", ROOM_PAGE);

        moderator.postHtmx(RECORD, Map.of("what", "room"));

        var id = onlyEgress().getEgressId();
        waitFor(id, EgressStatus.EGRESS_FAILED);
        var page = roomPageWhere(moderator, html -> html.contains("Recording failed"));
        assertThat(page).contains("id=\"recording-" + id + "\"", "LiveKit: pipeline failed: no video track")
                .doesNotContain("Stop recording", "id=\"recording-badge\"");
    }

    @Test
    void withoutAnEgressWorkerTheStartIsRefusedInWordsAndAudited() {
        emulator.faults().egressWorker(false);
        var moderator = loggedIn("moderator", ROOM_PAGE);

        var answer = moderator.postHtmx(RECORD, Map.of("what", "room"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("Recording is not available on this LiveKit server (", "no Egress worker accepted the request");
        assertThat(lastAudited()).containsEntry("ACTION", "START_RECORDING").containsEntry("OUTCOME", "FAILED");
        assertThat((String) lastAudited().get("DETAIL")).startsWith("room composite, grid · recordings/{room_name}-{time}; NOT_AVAILABLE");
    }

    @Test
    void aLiveKitWithoutEgressShowsTheRoomAndSaysRecordingIsNotAvailable() {
        emulator.faults().withoutRedis(true);
        var moderator = loggedIn("moderator", ROOM_PAGE);

        var page = moderator.get(ROOM_PAGE).body();
        assertThat(page).contains("customer-1", "Recording is not available on this LiveKit server (",
                "it has no Egress service connected (LiveKit needs Redis for it)");
        assertThat(loggedIn("viewer").get(ROOM_PAGE).body()).contains("customer-1").doesNotContain("Recording is not available");

        var answer = moderator.postHtmx(RECORD, Map.of("what", "room"));
        assertThat(answer.body()).contains("Recording is not available on this LiveKit server (", "it has no Egress service connected");
        var stop = moderator.postHtmx("/recordings/EG_any1234/stop", Map.of("room", ROOM));
        assertThat(stop.body()).contains("Recording is not available on this LiveKit server (");
        assertThat(lastAudited()).containsEntry("ACTION", "STOP_RECORDING").containsEntry("OUTCOME", "FAILED");
    }

    @Test
    void aViewerMayNotRecordOrStopAndTheRefusalIsAudited() throws Exception {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        var id = recordTheRoom(moderator);
        var viewer = loggedIn("viewer", ROOM_PAGE);

        var page = roomPageWhere(viewer, html -> html.contains("id=\"recording-" + id + "\""));
        assertThat(page).contains("● REC").doesNotContain("Record…", "Stop recording");
        assertThat(viewer.getHtmx(RECORD).statusCode()).isEqualTo(403);
        assertThat(viewer.getHtmx("/recordings/" + id + "/stop").statusCode()).isEqualTo(403);

        viewer.postHtmx(RECORD, Map.of("what", "room"));
        assertThat(lastAudited()).containsEntry("ACTION", "START_RECORDING").containsEntry("OUTCOME", "DENIED")
                .containsEntry("ROOM", ROOM).containsEntry("USERNAME", "viewer");
        viewer.postHtmx("/recordings/" + id + "/stop", Map.of());
        assertThat(lastAudited()).containsEntry("ACTION", "STOP_RECORDING").containsEntry("OUTCOME", "DENIED");

        assertThat(emulator.egresses().all()).singleElement().satisfies(e -> assertThat(e.getStatus()).isEqualTo(EgressStatus.EGRESS_ACTIVE));
    }

    @Test
    void aTypedPathIsRefusedWhenTheOperatorDidNotAllowIt() {
        var moderator = loggedIn("moderator", ROOM_PAGE);

        var answer = moderator.postHtmx(RECORD, Map.of("what", "room", "filePath", "elsewhere/{room_name}"));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("A file path of your own is not allowed here: recordings go to “recordings/{room_name}-{time}”");
        assertThat(emulator.egresses().all()).isEmpty();
        assertThat(audited("ACTION = 'START_RECORDING'")).isEmpty();
    }

    @Test
    void theRoomPageShowsTheRecordingLiveAsItStartsAndEnds() throws Exception {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        var viewer = loggedIn("viewer");
        var sid = emulator.state().room(ROOM).orElseThrow().getSid();
        try (var stream = viewer.stream(ROOM_PAGE + "?sid=" + sid)) {
            var id = recordTheRoom(moderator);
            var recording = nextWhere(stream, html -> html.contains("id=\"recording-" + id + "\"") && html.contains("● recording"));
            assertThat(recording).as("a push with the running recording").isNotNull();
            assertThat(recording.data()).contains("id=\"recording-badge\"");

            moderator.postHtmx("/recordings/" + id + "/stop", Map.of("room", ROOM));
            var ended = nextWhere(stream, html -> !html.contains("id=\"recording-" + id + "\""));
            assertThat(ended).as("a push without it once it ended").isNotNull();
            assertThat(ended.data()).doesNotContain("id=\"recording-badge\"");
        }
    }

    private static EventStream.Event nextWhere(EventStream stream, Predicate<String> condition) throws InterruptedException {
        var deadline = System.nanoTime() + SOON.toNanos();
        while (System.nanoTime() < deadline) {
            var next = stream.next("room-live", Duration.ofNanos(deadline - System.nanoTime()));
            if (next != null && condition.test(next.data())) {
                return next;
            }
        }
        return null;
    }
}
