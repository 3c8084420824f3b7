package dev.roomwarden.history;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code roomwarden.history.retention}: how long LiveKit's events are kept for the history pages (default 90 days). */
@ConfigurationProperties("roomwarden.history")
public record HistoryProperties(@DefaultValue("90d") Duration retention) {
}
