package dev.roomwarden.telephony;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitFailure;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.phonenumbers.PhoneNumbers;
import livekit.LivekitSip.CreateSIPParticipantRequest;
import livekit.LivekitSip.SIPParticipantInfo;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Calling a phone number into a room through an outbound trunk (LiveKit's CreateSIPParticipant), for moderators and up.
 * Audited before LiveKit is asked, the number masked for everyone (in the participant too, since LiveKit's identity
 * {@code sip_<number>} holds it); LiveKit's answer, or the SIP status that ended the call, is the outcome.
 */
@Service
public class CallActions {

    private final LiveKitGateway livekit;
    private final AuditLog auditLog;

    CallActions(LiveKitGateway livekit, AuditLog auditLog) {
        this.livekit = livekit;
        this.auditLog = auditLog;
    }

    /** The trunks a call can go out through, by name. */
    public List<OutboundTrunk> outboundTrunks() {
        return livekit.listOutboundTrunks().stream().map(OutboundTrunk::of).toList();
    }

    /** What LiveKit answered a call: the participant the number became in the room. */
    public record Called(PhoneCall call, SIPParticipantInfo participant) {
    }

    /**
     * Dials the number of {@code form}, once checked, into the room. Waited: LiveKit answers once the callee answered, or fails with the SIP status
     * (busy, no answer), which the failure's explanation puts in words. Not waited: once the participant has joined.
     */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.CALL_PHONE_NUMBER, room = "room", reason = "reason")
    public Called call(String room, String roomSid, CallForm form, String reason) {
        var call = form.checked();
        var request = CreateSIPParticipantRequest.newBuilder().setSipTrunkId(call.trunkId()).setSipCallTo(call.number())
                .setRoomName(room).setParticipantIdentity(call.identity()).setParticipantName(call.name())
                .setWaitUntilAnswered(call.waitUntilAnswered())
                .setRingingTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(call.ringingTimeout().toSeconds()))
                .build();
        var detail = PhoneNumbers.maskedIn("to " + call.number() + " · trunk " + call.trunkId() + " · "
                + (call.waitUntilAnswered() ? "waited until answered, ringing up to " + call.ringingTimeout().toSeconds() + " s"
                        : "not waited"));
        var target = AuditTarget.participant(room, PhoneNumbers.maskedIn(call.identity())).withSids(roomSid, null);
        var answer = new AtomicReference<SIPParticipantInfo>();
        try {
            auditLog.performInSteps(AuditAction.CALL_PHONE_NUMBER, target, reason, detail, () -> {
                answer.set(livekit.dial(request));
                return ActionOutcome.DONE;
            }, () -> answer.get() == null ? detail : detail + " · LiveKit: " + answer.get().getParticipantId() + ", call "
                    + answer.get().getSipCallId() + (call.waitUntilAnswered() ? ", answered" : ", dialling"));
        } catch (LiveKitException e) {
            throw explained(call, e);
        }
        return new Called(call, answer.get());
    }

    /** A call the other end did not take, or LiveKit refused, in words; any other failure as it is. */
    private static LiveKitException explained(PhoneCall call, LiveKitException e) {
        var number = call.number();
        var status = sipStatus(e);
        if (status.isPresent()) {
            var sip = status.get();
            var words = sip.words();
            return e.explained(switch (sip.code()) {
                case 486, 600 -> number + " is busy (" + words + ").";
                case 408, 480, 487 -> number + " did not answer (" + words + ") within " + call.ringingTimeout().toSeconds()
                        + " s; LiveKit ended the call.";
                case 603 -> number + " declined the call (" + words + ").";
                default -> "The call to " + number + " did not go through (" + words + ").";
            });
        }
        if ((e.failure() == LiveKitFailure.INVALID_REQUEST || e.failure() == LiveKitFailure.NOT_FOUND) && e.explanation() == null
                && e.twirpMessage() != null) {
            return e.explained(number + " was not called: LiveKit refused the call: “" + e.livekitWords() + "”.");
        }
        return e;
    }

    /**
     * The SIP status that ended the call; a ringing timeout that ran out is LiveKit's "sip request timed out"
     * (livekit/sip ErrSIPRequestTimeout), without a status in the message, which is SIP's 408.
     */
    private static Optional<SipStatus> sipStatus(LiveKitException e) {
        if (e.failure() != LiveKitFailure.CALL_FAILED) {
            return Optional.empty();
        }
        var status = SipStatus.of(e);
        if (status.isEmpty() && e.twirpMessage() != null && e.twirpMessage().endsWith("sip request timed out")) {
            return Optional.of(new SipStatus(408, "Request Timeout"));
        }
        return status;
    }
}
