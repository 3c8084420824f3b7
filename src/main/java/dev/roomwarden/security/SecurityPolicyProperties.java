package dev.roomwarden.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code roomwarden.security.*}: failed logins before an account is locked, for how long, and the
 * shortest password accepted.
 */
@ConfigurationProperties("roomwarden.security")
public record SecurityPolicyProperties(
        @DefaultValue("5") int maxFailedLogins,
        @DefaultValue("15m") Duration lockout,
        @DefaultValue("12") int minPasswordLength) {
}
