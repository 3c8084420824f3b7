package dev.roomwarden.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code roomwarden.audit.retention}: how long audit records are kept (default 365 days). */
@ConfigurationProperties("roomwarden.audit")
public record AuditProperties(@DefaultValue("365d") Duration retention) {
}
