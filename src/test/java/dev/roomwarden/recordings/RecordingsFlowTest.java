package dev.roomwarden.recordings;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.google.protobuf.util.JsonFormat;
import dev.roomwarden.FlowTest;
import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditOutcome;
import dev.roomwarden.emulator.FaultMode;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.history.SignedWebhook;
import dev.roomwarden.livekit.LiveKitGateway;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitWebhook.WebhookEvent;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recordings page over real HTTP: egresses started through the gateway (the real SDK) on the emulator, whose
 * simulated worker moves them along and sends its egress webhooks to Roomwarden.
 */
class RecordingsFlowTest extends FlowTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    @Autowired
    LiveKitGateway livekit;

    @Autowired
    AuditLog auditLog;

    /** Room names of this test only: the recording table outlives each test, as it outlives LiveKit's memory. */
    private String prefix;

    @BeforeEach
    void roomsOfThisTest() {
        prefix = "rec-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    private String room(String name) {
        var room = prefix + name;
        emulator.state().addParticipant(room, new ParticipantSpec("customer", "Customer", ParticipantInfo.Kind.STANDARD, "", Map.of(),
                List.of()));
        return room;
    }

    private EgressInfo recording(String room, String filepath) {
        var started = livekit.startRoomRecording(room, filepath, "grid", false).orElseThrow();
        eventually("egress " + started.getEgressId() + " active", () -> status(started.getEgressId()) == EgressStatus.EGRESS_ACTIVE);
        return started;
    }

    private EgressInfo ended(EgressInfo egress) {
        livekit.stopEgress(egress.getEgressId());
        eventually("egress " + egress.getEgressId() + " complete and kept", () -> status(egress.getEgressId()) == EgressStatus.EGRESS_COMPLETE
                && "EGRESS_COMPLETE".equals(kept(egress.getEgressId())));
        return egress;
    }

    private EgressStatus status(String egressId) {
        return emulator.egresses().all().stream().filter(e -> e.getEgressId().equals(egressId)).findFirst()
                .map(EgressInfo::getStatus).orElse(null);
    }

    /** The status Roomwarden's table has for the egress, or null. */
    private String kept(String egressId) {
        return jdbc.sql("SELECT status FROM recording WHERE egress_id = ?").param(egressId).query(String.class).optional().orElse(null);
    }

    private static void eventually(String what, BooleanSupplier condition) {
        var deadline = System.nanoTime() + SOON.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private String page(String user, String query) {
        var answer = loggedIn(user).get("/recordings" + query);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    @Test
    void everyEgressIsListedActiveFirstThenTheEndedNewestFirstWithTypeStatusDurationAndSize() {
        var stillActive = recording(room("first"), "recordings/first.mp4");
        var participantRoom = room("second");
        var second = livekit.startParticipantRecording(participantRoom, "customer", "recordings/second.mp4").orElseThrow();
        eventually("second active", () -> status(second.getEgressId()) == EgressStatus.EGRESS_ACTIVE);
        ended(second);
        var third = ended(recording(room("third"), "recordings/third.mp4"));

        var html = page("viewer", "?room=" + prefix);

        var activeAt = html.indexOf(stillActive.getEgressId());
        var thirdAt = html.indexOf(third.getEgressId());
        var secondAt = html.indexOf(second.getEgressId());
        assertThat(activeAt).as("the active one, though it started first").isPositive().isLessThan(thirdAt);
        assertThat(thirdAt).as("then the ended ones, newest first").isLessThan(secondAt);
        assertThat(html).contains("Room composite · grid", "Participant · customer", ">Recording<", ">Complete<",
                "https://storage.emulator.invalid/recordings/third.mp4", "so far", "KB");
    }

    @Test
    void theFiltersSelectByRoomStatusAndStartDateAndABadOneIsRefusedWithASentence() {
        var complete = ended(recording(room("done"), "recordings/done.mp4"));
        emulator.faults().failNextEgress("Pipeline failed: disk full");
        var failed = livekit.startRoomRecording(room("broken"), "recordings/broken.mp4", "grid", false).orElseThrow();
        eventually("failed kept", () -> "EGRESS_FAILED".equals(kept(failed.getEgressId())));
        var active = recording(room("live"), "recordings/live.mp4");
        var today = LocalDate.now(ZoneOffset.UTC);

        assertThat(page("viewer", "?room=" + prefix + "bro")).contains(failed.getEgressId(), "Pipeline failed: disk full")
                .doesNotContain(complete.getEgressId(), active.getEgressId());
        assertThat(page("viewer", "?room=" + prefix + "&status=failed")).contains(failed.getEgressId())
                .doesNotContain(complete.getEgressId(), active.getEgressId());
        assertThat(page("viewer", "?room=" + prefix + "&status=active")).contains(active.getEgressId())
                .doesNotContain(complete.getEgressId(), failed.getEgressId());
        assertThat(page("viewer", "?room=" + prefix + "&status=complete&from=" + today + "&to=" + today))
                .contains(complete.getEgressId()).doesNotContain(failed.getEgressId(), active.getEgressId());
        assertThat(page("viewer", "?room=" + prefix + "&from=" + today.plusDays(1))).contains("No recording matches this filter.")
                .doesNotContain(complete.getEgressId(), failed.getEgressId(), active.getEgressId());

        var refused = loggedIn("viewer").get("/recordings?status=paused");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Unknown status &#39;paused&#39;: the status is active, complete, failed, aborted or limit-reached.");
    }

    @Test
    void whoStartedARecordingIsTheStartRecordingAuditRecordAndOutsideRoomwardenWithoutOne() {
        var fromRoomwarden = recording(room("ours"), "recordings/ours.mp4");
        var fromElsewhere = recording(room("theirs"), "recordings/theirs.mp4");
        auditLog.recordFor("moderator", "MODERATOR", AuditAction.START_RECORDING, AuditOutcome.DONE,
                fromRoomwarden.getEgressId() + " · room composite, grid · recordings/ours.mp4");

        var html = page("viewer", "?room=" + prefix);

        var ours = html.substring(html.indexOf(fromRoomwarden.getEgressId()));
        assertThat(ours.substring(0, ours.indexOf("</tr>"))).contains("moderator (moderator)").doesNotContain("outside Roomwarden");
        var theirs = html.substring(html.indexOf(fromElsewhere.getEgressId()));
        assertThat(theirs.substring(0, theirs.indexOf("</tr>"))).contains("outside Roomwarden").doesNotContain("moderator (moderator)");
    }

    @Test
    void aRecordingLiveKitHasForgottenIsStillListedFromItsWebhooks() {
        var egress = ended(recording(room("old"), "recordings/old.mp4"));
        emulator.egresses().clear();
        assertThat(livekit.listEgress(null, false)).as("LiveKit forgot it").isEmpty();

        assertThat(page("viewer", "?room=" + prefix)).contains(egress.getEgressId(), ">Complete<",
                "https://storage.emulator.invalid/recordings/old.mp4");
    }

    @Test
    void aLiveKitWithoutEgressSaysRecordingIsNotAvailableAndStillListsWhatWasKept() {
        var egress = ended(recording(room("kept"), "recordings/kept.mp4"));
        emulator.faults().withoutRedis(true);

        assertThat(page("viewer", "?room=" + prefix)).contains("Recording is not available on this LiveKit server",
                "it has no Egress service connected (LiveKit needs Redis for it).", egress.getEgressId(), ">Complete<");
    }

    @Test
    void aLiveKitThatDoesNotAnswerIsTheUsualMessageAndWhatWasKeptIsStillListed() {
        var egress = ended(recording(room("still"), "recordings/still.mp4"));
        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO);

        assertThat(page("viewer", "?room=" + prefix)).contains("LiveKit problem", egress.getEgressId(), ">Complete<")
                .doesNotContain("Recording is not available");
    }

    @Test
    void withoutADownloadBaseUrlThereIsNoLinkAndAHostileFilenameIsOnlyText() {
        var egress = ended(recording(room("hostile"), "recordings/<img src=x onerror=alert(1)>.mp4"));

        var html = page("viewer", "?room=" + prefix);

        assertThat(html).contains(egress.getEgressId(), "recordings/&lt;img src=x onerror=alert(1)&gt;.mp4")
                .doesNotContain("<img src=x", " download>", "download=\"");
    }

    @Test
    void anActiveRecordingOffersModeratorsAStopThatOpensThePartAConfirmationAndViewersNone() {
        var active = recording(room("stoppable"), "recordings/stoppable.mp4");
        var ended = ended(recording(room("stopped"), "recordings/stopped.mp4"));
        var stop = "/recordings/" + active.getEgressId() + "/stop?from=recordings";

        var moderator = page("moderator", "?room=" + prefix);
        assertThat(moderator).contains("href=\"" + stop + "\"", "hx-get=\"" + stop + "\"", "hx-target=\"#dialog\"")
                .doesNotContain("/recordings/" + ended.getEgressId() + "/stop");
        assertThat(moderator.split("Stop…", -1)).as("one Stop, for the active one").hasSize(2);
        assertThat(page("viewer", "?room=" + prefix)).contains(active.getEgressId()).doesNotContain("/stop?", "Stop…");
    }

    @Test
    void anEgressWebhookPushesThePageAgainInPlace() throws InterruptedException {
        var room = room("pushed");
        try (var stream = loggedIn("viewer", "/recordings").stream("/recordings?room=" + prefix)) {
            assertThat(stream.status()).isEqualTo(200);
            var started = livekit.startRoomRecording(room, "recordings/pushed.mp4", "grid", false).orElseThrow();
            var deadline = System.nanoTime() + SOON.toNanos();
            String pushed = null;
            while (System.nanoTime() < deadline && pushed == null) {
                var next = stream.next("recordings-table", Duration.ofNanos(deadline - System.nanoTime()));
                if (next != null && next.data().contains(started.getEgressId())) {
                    pushed = next.data();
                }
            }
            assertThat(pushed).as("a push that lists the new recording").isNotNull().contains("id=\"recordings-table\"")
                    .doesNotContain("<html");
        }
    }

    @Test
    void aLateWebhookDoesNotUndoANewerStateAndARepeatedOneKeepsOneRow() throws Exception {
        var now = Instant.now();
        var nanos = now.getEpochSecond() * 1_000_000_000L;
        var egressId = "EG_" + prefix.substring(4, 12) + "late";
        var egress = EgressInfo.newBuilder().setEgressId(egressId).setRoomName(prefix + "late").setStartedAt(nanos - 60_000_000_000L)
                .setRoomComposite(RoomCompositeEgressRequest.newBuilder().setRoomName(prefix + "late"));
        var started = egress.clone().setStatus(EgressStatus.EGRESS_ACTIVE).setUpdatedAt(nanos - 50_000_000_000L);
        var ended = egress.clone().setStatus(EgressStatus.EGRESS_FAILED).setError("Start signal not received").setUpdatedAt(nanos)
                .setEndedAt(nanos);
        var endedWebhook = webhook("egress_ended", ended);
        assertThat(SignedWebhook.post(port, endedWebhook, API_KEY, API_SECRET).statusCode()).isEqualTo(200);
        assertThat(SignedWebhook.post(port, webhook("egress_started", started), API_KEY, API_SECRET).statusCode()).isEqualTo(200);
        assertThat(kept(egressId)).as("the late egress_started changed nothing").isEqualTo("EGRESS_FAILED");
        assertThat(SignedWebhook.post(port, endedWebhook, API_KEY, API_SECRET).statusCode()).isEqualTo(200);

        assertThat(jdbc.sql("SELECT status FROM recording WHERE egress_id = ?").param(egressId).query(String.class).list())
                .containsExactly("EGRESS_FAILED");
        assertThat(page("viewer", "?room=" + prefix)).contains(egressId, ">Failed<", "Start signal not received")
                .doesNotContain(">Recording<");
    }


    @Test
    void aRecordingKeptAsActiveThatLiveKitNoLongerListsSaysSoAndOffersNoStop() {
        var lost = recording(room("lost"), "recordings/lost.mp4");
        emulator.egresses().clear();

        var html = page("moderator", "?room=" + prefix);

        assertThat(html).contains(lost.getEgressId(), "LiveKit no longer lists this recording")
                .doesNotContain("/recordings/" + lost.getEgressId() + "/stop");
    }

    private static String webhook(String event, EgressInfo.Builder egress) throws Exception {
        return JsonFormat.printer().print(WebhookEvent.newBuilder()
                .setId("EV_" + UUID.randomUUID().toString().substring(0, 12)).setEvent(event)
                .setCreatedAt(Instant.now().getEpochSecond()).setEgressInfo(egress).build());
    }
}
