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
    /** Answer normally, but only after the configured delay. */
    SLOW,
    /** 200 with a body that is neither valid protobuf nor JSON. */
    GARBAGE,
    /** 401 "invalid API key", as a server that does not know our key. */
    REJECT_KEY;

    /** The control API's spelling: {@code none}, {@code unavailable}, {@code slow}, {@code garbage}, {@code reject-key}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FaultMode ofWireName(String value) {
        for (var mode : values()) {
            if (mode.wireName().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown fault mode '" + value + "'; use none, unavailable, internal, slow, garbage or reject-key");
    }
}
