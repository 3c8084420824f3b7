package dev.roomwarden.telephony;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import dev.roomwarden.FlowTest;
import dev.roomwarden.display.Paths;
import dev.roomwarden.emulator.FaultMode;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.emulator.Sips;
import dev.roomwarden.livekit.LiveKitGateway;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitSip.CreateSIPParticipantRequest;
import livekit.LivekitSip.SIPDispatchRule;
import livekit.LivekitSip.SIPDispatchRuleDirect;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Transfer call…" on the room page, over real HTTP against the emulator's simulated SIP service: a caller dialled in
 * by a dispatch rule is handed to another number or SIP address; LiveKit's answer (accepted, refused with a SIP status,
 * not available) is shown in words; bad addresses never reach LiveKit; roles and masking hold.
 */
class TransferFlowTest extends FlowTest {

    private static final String CALLER = "+15551234567";
    private static final String CALLER_IDENTITY = "sip_" + CALLER;
    private static final String TRUNK_NUMBER = "+15550001111";
    private static final String TARGET = "+15559998888";
    private static final String TARGET_MASKED = "+1 555 ••• ••88";
    private static final Duration SOON = Duration.ofSeconds(20);

    @Autowired
    private LiveKitGateway gateway;

    private String room;

    @BeforeEach
    void aQuickSipService() {
        emulator.sip().timings(new Sips.Timings(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(300), Duration.ofMillis(200)));
        room = "support-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A caller on the phone, put into the room by a direct dispatch rule, in the call ("active"). */
    private void callerInTheCall() {
        gateway.createDispatchRule(SIPDispatchRuleInfo.newBuilder().setName("to " + room)
                .setRule(SIPDispatchRule.newBuilder().setDispatchRuleDirect(SIPDispatchRuleDirect.newBuilder().setRoomName(room)))
                .build());
        emulator.sip().inboundCall(CALLER, TRUNK_NUMBER, null);
        assertThat(emulator.state().participant(room, CALLER_IDENTITY)).hasValueSatisfying(
                p -> assertThat(p.getAttributesMap()).containsEntry("sip.callStatus", "active"));
    }

    private String transferPath() {
        return Paths.transferCall(room, CALLER_IDENTITY, null);
    }

    private static Map<String, String> transferTo(String to) {
        return Map.of("transferTo", to, "ringingTimeout", "20", "reason", "asked for billing");
    }

    private boolean callerInRoom() {
        return emulator.state().participant(room, CALLER_IDENTITY).isPresent();
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        var deadline = System.nanoTime() + SOON.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(done.getAsBoolean()).as(what).isTrue();
    }

    @Test
    void anAcceptedTransferIsShownAuditedWithTheNumberMaskedAndTheCallerLeavesTheRoom() throws Exception {
        callerInTheCall();
        var moderator = loggedIn("moderator", Paths.room(room));
        assertThat(moderator.getHtmx(Paths.room(room)).body()).contains("Transfer call…", "/transfer");

        var dialog = moderator.getHtmx(transferPath());
        assertThat(dialog.statusCode()).isEqualTo(200);
        assertThat(dialog.body()).contains("Transfer the call of", CALLER, "in the call", "SIP REFER",
                "id=\"transferTo\"", "name=\"transferTo\"", "id=\"playDialtone\"", "id=\"ringingTimeout\"", "value=\"30\"",
                "name=\"reason\"", "hx-disabled-elt", "Transferring… waiting for the other end to accept");

        var answer = moderator.postHtmx(transferPath(), Map.of("transferTo", "+1 (555) 999-8888", "playDialtone", "true",
                "ringingTimeout", "20", "reason", "asked for billing", "sid",
                emulator.state().participant(room, CALLER_IDENTITY).orElseThrow().getSid()));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("alert-success", "is transferred to tel:" + TARGET,
                "LiveKit ends their participant in this room");
        var record = lastAudited();
        assertThat(record.get("ACTION")).isEqualTo("TRANSFER_CALL");
        assertThat(record.get("OUTCOME")).isEqualTo("DONE");
        assertThat(record.get("PARTICIPANT")).isEqualTo("sip_+1 555 ••• ••67");
        assertThat(record.get("PARTICIPANT_SID")).asString().startsWith("PA_");
        assertThat(record.get("REASON")).isEqualTo("asked for billing");
        assertThat(record.get("DETAIL")).isEqualTo("to tel:" + TARGET_MASKED + ", dial tone, ringing up to 20 s");

        // The room page still names the caller in its recent actions; their row (its PHONE badge) is what goes.
        await("the caller gone from the room page", () -> !moderator.getHtmx(Paths.room(room)).body().contains("rw-badge-sip"));
        assertThat(callerInRoom()).isFalse();
    }

    @Test
    void aSipAddressWithoutDialToneIsSentAsTyped() {
        callerInTheCall();
        var moderator = loggedIn("moderator", Paths.room(room));

        var answer = moderator.postForm(transferPath(), Map.of("transferTo", "SIP:agent@PBX.example.com", "ringingTimeout", "5"));

        assertThat(answer.statusCode()).as("a form post is redirected to the room").isEqualTo(302);
        assertThat(moderator.follow(answer).body()).contains("is transferred to sip:agent@pbx.example.com");
        assertThat(lastAudited().get("DETAIL")).isEqualTo("to sip:agent@pbx.example.com, no dial tone, ringing up to 5 s");
    }

    @Test
    void aRefusedTransferSaysTheSipStatusInWordsTheCallerStaysAndTheAuditKeepsLiveKitsWords() {
        callerInTheCall();
        emulator.sip().failNextTransfer(new Sips.SipStatus(603, "Decline"));
        var moderator = loggedIn("moderator", Paths.room(room));

        var answer = moderator.postHtmx(transferPath(), transferTo(TARGET));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("alert-danger", "The transfer was refused: declined (SIP 603 Decline).",
                "is still in the call").doesNotContain("API key", "Exception");
        assertThat(callerInRoom()).isTrue();
        var record = lastAudited();
        assertThat(record.get("OUTCOME")).isEqualTo("FAILED");
        assertThat(record.get("DETAIL")).asString().startsWith("to tel:" + TARGET_MASKED)
                .contains("call transfer failed: sip status: 603: Decline").doesNotContain("5559998888");
    }

    /** LiveKit derives not_found from SIP 404 and deadline_exceeded from 408: still the other end's answer, in words. */
    @Test
    void anUnknownNumberOrNoAnswerIsARefusalNotACallerWhoLeftNorAnUnknownOutcome() {
        callerInTheCall();
        var moderator = loggedIn("moderator", Paths.room(room));
        var refusals = Map.of(new Sips.SipStatus(404, "Not Found"), "the number or address does not exist (SIP 404 Not Found).",
                new Sips.SipStatus(408, "Request Timeout"), "no answer in time (SIP 408 Request Timeout).",
                new Sips.SipStatus(486, "Busy Here"), "busy (SIP 486 Busy Here).");
        for (var refusal : refusals.entrySet()) {
            emulator.sip().failNextTransfer(refusal.getKey());

            var answer = moderator.postHtmx(transferPath(), transferTo(TARGET));

            assertThat(answer.body()).as(refusal.getValue()).contains("The transfer was refused: " + refusal.getValue());
            assertThat(lastAudited().get("OUTCOME")).as(refusal.getValue()).isEqualTo("FAILED");
            assertThat(callerInRoom()).isTrue();
        }
    }

    @Test
    void badAddressesAndTimeoutsAreRefusedWithASentenceBeforeLiveKitIsAskedAndNothingIsAudited() {
        callerInTheCall();
        var moderator = loggedIn("moderator", Paths.room(room));
        var refusals = Map.of(
                "http://example.com/agent", "A call cannot be transferred to a “http:” address",
                "5559998888", "a phone number starts with + and its country code",
                "tel:5559998888", "a phone number starts with + and its country code",
                "+1 555", "is not a phone number: + and 7 to 15 digits",
                "sip:agent @pbx.example.com", "A SIP address has no spaces",
                "sip:pbx.example.com", "it needs one user and one host",
                "sip:agent@localhost;transport=tcp", "does not name a host Roomwarden can check",
                "agent@pbx.example.com", "Write a SIP address with its scheme",
                "", "Type where to transfer the call");
        for (var refusal : refusals.entrySet()) {
            var answer = moderator.postHtmx(transferPath(), transferTo(refusal.getKey()));
            assertThat(answer.statusCode()).as(refusal.getKey()).isEqualTo(400);
            assertThat(answer.body()).as(refusal.getKey()).contains(refusal.getValue());
        }
        for (var timeout : List.of("0", "81", "thirty")) {
            var answer = moderator.postHtmx(transferPath(), Map.of("transferTo", TARGET, "ringingTimeout", timeout));
            assertThat(answer.statusCode()).as(timeout).isEqualTo(400);
            assertThat(answer.body()).contains("The ringing timeout must be a number of seconds from 1 to 80");
        }

        assertThat(audited("action = 'TRANSFER_CALL'")).isEmpty();
        assertThat(callerInRoom()).isTrue();
    }

    @Test
    void aParticipantWhoIsNotAPhoneCallIsRefusedWithASentence() {
        emulator.state().addParticipant(room, new ParticipantSpec("ann", "Ann", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
        var moderator = loggedIn("moderator", Paths.room(room));
        assertThat(moderator.getHtmx(Paths.room(room)).body()).contains("ann").doesNotContain("Transfer call…");

        var dialog = moderator.getHtmx(Paths.transferCall(room, "ann", null));
        assertThat(dialog.statusCode()).isEqualTo(400);
        assertThat(dialog.body()).contains("Only a phone call can be transferred: “ann” is a STANDARD participant");
        var answer = moderator.postHtmx(Paths.transferCall(room, "ann", null), transferTo(TARGET));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("Only a phone call can be transferred");
        assertThat(audited("action = 'TRANSFER_CALL'")).isEmpty();
    }

    @Test
    void aSipParticipantWithoutACallIdHasNoButtonAndLiveKitsRefusalIsExplained() {
        emulator.state().addParticipant(room, new ParticipantSpec(CALLER_IDENTITY, "Phone " + CALLER, ParticipantInfo.Kind.SIP, "",
                Map.of("sip.phoneNumber", CALLER, "sip.callStatus", "active"), List.of()));
        var moderator = loggedIn("moderator", Paths.room(room));
        assertThat(moderator.getHtmx(Paths.room(room)).body()).contains("PHONE", "in the call").doesNotContain("Transfer call…");

        var answer = moderator.postHtmx(transferPath(), transferTo(TARGET));

        assertThat(answer.body()).contains("LiveKit knows of no phone call of “" + CALLER_IDENTITY + "” (no sip.callID attribute)");
        assertThat(lastAudited().get("OUTCOME")).isEqualTo("FAILED");
        assertThat(callerInRoom()).isTrue();
    }

    @Test
    void aCallNotAnsweredYetHasNoButtonAndLiveKitsRefusalIsExplained() throws Exception {
        var trunk = gateway.createOutboundTrunk(SIPOutboundTrunkInfo.newBuilder().setName("out").setAddress("sip.example.com")
                .addNumbers(TRUNK_NUMBER).build());
        emulator.sip().nextCallee(Sips.Callee.NO_ANSWER, null);
        gateway.dial(CreateSIPParticipantRequest.newBuilder().setSipTrunkId(trunk.getSipTrunkId()).setSipCallTo(CALLER)
                .setRoomName(room).build());
        await("ringing", () -> emulator.state().participant(room, CALLER_IDENTITY)
                .map(p -> "ringing".equals(p.getAttributesMap().get("sip.callStatus"))).orElse(false));
        var moderator = loggedIn("moderator", Paths.room(room));
        assertThat(moderator.getHtmx(Paths.room(room)).body()).contains("ringing").doesNotContain("Transfer call…");
        assertThat(moderator.getHtmx(transferPath()).body()).contains("This call is not in progress");

        var answer = moderator.postHtmx(transferPath(), transferTo(TARGET));

        assertThat(answer.body()).contains("is not answered yet: LiveKit transfers only a call in progress");
        assertThat(lastAudited().get("OUTCOME")).isEqualTo("FAILED");
    }

    @Test
    void aCallerWhoHungUpIsNoLongerInTheRoom() {
        callerInTheCall();
        var moderator = loggedIn("moderator", Paths.room(room));
        emulator.sip().hangUp(room, CALLER_IDENTITY);

        var answer = moderator.postHtmx(transferPath(), transferTo(TARGET));

        assertThat(answer.body()).contains("“" + CALLER_IDENTITY + "” is no longer in “" + room + "”");
        assertThat(lastAudited().get("OUTCOME")).isEqualTo("ALREADY_GONE");
        assertThat(moderator.getHtmx(transferPath()).body()).contains("is no longer in");
    }

    @Test
    void withoutASipServiceTheTransferSaysTelephonyIsNotAvailable() {
        callerInTheCall();
        emulator.sip().serviceConnected(false);
        var moderator = loggedIn("moderator", Paths.room(room));

        var answer = moderator.postHtmx(transferPath(), transferTo(TARGET));

        assertThat(answer.body()).contains("Telephony (SIP) is not available on this LiveKit server");
        assertThat(callerInRoom()).isTrue();
    }

    @Test
    void whenLiveKitCannotBeAskedTheDialogSaysSoInWords() {
        callerInTheCall();
        var moderator = loggedIn("moderator", Paths.room(room));
        emulator.faults().set(FaultMode.INTERNAL, null, "GetParticipant");

        var dialog = moderator.getHtmx(transferPath());

        assertThat(dialog.statusCode()).isEqualTo(400);
        assertThat(dialog.body()).contains("The call of “" + CALLER_IDENTITY + "” cannot be transferred now.",
                "reported an internal error").doesNotContain("Exception");
    }

    @Test
    void aViewerHasNoButtonIsRefusedAndSeesTheNumbersMaskedTheRefusalAudited() {
        callerInTheCall();
        var viewer = loggedIn("viewer", Paths.room(room));

        var page = viewer.getHtmx(Paths.room(room)).body();
        assertThat(page).contains("PHONE", "sip_+1 555 ••• ••67").doesNotContain("Transfer call…", "5551234567");
        assertThat(viewer.getHtmx(transferPath()).statusCode()).isEqualTo(403);
        assertThat(viewer.get(transferPath()).statusCode()).isEqualTo(403);
        assertThat(viewer.postHtmx(transferPath(), transferTo(TARGET)).statusCode()).isEqualTo(403);

        assertThat(callerInRoom()).isTrue();
        assertThat(audited("action = 'TRANSFER_CALL'")).extracting(r -> r.get("OUTCOME") + " " + r.get("USERNAME"))
                .containsExactly("DENIED viewer");
        assertThat(audited("action = 'TRANSFER_CALL'").toString()).doesNotContain("5551234567", "5559998888");
    }

    @Test
    void theAuditLogShowsTheTargetMaskedEvenToAnAdministrator() {
        callerInTheCall();
        loggedIn("moderator", Paths.room(room)).postHtmx(transferPath(), transferTo(TARGET));

        var audit = loggedIn("admin").get("/audit").body();
        assertThat(audit).contains("to tel:" + TARGET_MASKED).doesNotContain("tel:" + TARGET);
    }
}
