package dev.roomwarden.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code roomwarden.request-bodies.*}: how large a request body may be, how long it may take to arrive in all,
 * and how many bodies may be on their way at once from one client address and from all clients together.
 */
@ConfigurationProperties("roomwarden.request-bodies")
public record RequestBodyProperties(
        @DefaultValue("256KB") DataSize maxSize,
        @DefaultValue("10s") Duration deadline,
        @DefaultValue("8") int perClient,
        @DefaultValue("64") int total) {

    public RequestBodyProperties {
        if (maxSize.toBytes() < 1 || maxSize.toBytes() > Integer.MAX_VALUE || deadline.isNegative() || deadline.isZero()
                || perClient < 1 || total < 1) {
            throw new IllegalArgumentException("roomwarden.request-bodies: max-size, deadline, per-client and total must be positive");
        }
    }
}
