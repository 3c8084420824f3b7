package dev.roomwarden.history;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Deletes LiveKit events and the room sessions built from them older than {@code roomwarden.history.retention}, once a day. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class HistoryRetention {

    private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);

    private final HistoryEvents events;
    private final HistorySessions sessions;
    private final HistoryProperties properties;
    private final Clock clock;

    HistoryRetention(HistoryEvents events, HistorySessions sessions, HistoryProperties properties, Clock clock) {
        this.events = events;
        this.sessions = sessions;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(cron = "${roomwarden.history.prune-cron:0 37 3 * * *}", zone = "UTC")
    int prune() {
        var cutoff = clock.instant().minus(properties.retention());
        var removed = events.pruneOlderThan(cutoff);
        // The sessions were built from those events: they go with them.
        var rooms = sessions.pruneOlderThan(cutoff);
        if (removed > 0 || rooms > 0) {
            log.info("History retention: removed {} event(s) and {} room session(s) older than {}", removed, rooms, properties.retention());
        }
        return removed;
    }
}
