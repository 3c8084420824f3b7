package dev.roomwarden.emulator;

import java.util.Locale;

/** Ways the emulated Twirp services can misbehave, for tests and demos. */
public enum FaultMode {
    /** Behave. */
    NONE,
    /** 503 with Twirp {@code unavailable}, as a server that is shutting down or overloaded. */
    UNAVAILABLE,
    /** 500 with Twirp {@code internal}, as a server with a bug. */
    INTERNAL,
    /** Wait the configured delay, then carry out the call and answer normally. */
    SLOW,
    /** Carry out the call at once, then answer only after the configured delay: a client that gives up sooner does not know it was done. */
    LATE,
    /**
     * Wait the configured delay, then answer 408 {@code deadline_exceeded} "request timed out" without carrying
     * out the call, as livekit-server does when a node claims a call and never answers (about 15 s there).
     */
    HANG,
    /** 200 with a body that is neither valid protobuf nor JSON. */
    GARBAGE,
    /** 401 "invalid API key", as a server that does not know our key. */
    REJECT_KEY;

    /** The control API's spelling: {@code none}, {@code unavailable}, {@code slow}, {@code late}, {@code hang}, {@code reject-key}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FaultMode ofWireName(String value) {
        for (var mode : values()) {
            if (mode.wireName().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown fault mode '" + value + "'; use none, unavailable, internal, slow, late, hang, garbage or reject-key");
    }
}
