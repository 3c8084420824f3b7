package dev.roomwarden.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code roomwarden.metrics.token} ({@code ROOMWARDEN_METRICS_TOKEN}): when set, Prometheus may scrape
 * {@code /actuator/prometheus} with it as a bearer token, without a staff session. Never printed.
 */
@ConfigurationProperties("roomwarden.metrics")
public record MetricsProperties(String token) {

    static final int MIN_TOKEN_LENGTH = 16;

    public boolean tokenSet() {
        return token != null && !token.isBlank();
    }

    /** Compared as hashes in constant time, so the answer's timing says nothing about the token. */
    boolean matches(String given) {
        return tokenSet() && given != null && MessageDigest.isEqual(sha256(given), sha256(token));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "MetricsProperties[token=" + (tokenSet() ? "(set)" : "(none)") + "]";
    }
}
