package dev.roomwarden.alerts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code roomwarden.alerts.*} (docs/alerts.md): how often alerts are evaluated (0: never, for tests that evaluate when
 * they choose), the sender of alert mail, whether targets may be on this machine or link-local (tests), how long a
 * target may take and how often a failed delivery is tried again, how many notices a target gets per window, and the
 * address staff open Roomwarden at (for links in notices; empty: paths only).
 */
@ConfigurationProperties("roomwarden.alerts")
record AlertsProperties(
        @DefaultValue("10s") Duration evaluateInterval,
        @DefaultValue("roomwarden@localhost") String mailFrom,
        @DefaultValue("false") boolean allowLocalTargets,
        @DefaultValue("3s") Duration connectTimeout,
        @DefaultValue("5s") Duration requestTimeout,
        @DefaultValue("2") int retries,
        @DefaultValue("2s") Duration retryBackoff,
        @DefaultValue("20") int rateLimit,
        @DefaultValue("10m") Duration rateWindow,
        @DefaultValue("") String linkBaseUrl) {

    AlertsProperties {
        if (retries < 0 || retries > 10) {
            throw new IllegalArgumentException("roomwarden.alerts.retries must be from 0 to 10, not " + retries);
        }
        if (rateLimit < 1) {
            throw new IllegalArgumentException("roomwarden.alerts.rate-limit must be at least 1, not " + rateLimit);
        }
        linkBaseUrl = linkBaseUrl == null ? "" : linkBaseUrl.replaceAll("/+$", "");
    }
}
