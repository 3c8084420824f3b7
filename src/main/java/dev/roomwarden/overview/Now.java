package dev.roomwarden.overview;

import java.time.Duration;
import java.time.Instant;

import dev.roomwarden.display.Times;
import dev.roomwarden.livekit.LiveKitStatus;

/**
 * The overview's "Now": LiveKit's counts (null when it did not answer), what history says about agents and SIP
 * callers in open sessions, recordings running, LiveKit's state and latency, and how webhooks arrive.
 */
public record Now(Integer rooms, Integer participants, Integer publishers, long agents, long sipCallers, long activeRecordings,
        LiveKitStatus livekit, boolean liveMode, Instant lastWebhook, long driftEvents, long webhookEvents, Duration driftWindow) {

    public String lastWebhookAgo(Instant now) {
        return lastWebhook == null ? "none seen" : Times.ago(lastWebhook, now);
    }

    public String lastWebhookExact() {
        return lastWebhook == null ? "" : Times.exact(lastWebhook);
    }

    /** "12 ms" */
    public static String millis(Duration duration) {
        if (duration == null) {
            return "–";
        }
        var micros = duration.toNanos() / 1_000;
        return micros < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f ms", micros / 1000.0) : micros / 1000 + " ms";
    }

    /** The share of LiveKit's events that only polling saw, as "0.4 %". */
    public String driftShare() {
        var all = driftEvents + webhookEvents;
        return all == 0 ? "–" : String.format(java.util.Locale.ROOT, "%.1f %%", 100.0 * driftEvents / all);
    }
}
