package dev.roomwarden.overview;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code roomwarden.overview.*}: how often the attention rules are evaluated on the server ({@code evaluate-interval},
 * 0 or negative: never, for tests that evaluate when they choose), whether pages are open or not.
 */
@ConfigurationProperties("roomwarden.overview")
public record OverviewProperties(@DefaultValue("5s") Duration evaluateInterval) {
}
