package dev.roomwarden.history;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code roomwarden.history}: {@code retention}, how long LiveKit's events are kept for the history pages (default
 * 90 days); {@code timeline-page}, how many events a session's timeline shows before "Later events" (default 500).
 */
@ConfigurationProperties("roomwarden.history")
public record HistoryProperties(@DefaultValue("90d") Duration retention, @DefaultValue("500") int timelinePage) {

    public HistoryProperties {
        if (timelinePage < 1 || timelinePage > 10_000) {
            throw new IllegalArgumentException("roomwarden.history.timeline-page must be from 1 to 10000, not " + timelinePage);
        }
    }
}
