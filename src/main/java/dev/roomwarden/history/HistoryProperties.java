package dev.roomwarden.history;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code roomwarden.history.*}: how long LiveKit's events are kept for the history pages (default 90 days), and how
 * often polling compares what LiveKit shows with what its webhooks said ({@code reconcile-interval}, 0 or negative:
 * never), how long a difference must last before it counts as a dropped webhook rather than one on its way
 * ({@code reconcile-grace}), how many rooms one round asks about in more detail ({@code reconcile-rooms-per-round}),
 * and how many events a session's timeline shows before "Later events" ({@code timeline-page}, default 500).
 */
@ConfigurationProperties("roomwarden.history")
public record HistoryProperties(@DefaultValue("90d") Duration retention, @DefaultValue("30s") Duration reconcileInterval,
        @DefaultValue("60s") Duration reconcileGrace, @DefaultValue("20") int reconcileRoomsPerRound,
        @DefaultValue("500") int timelinePage) {

    public HistoryProperties {
        if (timelinePage < 1 || timelinePage > 10_000) {
            throw new IllegalArgumentException("roomwarden.history.timeline-page must be from 1 to 10000, not " + timelinePage);
        }
    }
}
