package dev.roomwarden.audit;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code roomwarden.audit.retention}: how long audit records are kept (default 365 days).
 * {@code roomwarden.audit.recheck-after}: when, counted from the timeout, LiveKit is read again to settle an
 * action it did not answer in time (the last one past LiveKit's own retries, about 15 s).
 */
@ConfigurationProperties("roomwarden.audit")
public record AuditProperties(@DefaultValue("365d") Duration retention,
        @DefaultValue({"2s", "5s", "20s"}) List<Duration> recheckAfter) {
}
