package dev.roomwarden.telephony;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import dev.roomwarden.FlowTest;
import dev.roomwarden.StaffBrowser;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.emulator.Sips;
import dev.roomwarden.livekit.LiveKitGateway;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calling a phone number into a room from the room page, over real HTTP through the SDK to the emulator's SIP service:
 * answered, not waited for, not answered, busy, refused by LiveKit, refused before LiveKit is asked, roles, a LiveKit
 * without SIP, and the number masked in the audit log for everyone.
 */
class CallFlowTest extends FlowTest {

    private static final String NUMBER = "+15557654321";
    private static final String TYPED = "+1 (555) 765-4321";
    private static final String MASKED = "+1 555 ••• ••21";
    private static final String DIGITS = "5557654321";
    private static final String TRUNK_NUMBER = "+15550000000";
    /** A quick SIP service: ringing after 50 ms, answered 300 ms later. */
    private static final Sips.Timings QUICK = new Sips.Timings(Duration.ofMillis(50), Duration.ofMillis(300),
            Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(200));

    @Autowired
    LiveKitGateway livekit;

    private String room;

    @BeforeEach
    void aSupportCallAndAQuickSipService() {
        emulator.sip().timings(QUICK);
        room = "support-" + UUID.randomUUID().toString().substring(0, 8);
        emulator.state().addParticipant(room, new ParticipantSpec("customer-1", "Customer", ParticipantInfo.Kind.STANDARD, "",
                Map.of(), List.of()));
    }

    private String trunk() {
        return livekit.createOutboundTrunk(SIPOutboundTrunkInfo.newBuilder().setName("carrier").setAddress("sip.carrier.example")
                .addNumbers(TRUNK_NUMBER).setAuthUsername("roomwarden").setAuthPassword("trunk-pass-Zq73").build()).getSipTrunkId();
    }

    private static Map<String, String> form(String trunk, String number, boolean wait, String ringing) {
        var form = new HashMap<String, String>(Map.of("trunk", trunk, "number", number, "identity", "", "name", "",
                "ringingTimeout", ringing, "reason", "bring in the billing desk"));
        if (wait) {
            form.put("waitUntilAnswered", "true");
        }
        return form;
    }

    private StaffBrowser moderator() {
        return loggedIn("moderator", "/rooms/" + room);
    }

    private String path() {
        return "/rooms/" + room + "/call";
    }

    private List<ParticipantInfo> callers() {
        return emulator.state().participants(room).stream().filter(p -> p.getKind() == ParticipantInfo.Kind.SIP).toList();
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(done.getAsBoolean()).as(what).isTrue();
    }

    @Test
    void aModeratorCallsANumberThatAnswersAndItIsInTheRoomAudited() {
        var trunk = trunk();
        var moderator = moderator();
        var room = moderator.get("/rooms/" + this.room).body();
        assertThat(room).contains("Call a phone number…", path());

        var dialog = moderator.getHtmx(path());
        assertThat(dialog.statusCode()).isEqualTo(200);
        assertThat(dialog.body()).contains("<dialog", "carrier · " + TRUNK_NUMBER + " (" + trunk + ")", "name=\"number\"",
                "Wait until answered", "value=\"30\"", "hx-disabled-elt", "call-progress", "Calling")
                .doesNotContain("trunk-pass-Zq73");

        var answer = moderator.postHtmx(path(), form(trunk, TYPED, true, "10"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("HX-Retarget")).hasValue("#room-live");
        // The message and the participant in full for a moderator; the room's recent actions hold the audit record, masked.
        assertThat(answer.body()).contains(NUMBER + " answered and is in the room as “sip_" + NUMBER + "”.", "in the call", "PHONE",
                "call phone number", "sip_" + MASKED);
        assertThat(callers()).singleElement().satisfies(p -> {
            assertThat(p.getIdentity()).isEqualTo("sip_" + NUMBER);
            assertThat(p.getAttributesMap()).containsEntry("sip.callStatus", "active").containsEntry("sip.phoneNumber", NUMBER)
                    .containsEntry("sip.trunkID", trunk);
        });
        var record = lastAudited();
        assertThat(record.get("ACTION")).isEqualTo("CALL_PHONE_NUMBER");
        assertThat(record.get("OUTCOME")).isEqualTo("DONE");
        assertThat(record.get("ROOM")).isEqualTo(this.room);
        assertThat(record.get("PARTICIPANT")).isEqualTo("sip_" + MASKED);
        assertThat(record.get("REASON")).isEqualTo("bring in the billing desk");
        assertThat((String) record.get("DETAIL")).contains("to " + MASKED, "trunk " + trunk, "waited until answered, ringing up to 10 s",
                "LiveKit: PA_", "call SCL_", "answered").doesNotContain(DIGITS);
    }

    @Test
    void withoutJavaScriptTheCallAnswersWithTheRoomPageAndItsMessage() {
        var trunk = trunk();
        var moderator = moderator();

        var answer = moderator.postForm(path(), form(trunk, NUMBER, true, "10"));

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/rooms/" + room));
        assertThat(moderator.follow(answer).body()).contains(NUMBER + " answered and is in the room as “sip_" + NUMBER + "”.");
    }

    @Test
    void aCallNotWaitedForAnswersAtOnceAndTheRoomPageFollowsItEverySecondWhileItRings() throws Exception {
        var trunk = trunk();
        emulator.sip().nextCallee(Sips.Callee.ANSWER, Duration.ofSeconds(2));
        var moderator = moderator();

        var form = form(trunk, NUMBER, false, "30");
        form.put("identity", "billing-desk");
        form.put("name", "Billing desk");
        var answer = moderator.postHtmx(path(), form);

        assertThat(answer.body()).contains("LiveKit is calling " + NUMBER + " as “billing-desk”; the room page shows it ringing",
                "billing-desk", "Billing desk", "hx-trigger=\"every 1s, rw:refresh, sse:signed-out\"");
        assertThat(callers()).singleElement().satisfies(p -> {
            assertThat(p.getIdentity()).isEqualTo("billing-desk");
            assertThat(p.getName()).isEqualTo("Billing desk");
            assertThat(p.getAttributesMap().get("sip.callStatus")).isIn("dialing", "ringing");
        });
        assertThat((String) lastAudited().get("DETAIL")).contains("not waited", "dialling");
        assertThat(lastAudited().get("PARTICIPANT")).isEqualTo("billing-desk");

        await("ringing on the room page", () -> moderator.getHtmx("/rooms/" + room).body().contains("ringing"));
        await("answered", () -> "active".equals(callers().get(0).getAttributesMap().get("sip.callStatus")));
        var answered = moderator.getHtmx("/rooms/" + room).body();
        assertThat(answered).contains("in the call").doesNotContain("every 1s");
    }

    @Test
    void aNumberThatDoesNotAnswerIsSaidInWordsAuditedAsFailedAndLeavesNobodyInTheRoom() {
        var trunk = trunk();
        emulator.sip().nextCallee(Sips.Callee.NO_ANSWER, null);
        var moderator = moderator();

        var answer = moderator.postHtmx(path(), form(trunk, NUMBER, true, "1"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains(NUMBER + " did not answer (SIP 408 Request Timeout) within 1 s; LiveKit ended the call.")
                .doesNotContain("did not answer in time", "Exception");
        assertThat(callers()).isEmpty();
        var record = lastAudited();
        assertThat(record.get("OUTCOME")).isEqualTo("FAILED");
        assertThat((String) record.get("DETAIL")).contains("to " + MASKED, "CALL_FAILED", "sip request timed out").doesNotContain(DIGITS);
        assertThat(audited("outcome = 'PENDING' OR outcome = 'UNKNOWN'")).isEmpty();
    }

    @Test
    void aBusyNumberIsSaidWithItsSipStatus() {
        var trunk = trunk();
        emulator.sip().nextCallee(Sips.Callee.BUSY, Duration.ZERO);

        var answer = moderator().postHtmx(path(), form(trunk, NUMBER, true, "30"));

        assertThat(answer.body()).contains(NUMBER + " is busy (SIP 486 Busy Here).");
        assertThat(callers()).isEmpty();
        var record = lastAudited();
        assertThat(record.get("OUTCOME")).isEqualTo("FAILED");
        assertThat((String) record.get("DETAIL")).contains("CALL_FAILED", "sip status: 486: Busy Here").doesNotContain(DIGITS);
    }

    @Test
    void aTrunkLiveKitDoesNotKnowIsRefusedInLiveKitsWords() {
        var answer = moderator().postHtmx(path(), form("ST_gone1234", NUMBER, true, "30"));

        assertThat(answer.body()).contains(NUMBER + " was not called: LiveKit refused the call: “requested sip trunk does not exist”.")
                .doesNotContain("no longer knows this room");
        assertThat(callers()).isEmpty();
        assertThat(lastAudited().get("OUTCOME")).isEqualTo("FAILED");
    }

    @Test
    void whatIsNotANumberOrATimeoutIsRefusedBeforeLiveKitIsAskedAndNothingIsAudited() {
        var trunk = trunk();
        var moderator = moderator();
        var refusals = Map.of(
                "555-1234", "is not a phone number LiveKit can call",
                "15557654321", "is not a phone number LiveKit can call",
                "+1 555 abc 4321", "is not a phone number LiveKit can call",
                "+123456", "is not a phone number LiveKit can call",
                "+1234567890123456", "is not a phone number LiveKit can call",
                "tel:+15557654321", "is not a phone number LiveKit can call",
                "sip:desk@pbx.example.com", "is not a phone number LiveKit can call",
                " ", "Type the phone number to call");
        for (var refusal : refusals.entrySet()) {
            var answer = moderator.postHtmx(path(), form(trunk, refusal.getKey(), true, "30"));
            assertThat(answer.statusCode()).as(refusal.getKey()).isEqualTo(400);
            assertThat(answer.body()).as(refusal.getKey()).contains(refusal.getValue());
        }
        for (var ringing : List.of("0", "81", "ten", "-5")) {
            var answer = moderator.postHtmx(path(), form(trunk, NUMBER, true, ringing));
            assertThat(answer.statusCode()).as(ringing).isEqualTo(400);
            assertThat(answer.body()).as(ringing).contains("The ringing timeout is a whole number of seconds from 1 to 80");
        }
        assertThat(moderator.postHtmx(path(), form("", NUMBER, true, "30")).body()).contains("Choose the outbound trunk");
        var badIdentity = form(trunk, NUMBER, true, "30");
        badIdentity.put("identity", "x".repeat(300));
        assertThat(moderator.postHtmx(path(), badIdentity).body()).contains("The participant identity is too long");

        assertThat(audited("action = ?", "CALL_PHONE_NUMBER")).isEmpty();
        assertThat(callers()).isEmpty();
    }

    @Test
    void aViewerHasNoButtonAndIsRefusedTheDialogAndTheCallWhichIsAuditedAsDenied() {
        var trunk = trunk();
        var viewer = loggedIn("viewer", "/rooms/" + room);

        assertThat(viewer.get("/rooms/" + room).body()).doesNotContain("Call a phone number", path());
        assertThat(viewer.get(path()).statusCode()).isEqualTo(403);
        assertThat(viewer.getHtmx(path()).statusCode()).isEqualTo(403);
        assertThat(viewer.postHtmx(path(), form(trunk, NUMBER, true, "30")).statusCode()).isEqualTo(403);

        assertThat(callers()).isEmpty();
        var record = lastAudited();
        assertThat(record.get("ACTION")).isEqualTo("CALL_PHONE_NUMBER");
        assertThat(record.get("OUTCOME")).isEqualTo("DENIED");
        assertThat(record.get("ROOM")).isEqualTo(room);
    }

    @Test
    void withoutATrunkTheDialogSaysWhoAddsOneAndOffersNoCall() {
        var dialog = moderator().getHtmx(path()).body();

        assertThat(dialog).contains("No outbound trunk: an ADMIN adds one at", "href=\"/telephony\"")
                .doesNotContain("name=\"number\"", ">Call</button>");
    }

    @Test
    void aLiveKitWithoutSipSaysSoInTheDialogOrWhenCalling() {
        var trunk = trunk();
        var moderator = moderator();
        emulator.sip().serviceConnected(false);

        var answer = moderator.postHtmx(path(), form(trunk, NUMBER, true, "30"));
        assertThat(answer.body()).contains("Telephony (SIP) is not available on this LiveKit server",
                "no SIP worker accepted the request");
        assertThat(callers()).isEmpty();
        assertThat(lastAudited().get("OUTCOME")).isEqualTo("FAILED");

        emulator.faults().withoutRedis(true);
        var dialog = moderator.getHtmx(path());
        assertThat(dialog.statusCode()).isEqualTo(200);
        assertThat(dialog.body()).contains("Telephony (SIP) is not available on this LiveKit server", "no SIP service connected")
                .doesNotContain("name=\"number\"", ">Call</button>");
    }

    @Test
    void anAdministratorSeesTheNumberToAndTheAuditLogPageShowsItMaskedToEveryone() {
        var trunk = trunk();
        var admin = loggedIn("admin", "/rooms/" + room);
        assertThat(admin.postHtmx(path(), form(trunk, NUMBER, true, "10")).body()).contains(NUMBER + " answered");

        for (var who : List.of("moderator", "admin")) {
            var audit = loggedIn(who).get("/audit?room=" + room).body();
            assertThat(audit).as(who).contains("call phone number", MASKED).doesNotContain(DIGITS);
        }
    }
}
