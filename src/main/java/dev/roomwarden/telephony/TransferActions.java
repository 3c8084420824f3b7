package dev.roomwarden.telephony;

import java.time.Duration;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitFailure;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.phonenumbers.PhoneNumbers;
import livekit.LivekitModels.ParticipantInfo;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Transferring a phone caller (a SIP participant) to another number or SIP address (MODERATOR): LiveKit's SIP service
 * sends the caller's side a SIP REFER and answers once the other end has accepted it; the bridge then hangs up, so the
 * caller's participant leaves the room about a second later. Audited before LiveKit is asked, refusals included.
 */
@Service
public class TransferActions {

    public static final int DEFAULT_RINGING_SECONDS = 30;
    /**
     * LiveKit waits for the other end up to the ringing timeout; Roomwarden's SIP calls wait 95 s for LiveKit's answer
     * (livekit/LiveKitTransport), so the ringing must end well before that or the answer would be cut off.
     */
    public static final int MAX_RINGING_SECONDS = 80;

    private final LiveKitGateway livekit;
    private final AuditLog auditLog;

    TransferActions(LiveKitGateway livekit, AuditLog auditLog) {
        this.livekit = livekit;
        this.auditLog = auditLog;
    }

    /** The caller the dialog is about, as LiveKit has them now; refused with a sentence when gone or not a phone call. */
    @PreAuthorize("hasRole('MODERATOR')")
    public ParticipantInfo caller(String room, String identity) {
        var participant = livekit.lookUpParticipant(room, identity)
                .orElseThrow(() -> new InvalidInputException(who(identity) + " is no longer in “" + room + "”."));
        return requirePhoneCall(participant);
    }

    /** Where the call went, and what LiveKit answered (ALREADY_GONE: the caller had left). */
    public record Transferred(TransferTarget to, ActionOutcome outcome) {
    }

    /**
     * Transfers the call and waits for LiveKit's answer (the far end accepting, up to {@code ringingTimeout} seconds).
     * What was typed is checked after the role and before anything is recorded or sent.
     */
    @PreAuthorize("hasRole('MODERATOR')")
    // The participant is not named to @Audited: a refusal's record would hold the caller's identity, their number, in full.
    @Audited(value = AuditAction.TRANSFER_CALL, room = "room", reason = "reason")
    public Transferred transfer(String room, String identity, String participantSid, String transferTo, boolean playDialtone,
            String ringingTimeout, String reason) {
        var to = TransferTarget.parse(transferTo);
        var ringing = ringingTimeout(ringingTimeout);
        var participant = livekit.lookUpParticipant(room, identity).map(TransferActions::requirePhoneCall);
        // Masked for everyone, the identity too: LiveKit's identity of a caller is their number (sip_+1555…).
        var target = AuditTarget.participant(room, PhoneNumbers.maskedIn(identity))
                .withSids(null, participant.map(ParticipantInfo::getSid).orElse(participantSid));
        var detail = "to " + to.masked() + (playDialtone ? ", dial tone" : ", no dial tone") + ", ringing up to "
                + ringing.toSeconds() + " s";
        try {
            return new Transferred(to, auditLog.perform(AuditAction.TRANSFER_CALL, target, reason, detail, () -> {
                if (participant.isEmpty()) {
                    return ActionOutcome.ALREADY_GONE;
                }
                return send(room, identity, to, playDialtone, ringing);
            }));
        } catch (LiveKitException e) {
            throw refusal(e, identity);
        }
    }

    private ActionOutcome send(String room, String identity, TransferTarget to, boolean playDialtone, Duration ringing) {
        try {
            livekit.transfer(room, identity, to.uri(), playDialtone, ringing);
            return ActionOutcome.DONE;
        } catch (LiveKitException e) {
            // A SIP 404 from the far end is CALL_FAILED; not_found without a SIP status is the participant gone.
            if (SipStatus.of(e).isEmpty() && e.failure() == LiveKitFailure.NOT_FOUND) {
                return ActionOutcome.ALREADY_GONE;
            }
            throw e;
        }
    }

    /** The ringing timeout typed, in seconds: absent is the default; 1 to {@link #MAX_RINGING_SECONDS}. */
    static Duration ringingTimeout(String typed) {
        return Duration.ofSeconds(Text.wholeNumber(typed, DEFAULT_RINGING_SECONDS, 1, MAX_RINGING_SECONDS,
                "The ringing timeout must be a number of seconds from 1 to " + MAX_RINGING_SECONDS + " (Roomwarden waits at most "
                        + "95 s for LiveKit's answer, and LiveKit answers only once the ringing has ended)."));
    }

    private static ParticipantInfo requirePhoneCall(ParticipantInfo participant) {
        if (participant.getKind() != ParticipantInfo.Kind.SIP) {
            throw new InvalidInputException("Only a phone call can be transferred: " + who(participant.getIdentity()) + " is a "
                    + participant.getKind().name() + " participant, not one LiveKit SIP bridged into the room.");
        }
        return participant;
    }

    /** LiveKit's refusals of a transfer in words; anything else as the gateway worded it. */
    private static LiveKitException refusal(LiveKitException e, String identity) {
        if (e.explanation() != null) {
            return e;
        }
        var status = SipStatus.of(e);
        if (status.isPresent()) {
            return e.explained("The transfer was refused: " + meaning(status.get()) + " (" + status.get().words() + "). "
                    + who(identity) + " is still in the call, in this room.");
        }
        var message = e.livekitWords();
        if (message.endsWith("can't transfer non established call")) {
            return e.explained("The call of " + who(identity) + " is not answered yet: LiveKit transfers only a call in progress "
                    + "(“in the call” on the room page). Try again once it is.");
        }
        if (message.endsWith("call already being transferred elsewhere")) {
            return e.explained("The call of " + who(identity) + " is being transferred elsewhere already: wait for that transfer "
                    + "to end; the room page shows whether the caller is still there.");
        }
        if (message.endsWith("no SIP session associated with participant")) {
            return e.explained("LiveKit knows of no phone call of " + who(identity) + " (no sip.callID attribute): only a call "
                    + "LiveKit SIP bridged into the room can be transferred.");
        }
        return e;
    }

    /** What a transfer's final SIP status means, in words. */
    static String meaning(SipStatus status) {
        return switch (status.code()) {
            case 403 -> "forbidden by the other end";
            case 404, 604 -> "the number or address does not exist";
            case 408 -> "no answer in time";
            case 480 -> "not reachable right now";
            case 484 -> "the number or address is incomplete";
            case 486 -> "busy";
            case 487 -> "cancelled";
            case 600 -> "busy everywhere";
            case 603 -> "declined";
            default -> status.code() >= 500 && status.code() < 600 ? "the other end's server failed" : "refused";
        };
    }

    private static String who(String identity) {
        return "“" + identity + "”";
    }
}
