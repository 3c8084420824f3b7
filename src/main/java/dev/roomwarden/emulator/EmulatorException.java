package dev.roomwarden.emulator;

import java.util.Map;

/** A Twirp error the emulator answers: its code, HTTP status and message, as the real server sends them. */
final class EmulatorException extends RuntimeException {

    private final String code;
    private final int status;
    private final Map<String, String> meta;

    EmulatorException(String code, int status, String message) {
        this(code, status, message, Map.of());
    }

    /** With Twirp error metadata ({@code "meta"} in the body), as SIP failures carry their SIP status. */
    EmulatorException(String code, int status, String message, Map<String, String> meta) {
        super(message);
        this.code = code;
        this.status = status;
        this.meta = Map.copyOf(meta);
    }

    Map<String, String> meta() {
        return meta;
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

    /** psrpc's ErrNoResponse: no node claimed the call (nobody serves the participant's or room's topic). */
    static EmulatorException noResponse() {
        return new EmulatorException("unavailable", 503, "twirp error unknown: no response from servers");
    }

    /** psrpc's ErrRequestTimedOut: a node claimed the call and never answered. */
    static EmulatorException requestTimedOut() {
        return new EmulatorException("deadline_exceeded", 408, "twirp error unknown: request timed out");
    }

    static EmulatorException failedPrecondition(String message) {
        return new EmulatorException("failed_precondition", 412, message);
    }
}
