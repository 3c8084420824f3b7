package dev.roomwarden.telephony;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import dev.roomwarden.EventStream;
import dev.roomwarden.FlowTest;
import dev.roomwarden.emulator.FaultMode;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.emulator.TrackSpec;
import dev.roomwarden.livekit.LiveKitGateway;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitRoom.UpdateParticipantRequest;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A phone caller in a room, as each role sees it over real HTTP against the emulator: the number (masked below
 * roomwarden.telephony.show-numbers-to, MODERATOR by default), the call status in words, the trunk; the same on the
 * live pushes, in history, its timeline and its exports.
 */
@ExtendWith(OutputCaptureExtension.class)
class SipParticipantsFlowTest extends FlowTest {

    @Autowired
    LiveKitGateway livekit;

    private static final String NUMBER = "+15551234567";
    private static final String MASKED = "+1 555 ••• ••67";
    private static final String TRUNK_NUMBER = "+15550000000";
    private static final String TRUNK_MASKED = "+1 555 ••• ••00";
    /** Any trace of the caller's number in full, with or without its country code. */
    private static final String DIGITS = "5551234567";
    private static final Duration SOON = Duration.ofSeconds(20);

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A caller dialled in by LiveKit SIP, as livekit/sip names them and sets their attributes. */
    private ParticipantInfo caller(String room, String status) {
        return caller(room, status, "ST_trunk1");
    }

    private ParticipantInfo caller(String room, String status, String trunk) {
        return emulator.state().addParticipant(room, new ParticipantSpec("sip_" + NUMBER, "Phone " + NUMBER, ParticipantInfo.Kind.SIP, "",
                Map.of("sip.phoneNumber", NUMBER, "sip.callStatus", status, "sip.trunkID", trunk, "sip.callID", "SCL_a1b2c3d4e5f6",
                        "sip.trunkPhoneNumber", TRUNK_NUMBER),
                List.of(new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false))));
    }

    private void callStatus(String room, String status) {
        emulator.state().updateParticipant(UpdateParticipantRequest.newBuilder().setRoom(room).setIdentity("sip_" + NUMBER)
                .putAttributes("sip.callStatus", status).build());
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        // Webhooks arrive on the emulator's own thread; generous, for a loaded machine.
        var deadline = System.nanoTime() + SOON.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(done.getAsBoolean()).as(what).isTrue();
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

    @AfterEach
    void nobodyKeptOutForTheNextTest() {
        jdbc.sql("DELETE FROM keep_out WHERE participant = ?").param("sip_" + NUMBER).update();
    }

    @Test
    void aViewerSeesTheCallersNumberMaskedItsCallStatusAndTrunkAndIsToldWhy() {
        var room = unique("support-call");
        caller(room, "ringing");

        var viewer = loggedIn("viewer");
        for (var page : List.of(viewer.get("/rooms/" + room), viewer.getHtmx("/rooms/" + room))) {
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Phone call", "PHONE", MASKED, "ringing", "ST_trunk1", TRUNK_MASKED,
                            "sip_" + MASKED, "Phone " + MASKED, "sip.phoneNumber = " + MASKED, "sip.trunkPhoneNumber = " + TRUNK_MASKED,
                            "Phone numbers are masked", "roomwarden.telephony.show-numbers-to")
                    .doesNotContain(DIGITS, "5550000000");
        }
    }

    @Test
    void moderatorsAndAdministratorsSeeTheNumberInFullAndNoMaskingNote() {
        var room = unique("support-call");
        caller(room, "active");

        for (var who : List.of("moderator", "admin")) {
            var page = loggedIn(who).get("/rooms/" + room).body();
            assertThat(page).as(who).contains("sip_" + NUMBER, "Phone " + NUMBER, "sip.phoneNumber = " + NUMBER, TRUNK_NUMBER, "in the call")
                    .doesNotContain(MASKED, "Phone numbers are masked");
        }
    }

    @Test
    void theTrunkIsNamedAsLiveKitNamesItWithItsIdBesideAndAnUnknownTrunkByItsId() {
        var trunk = livekit.createInboundTrunk(SIPInboundTrunkInfo.newBuilder().setName("Support <line> & co")
                .addNumbers(TRUNK_NUMBER).build());
        var room = unique("support-call");
        caller(room, "active", trunk.getSipTrunkId());
        var other = unique("support-call");
        caller(other, "active", "ST_unknownTrunk");

        var page = loggedIn("viewer").get("/rooms/" + room).body();
        assertThat(page).contains("Support &lt;line&gt; &amp; co", "title=\"" + trunk.getSipTrunkId() + "\"")
                .doesNotContain("Support <line>");
        assertThat(loggedIn("viewer").get("/rooms/" + other).body()).contains("ST_unknownTrunk");
    }

    @Test
    void theCallStatusIsShownInWordsAsLiveKitChangesIt() {
        var room = unique("support-call");
        caller(room, "dialing");
        var viewer = loggedIn("viewer");
        assertThat(viewer.getHtmx("/rooms/" + room).body()).contains("dialling");

        for (var status : Map.of("ringing", "ringing", "automation", "answered, sending tones", "active", "in the call",
                "hangup", "hung up").entrySet()) {
            callStatus(room, status.getKey());
            assertThat(viewer.getHtmx("/rooms/" + room).body()).as(status.getKey())
                    .contains("rw-call-" + status.getKey(), status.getValue());
        }
    }

    @Test
    void hostileCallAttributesAreShownAsTextAndNameNoClass() {
        var room = unique("support-call");
        var hostile = "<img src=x onerror=alert(1)>";
        caller(room, hostile, "\"><script>alert(2)</script>");

        var page = loggedIn("moderator").get("/rooms/" + room).body();

        assertThat(page).doesNotContain("<img src=x", "<script>alert(2)", "rw-call-<")
                .contains("&lt;img src=x onerror=alert(1)&gt;", "&lt;script&gt;alert(2)&lt;/script&gt;", "rw-call-other");
    }

    @Test
    void theLivePushIsRenderedForEachViewerRoleAndMaskedForAViewer() throws Exception {
        var room = unique("support-call");
        caller(room, "ringing");
        var viewer = loggedIn("viewer");
        var moderator = loggedIn("moderator");
        viewer.get("/rooms/" + room);
        moderator.get("/rooms/" + room);

        try (var viewerStream = viewer.stream("/rooms/" + room); var moderatorStream = moderator.stream("/rooms/" + room)) {
            callStatus(room, "active");
            // A join is what LiveKit's webhooks say; the push carries the caller's new status with it.
            emulator.state().addParticipant(room, new ParticipantSpec("agent-" + room, "", ParticipantInfo.Kind.AGENT, "", Map.of(), List.of()));

            var toViewer = nextWhere(viewerStream, html -> html.contains("agent-" + room));
            assertThat(toViewer).as("a push to the viewer").isNotNull();
            assertThat(toViewer.data()).contains(MASKED, "in the call", "Phone numbers are masked").doesNotContain(DIGITS);
            var toModerator = nextWhere(moderatorStream, html -> html.contains("agent-" + room));
            assertThat(toModerator).as("a push to the moderator").isNotNull();
            assertThat(toModerator.data()).contains(NUMBER, "in the call").doesNotContain(MASKED);
        }
    }

    @Test
    void historyItsTimelineAndItsExportsMaskTheNumberForAViewer() throws Exception {
        var room = unique("support-call");
        caller(room, "active");
        var sid = emulator.state().room(room).orElseThrow().getSid();
        await("the caller's join kept in history", () -> jdbc.sql("SELECT COUNT(*) FROM participant_session WHERE room_sid = ?")
                .param(sid).query(Integer.class).single() == 1);

        var viewer = loggedIn("viewer");
        var search = viewer.get("/history?identity=" + URLEncoder.encode("sip_" + NUMBER, StandardCharsets.UTF_8));
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.body()).contains("sip_" + MASKED, "Phone numbers are masked");
        // The filter as typed is echoed in its field and in "Save view…"'s copy of the filter, and nowhere else.
        assertThat(search.body().replace("value=\"sip_" + NUMBER + "\"", "").replaceAll("name=\"query\" value=\"[^\"]*\"", ""))
                .as("only the filter as typed").doesNotContain(DIGITS);
        var timeline = viewer.get("/history/" + sid).body();
        assertThat(timeline).contains("sip_" + MASKED, "Phone " + MASKED, "Phone numbers are masked").doesNotContain(DIGITS);
        var csv = viewer.get("/history/" + sid + ".csv").body();
        assertThat(csv).contains("sip_" + MASKED, "Phone numbers are masked").doesNotContain(DIGITS);
        var json = viewer.get("/history/" + sid + ".json").body();
        assertThat(json).contains("sip_" + MASKED, "phoneNumbersNote").doesNotContain(DIGITS);

        var moderator = loggedIn("moderator");
        assertThat(moderator.get("/history/" + sid).body()).contains("sip_" + NUMBER).doesNotContain(MASKED);
        assertThat(moderator.get("/history/" + sid + ".csv").body()).contains("sip_" + NUMBER).doesNotContain(MASKED, "masked");
        assertThat(moderator.get("/history/" + sid + ".json").body()).contains("sip_" + NUMBER).doesNotContain("phoneNumbersNote");
    }

    @Test
    void roomwardensOwnLogLinesMaskTheCallersNumber(CapturedOutput log) throws Exception {
        var room = unique("support-call");
        caller(room, "active");
        var moderator = loggedIn("moderator", "/rooms/" + room);
        var removed = moderator.postHtmx("/rooms/" + room + "/participants/sip_" + URLEncoder.encode(NUMBER, StandardCharsets.UTF_8)
                + "/remove", Map.of("keepOut", "1h", "keepOutOf", "room", "reason", "abusive caller"));
        assertThat(removed.body()).contains("alert-success", "Roomwarden keeps them out of");

        // The caller calls again while LiveKit refuses removals: Roomwarden's keep-out says it could not remove them.
        emulator.faults().set(FaultMode.INTERNAL, null, "RemoveParticipant");
        caller(room, "ringing");
        await("the failed removal logged", () -> log.getOut().contains("Could not remove kept-out participant"));

        assertThat(log.getOut()).contains("Could not remove kept-out participant sip_" + MASKED).doesNotContain("sip_" + NUMBER);
    }
}
