package dev.roomwarden.history;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Deletes LiveKit events older than {@code roomwarden.history.retention}, once a day. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class HistoryRetention {

    private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);

    private final HistoryEvents events;
    private final HistoryProperties properties;
    private final Clock clock;

    HistoryRetention(HistoryEvents events, HistoryProperties properties, Clock clock) {
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(cron = "${roomwarden.history.prune-cron:0 37 3 * * *}", zone = "UTC")
    int prune() {
        var removed = events.pruneOlderThan(clock.instant().minus(properties.retention()));
        if (removed > 0) {
            log.info("History retention: removed {} event(s) older than {}", removed, properties.retention());
        }
        return removed;
    }
}
