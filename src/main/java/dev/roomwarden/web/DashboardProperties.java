package dev.roomwarden.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the pages behave: {@code roomwarden.refresh-interval} is how often tables refresh themselves
 * when no webhooks arrive; {@code roomwarden.reconcile-interval} is how often they still check LiveKit
 * while webhooks keep them up to date.
 */
@ConfigurationProperties("roomwarden")
public record DashboardProperties(@DefaultValue("5s") Duration refreshInterval,
        @DefaultValue("30s") Duration reconcileInterval) {
}
