package dev.roomwarden.audit;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Deletes audit records older than {@code roomwarden.audit.retention}, once a day. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditRetention {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditLog auditLog;
    private final AuditProperties properties;
    private final Clock clock;

    AuditRetention(AuditLog auditLog, AuditProperties properties, Clock clock) {
        this.auditLog = auditLog;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(cron = "${roomwarden.audit.prune-cron:0 17 3 * * *}", zone = "UTC")
    int prune() {
        var removed = auditLog.pruneOlderThan(clock.instant().minus(properties.retention()));
        if (removed > 0) {
            log.info("Audit retention: removed {} record(s) older than {}", removed, properties.retention());
        }
        return removed;
    }
}
