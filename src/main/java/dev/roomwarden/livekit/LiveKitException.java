package dev.roomwarden.livekit;

/**
 * A LiveKit call that did not succeed. {@link #twirpCode()} is LiveKit's own error code when it
 * answered one (e.g. {@code not_found}), {@code null} when it could not be reached or understood.
 */
public class LiveKitException extends RuntimeException {

    private final LiveKitFailure failure;
    private final String twirpCode;
    private final String host;

    public LiveKitException(LiveKitFailure failure, String twirpCode, String host, String detail, Throwable cause) {
        super(failure + (twirpCode == null ? "" : " [" + twirpCode + "]") + (detail == null ? "" : ": " + detail), cause);
        this.failure = failure;
        this.twirpCode = twirpCode;
        this.host = host;
    }

    public LiveKitFailure failure() {
        return failure;
    }

    public String twirpCode() {
        return twirpCode;
    }

    /** The message for staff: what went wrong and where, never credentials. */
    public String userMessage() {
        var message = failure.describe(host);
        return twirpCode == null ? message : message + " (LiveKit code: " + twirpCode + ")";
    }
}
