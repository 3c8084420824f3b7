package dev.roomwarden.emulator;

/** A Twirp error the emulator answers: its code, HTTP status and message, as the real server sends them. */
final class EmulatorException extends RuntimeException {

    private final String code;
    private final int status;

    EmulatorException(String code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    static EmulatorException notFound(String message) {
        return new EmulatorException("not_found", 404, message);
    }

    static EmulatorException invalidArgument(String message) {
        return new EmulatorException("invalid_argument", 400, message);
    }

    static EmulatorException deadlineExceeded() {
        return new EmulatorException("deadline_exceeded", 408, "twirp error deadline_exceeded: context deadline exceeded");
    }

    static EmulatorException failedPrecondition(String message) {
        return new EmulatorException("failed_precondition", 412, message);
    }
}
