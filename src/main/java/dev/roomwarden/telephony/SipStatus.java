package dev.roomwarden.telephony;

import java.util.Optional;
import java.util.regex.Pattern;

import dev.roomwarden.livekit.LiveKitException;

/**
 * The SIP status that ended a call or a transfer, as LiveKit's SIP service writes it into its error ("call transfer
 * failed: sip status: 603: Decline", livekit/sip {@code SIPStatus.Error}): "SIP 603 Decline".
 * The Twirp code LiveKit derives from it (603 is permission_denied, 408 deadline_exceeded) says little about LiveKit
 * itself, so a refusal is read from here, not from {@link LiveKitException#failure()}.
 */
public record SipStatus(int code, String status) {

    private static final Pattern IN_MESSAGE = Pattern.compile("sip status:? (\\d{3})(?:: ([^\\r\\n]{0,80}))?");

    /** The SIP status in LiveKit's answer, when it carries one. */
    public static Optional<SipStatus> of(LiveKitException e) {
        var message = e.twirpMessage();
        if (message == null) {
            return Optional.empty();
        }
        var found = IN_MESSAGE.matcher(message);
        if (!found.find()) {
            return Optional.empty();
        }
        return Optional.of(new SipStatus(Integer.parseInt(found.group(1)), found.group(2) == null ? "" : found.group(2).strip()));
    }

    /** "SIP 486 Busy Here": the status as the other end sent it. */
    public String words() {
        return "SIP " + code + (status.isEmpty() ? "" : " " + status);
    }
}
