package dev.roomwarden.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

/**
 * Whether LiveKit's webhooks arrive, which decides how pages stay current: live (pushed at once, polled
 * only to reconcile) while they do, polling otherwise.
 */
@Component
public class WebhookActivity {

    /** Webhooks count as arriving while the last one is younger than this. */
    public static final Duration LIVE_WINDOW = Duration.ofMinutes(10);

    private final Clock clock;
    private volatile Instant lastWebhook;

    WebhookActivity(Clock clock) {
        this.clock = clock;
    }

    void received() {
        lastWebhook = clock.instant();
    }

    /** When this instance last received a webhook, or heard of one another instance received; null: not since it started. */
    public Instant lastWebhook() {
        return lastWebhook;
    }

    public boolean arriving() {
        var last = lastWebhook;
        return last != null && clock.instant().isBefore(last.plus(LIVE_WINDOW));
    }
}
