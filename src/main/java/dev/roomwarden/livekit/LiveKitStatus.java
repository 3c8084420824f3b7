package dev.roomwarden.livekit;

import java.time.Duration;
import java.time.Instant;

/**
 * How LiveKit does as this instance sees it: since when it has not answered and why (both null while it answers),
 * and how long Roomwarden's own calls to it took lately.
 */
public record LiveKitStatus(Instant notAnsweringSince, LiveKitFailure why, Latency latency) {

    /** The median and 95th percentile of the calls over the last {@code window}; null when there were none. */
    public record Latency(Duration p50, Duration p95, Duration window) {
    }

    public boolean answering() {
        return notAnsweringSince == null;
    }
}
