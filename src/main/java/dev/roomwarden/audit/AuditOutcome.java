package dev.roomwarden.audit;

import java.util.Locale;

/** How an action ended. PENDING stays only when Roomwarden stopped between calling LiveKit and recording the answer. */
public enum AuditOutcome {
    PENDING,
    DONE,
    ALREADY_GONE,
    DENIED,
    FAILED,
    /**
     * LiveKit did not answer in time: the action may or may not have been carried out. Settled to DONE or
     * FAILED once LiveKit has been read again, where the action can be checked.
     */
    UNKNOWN,
    /** Part of a batch that no longer applied when its turn came (a room no longer empty), so not asked of LiveKit. */
    SKIPPED;

    public String label() {
        if (this == UNKNOWN) {
            return "outcome unknown";
        }
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
