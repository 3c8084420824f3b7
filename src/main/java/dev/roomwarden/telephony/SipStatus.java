package dev.roomwarden.telephony;

import java.util.Optional;
import java.util.regex.Pattern;

import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitFailure;

/**
 * The SIP status that ended a call LiveKit placed or transferred, as its message carries it: "INVITE failed: sip status:
 * 486: Busy Here" (livekit/sip SIPStatus.Error), or "sip request timed out" when the ringing timeout ran out
 * (ErrSIPRequestTimeout, which is SIP's 408). The Twirp meta sip_status_code says the same; the message is what the
 * gateway keeps.
 */
public record SipStatus(int code, String status) {

    private static final Pattern STATUS = Pattern.compile("sip status: (\\d{3}): ?([^;:]*)");
    private static final String RINGING_TIMED_OUT = "sip request timed out";

    /** The status of a call LiveKit says the other end did not take; empty for every other failure. */
    public static Optional<SipStatus> of(LiveKitException failure) {
        var message = failure.twirpMessage();
        if (failure.failure() != LiveKitFailure.CALL_FAILED || message == null) {
            return Optional.empty();
        }
        var status = STATUS.matcher(message);
        if (status.find()) {
            return Optional.of(new SipStatus(Integer.parseInt(status.group(1)), status.group(2).strip()));
        }
        return message.endsWith(RINGING_TIMED_OUT) ? Optional.of(new SipStatus(408, "Request Timeout")) : Optional.empty();
    }

    /** "SIP 486 Busy Here" */
    public String words() {
        return "SIP " + code + (status.isEmpty() ? "" : " " + status);
    }

    /** The callee was busy (486 Busy Here, 600 Busy Everywhere). */
    public boolean busy() {
        return code == 486 || code == 600;
    }

    /** Nobody answered before the ringing timeout (408 Request Timeout, 480 Temporarily Unavailable, 487 Request Terminated). */
    public boolean notAnswered() {
        return code == 408 || code == 480 || code == 487;
    }

    /** The callee refused it (603 Decline). */
    public boolean declined() {
        return code == 603;
    }
}
