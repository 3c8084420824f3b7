package dev.roomwarden.live;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code roomwarden.live.*}: how many event streams one session may have open at once (one per open page), and
 * how long a stream lasts before the server ends it and the page opens a new one by itself.
 */
@ConfigurationProperties("roomwarden.live")
public record LiveProperties(@DefaultValue("8") int streamsPerSession, @DefaultValue("30m") Duration maxStreamLife) {

    public LiveProperties {
        if (streamsPerSession < 1 || maxStreamLife.isNegative() || maxStreamLife.isZero()) {
            throw new IllegalArgumentException("roomwarden.live: streams-per-session and max-stream-life must be positive");
        }
    }
}
