package dev.roomwarden.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import dev.roomwarden.audit.AuditLog;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The waits' arithmetic, on the real schema (H2) with a clock the test moves: what flows cannot check without
 * waiting. Flows over HTTP (LoginThrottleFlowTest, PostgresFlowTest) check what a client sees.
 */
class LoginThrottleTest {

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final LoginThrottle throttle = throttle(new SecurityPolicyProperties.LoginThrottling(3, 100, Duration.ofSeconds(1),
            Duration.ofSeconds(4), 1000, Duration.ofHours(1), Duration.ofDays(90)));

    private LoginThrottle throttle(SecurityPolicyProperties.LoginThrottling policy) {
        var dataSource = new DriverManagerDataSource("jdbc:h2:mem:throttle-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).load().migrate();
        return new LoginThrottle(JdbcClient.create(dataSource), new SecurityPolicyProperties(12, policy), Mockito.mock(AuditLog.class),
                clock, new DataSourceTransactionManager(dataSource));
    }

    private LoginThrottle.Allowed allowed() {
        var attempt = throttle.attempt("ann", "203.0.113.5");
        assertThat(attempt).isInstanceOf(LoginThrottle.Allowed.class);
        return (LoginThrottle.Allowed) attempt;
    }

    private long waitSeconds() {
        var attempt = throttle.attempt("ann", "203.0.113.5");
        assertThat(attempt).isInstanceOf(LoginThrottle.Throttled.class);
        return ((LoginThrottle.Throttled) attempt).waitSeconds();
    }

    @Test
    void afterTheAllowedFailuresEachAttemptWaitsTwiceAsLongUpToTheBound() {
        for (int i = 0; i < 3; i++) {
            throttle.failed(allowed());
        }
        assertThat(waitSeconds()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        throttle.failed(allowed());
        assertThat(waitSeconds()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(2));
        throttle.failed(allowed());
        assertThat(waitSeconds()).isEqualTo(4);
        clock.advance(Duration.ofSeconds(4));
        throttle.failed(allowed());
        assertThat(waitSeconds()).as("bounded by max-delay").isEqualTo(4);
        assertThat(throttle.attempt("ann", "198.51.100.1")).as("another address has its own count")
                .isInstanceOf(LoginThrottle.Allowed.class);
    }

    @Test
    void aCountStartsAgainAfterAQuietHour() {
        for (int i = 0; i < 3; i++) {
            throttle.failed(allowed());
        }
        clock.advance(Duration.ofMinutes(61));
        for (int i = 0; i < 3; i++) {
            throttle.failed(allowed());
        }
        assertThat(waitSeconds()).isEqualTo(1);
    }

    @Test
    void aSuccessEndsTheCountOnlyWhenNoLaterAttemptWasCountedAndNoWaitIsRunning() {
        var first = allowed();
        var second = allowed();
        throttle.succeeded(first);
        throttle.failed(second);
        var third = allowed();
        assertThat(waitSeconds()).as("the second attempt, counted after the success, still counts").isEqualTo(1);
        throttle.succeeded(third);
        assertThat(waitSeconds()).as("a success does not lift the wait its own attempt set").isEqualTo(1);

        var elsewhere = "198.51.100.2";
        throttle.failed((LoginThrottle.Allowed) throttle.attempt("ann", elsewhere));
        throttle.succeeded((LoginThrottle.Allowed) throttle.attempt("ann", elsewhere));
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.attempt("ann", elsewhere)).as("a fresh count after the success").isInstanceOf(LoginThrottle.Allowed.class);
        }
        assertThat(throttle.attempt("ann", elsewhere)).isInstanceOf(LoginThrottle.Throttled.class);
    }

    @Test
    void theAccountsHourlyLimitHoldsBackOnlyAddressesThatNeverLoggedInToIt() {
        var throttle = throttle(new SecurityPolicyProperties.LoginThrottling(3, 100, Duration.ofSeconds(1),
                Duration.ofSeconds(4), 4, Duration.ofHours(1), Duration.ofDays(90)));
        throttle.succeeded((LoginThrottle.Allowed) throttle.attempt("ann", "192.0.2.1"));
        for (int i = 0; i < 4; i++) {
            throttle.failed((LoginThrottle.Allowed) throttle.attempt("ann", "203.0.113." + i));
        }
        assertThat(throttle.attempt("ann", "203.0.113.99")).isInstanceOfSatisfying(LoginThrottle.Throttled.class,
                t -> assertThat(t.waitSeconds()).isBetween(3500L, 3600L));
        assertThat(throttle.attempt("ann", "192.0.2.1")).as("the owner's address").isInstanceOf(LoginThrottle.Allowed.class);
        assertThat(throttle.attempt("bob", "203.0.113.99")).as("another account").isInstanceOf(LoginThrottle.Allowed.class);
        clock.advance(Duration.ofHours(1));
        assertThat(throttle.attempt("ann", "203.0.113.99")).as("the next hour").isInstanceOf(LoginThrottle.Allowed.class);
    }

    @Test
    void pruningForgetsQuietCountsButKeepsTheAddressesAccountsLoggedInFrom() {
        throttle.succeeded(allowed());
        throttle.failed((LoginThrottle.Allowed) throttle.attempt("bob", "203.0.113.5"));
        assertThat(throttle.prune()).as("nothing quiet yet").isZero();
        clock.advance(Duration.ofHours(2));
        assertThat(throttle.prune()).as("the counts of ann, bob, the address and bob's pair").isEqualTo(4);
        assertThat(throttle.prune()).as("ann's address stays hers").isZero();
    }
}
