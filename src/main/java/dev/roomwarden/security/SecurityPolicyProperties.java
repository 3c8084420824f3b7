package dev.roomwarden.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code roomwarden.security.*}: the shortest password accepted, and how password guesses are slowed down
 * ({@link LoginThrottle}).
 */
@ConfigurationProperties("roomwarden.security")
public record SecurityPolicyProperties(
        @DefaultValue("12") int minPasswordLength,
        @DefaultValue LoginThrottling loginThrottling) {

    /**
     * Failed password checks allowed before each further attempt waits, with the wait doubling from
     * {@code firstDelay} up to {@code maxDelay}: per account from one address, and per address whatever the
     * account. Per account from all addresses together, at most {@code failuresPerAccountPerHour}, and that
     * limit holds back only addresses that never logged in to the account (within {@code knownAddressFor}).
     * A count starts again after {@code forgetAfter} without a failure.
     */
    public record LoginThrottling(
            @DefaultValue("5") int failuresPerAccountAndAddress,
            @DefaultValue("20") int failuresPerAddress,
            @DefaultValue("1s") Duration firstDelay,
            @DefaultValue("15m") Duration maxDelay,
            @DefaultValue("100") int failuresPerAccountPerHour,
            @DefaultValue("1h") Duration forgetAfter,
            @DefaultValue("90d") Duration knownAddressFor) {
    }
}
