package dev.roomwarden.audit;

import java.util.Locale;

/** How an action ended. PENDING stays only when Roomwarden stopped between calling LiveKit and recording the answer. */
public enum AuditOutcome {
    PENDING,
    DONE,
    ALREADY_GONE,
    DENIED,
    FAILED,
    /** Part of a batch that no longer applied when its turn came (a room no longer empty), so not asked of LiveKit. */
    SKIPPED;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
