package dev.roomwarden.livekit;

/**
 * A LiveKit call that did not succeed. {@link #twirpCode()} is LiveKit's own error code when it
 * answered one (e.g. {@code not_found}), {@code null} when it could not be reached or understood.
 */
public class LiveKitException extends RuntimeException {

    /** What psrpc puts before the errors of LiveKit's services behind it (SIP, Egress, Ingress). */
    private static final String PSRPC_PREFIX = "twirp error unknown: ";

    private final LiveKitFailure failure;
    private final String twirpCode;
    private final String host;
    private final String explanation;
    private final String twirpMessage;

    public LiveKitException(LiveKitFailure failure, String twirpCode, String host, String detail, Throwable cause) {
        this(failure, twirpCode, host, detail, cause, null, null);
    }

    /** The same, with LiveKit's own message ({@code msg} of its Twirp error), which some refusals need to be told apart. */
    public LiveKitException(LiveKitFailure failure, String twirpCode, String twirpMessage, String host, String detail,
            Throwable cause) {
        this(failure, twirpCode, host, detail, cause, null, twirpMessage);
    }

    private LiveKitException(LiveKitFailure failure, String twirpCode, String host, String detail, Throwable cause,
            String explanation, String twirpMessage) {
        super(failure + (twirpCode == null ? "" : " [" + twirpCode + "]") + (detail == null ? "" : ": " + detail), cause);
        this.failure = failure;
        this.twirpCode = twirpCode;
        this.host = host;
        this.explanation = explanation;
        this.twirpMessage = twirpMessage;
    }

    /**
     * The same failure, told in the words of the action that met it: for a refusal that an action knows the
     * reason of (LiveKit's own message names only a code), the whole sentence staff see instead.
     */
    public LiveKitException explained(String sentence) {
        return new LiveKitException(failure, twirpCode, host, null, this, sentence, twirpMessage);
    }

    /** LiveKit's own message ({@code "twirp error unknown: not implemented"}), null when it sent none; not for display as is. */
    public String twirpMessage() {
        return twirpMessage;
    }

    /** LiveKit's own message without psrpc's prefix ("requested sip trunk does not exist"), "" when it sent none. */
    public String livekitWords() {
        if (twirpMessage == null) {
            return "";
        }
        return twirpMessage.startsWith(PSRPC_PREFIX) ? twirpMessage.substring(PSRPC_PREFIX.length()) : twirpMessage;
    }

    public LiveKitFailure failure() {
        return failure;
    }

    public String twirpCode() {
        return twirpCode;
    }

    /** What an action that knows this refusal says about it in full, or null. */
    public String explanation() {
        return explanation;
    }

    /** The message for staff: what went wrong and where, never credentials. */
    public String userMessage() {
        var message = failure.describe(host);
        if (failure == LiveKitFailure.NOT_ANSWERING && getCause() instanceof LiveKitException last) {
            return message + " Last time: " + last.userMessage();
        }
        return twirpCode == null ? message : message + " (LiveKit code: " + twirpCode + ")";
    }
}
