package dev.roomwarden.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditOutcome;
import dev.roomwarden.display.Times;
import dev.roomwarden.input.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Slows down password guessing without letting anyone lock anyone out (OWASP ASVS V2.2.1). Every password
 * check (login, and the current password on /account) is counted before it is made, under row locks in the
 * database that every instance shares, so parallel guesses cannot pass a limit. Three counts, by the name
 * as typed whether or not an account has it (so the answers never tell):
 * <ul>
 * <li>per account and client address: a few failures, then each attempt waits, the wait doubling up to a bound;
 * <li>per client address, whatever the account: the same, more generous (a shared office address);
 * <li>per account from every address: a generous hourly limit, which holds back only addresses that never
 * logged in to the account. The owner's usual address counts its own failures only, so an attacker
 * elsewhere cannot keep the owner out.
 * </ul>
 * A success clears the count of its account and address only when no other attempt was counted after it and no
 * wait is running, and takes itself back from the other two counts.
 */
@Service
public class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    private static final Duration HOUR = Duration.ofHours(1);

    enum Scope { ACCOUNT, ADDRESS, PAIR }

    /** What a password check may do now. */
    public sealed interface Attempt permits Allowed, Throttled {
    }

    /** Counted; go on and check the password, then say how it went ({@link #succeeded}, {@link #failed}). */
    public static final class Allowed implements Attempt {

        private final String account;
        private final List<Counted> counted;
        private final List<String> limitsReached;

        private Allowed(String account, List<Counted> counted, List<String> limitsReached) {
            this.account = account;
            this.counted = counted;
            this.limitsReached = limitsReached;
        }
    }

    /** Not counted and not to be checked: the client waits this long. */
    public record Throttled(long waitSeconds) implements Attempt {

        /** The same words for an account that exists or not, locked or not. */
        public String message() {
            return "Too many attempts from your address; try again in " + waitSeconds + (waitSeconds == 1 ? " second." : " seconds.");
        }
    }

    private record Key(Scope scope, String account, String address) {
    }

    /** A count as this attempt left it. */
    private record Counted(Key key, int failures) {
    }

    private record Row(int failures, Instant firstFailure, Instant lastFailure, Instant waitUntil, Instant loggedIn) {
    }

    private final JdbcClient jdbc;
    private final SecurityPolicyProperties.LoginThrottling policy;
    private final AuditLog auditLog;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;

    LoginThrottle(JdbcClient jdbc, SecurityPolicyProperties properties, AuditLog auditLog, Clock clock,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.policy = properties.loginThrottling();
        this.auditLog = auditLog;
        this.clock = clock;
        // Its own transaction even inside another (a password change): the count holds whatever that one does.
        this.ownTransaction = new TransactionTemplate(transactions);
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Counts an attempt at this account's password from this address, or says how long to wait. */
    public Attempt attempt(String account, String address) {
        var name = Text.cut(account == null ? "" : account, 64);
        var from = Text.cut(address == null || address.isBlank() ? "unknown" : address, 64);
        var now = clock.instant();
        var pair = new Key(Scope.PAIR, name, from);
        // From an address it logged in from before, only that address's own failures count.
        var keys = known(pair, now) ? List.of(pair)
                : List.of(new Key(Scope.ACCOUNT, name, ""), new Key(Scope.ADDRESS, "", from), pair);
        keys.forEach(this::ensureRow);
        return ownTransaction.execute(status -> claim(keys, name, now));
    }

    /**
     * The password was right: the account's count from this address ends, and this attempt is taken back from the
     * others. But a wait that is running stays, and so does a count that another attempt added to after this one:
     * the right password among a burst of guesses must not reopen the door to the rest of the burst.
     */
    public void succeeded(Allowed attempt) {
        var now = Timestamp.from(clock.instant());
        ownTransaction.executeWithoutResult(status -> {
            for (var counted : attempt.counted) {
                var key = counted.key();
                if (key.scope() == Scope.PAIR) {
                    var cleared = jdbc.sql("""
                            UPDATE login_throttle SET failures = 0, first_failure_at = NULL, last_failure_at = NULL,
                                wait_until = NULL, logged_in_at = ? WHERE scope = ? AND account = ? AND address = ? AND failures = ?
                                AND (wait_until IS NULL OR wait_until <= ?)""")
                            .params(now, key.scope().name(), key.account(), key.address(), counted.failures(), now).update();
                    if (cleared == 0) {
                        jdbc.sql("UPDATE login_throttle SET logged_in_at = ? WHERE scope = ? AND account = ? AND address = ?")
                                .params(now, key.scope().name(), key.account(), key.address()).update();
                    }
                } else {
                    // First logins of many staff behind one address are not guesses.
                    jdbc.sql("UPDATE login_throttle SET failures = failures - 1 WHERE scope = ? AND account = ? AND address = ? AND failures > 0")
                            .params(key.scope().name(), key.account(), key.address()).update();
                }
            }
        });
    }

    /** The password was wrong (already counted): audits each limit that this failure reached. */
    public void failed(Allowed attempt) {
        for (var limit : attempt.limitsReached) {
            auditLog.recordFor(attempt.account, null, AuditAction.LOGIN_THROTTLED, AuditOutcome.DENIED, limit);
        }
    }

    /** The client's address as the audit log records it, for checks made outside the login form. */
    public static String currentAddress() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest().getRemoteAddr() : null;
    }

    private Attempt claim(List<Key> keys, String name, Instant now) {
        var rows = new ArrayList<Row>();
        long wait = 0;
        // Locked in one order by every instance (ACCOUNT, ADDRESS, PAIR), so two attempts never deadlock.
        for (var key : keys) {
            var row = lock(key);
            rows.add(row);
            if (row.waitUntil() != null && row.waitUntil().isAfter(now)) {
                wait = Math.max(wait, secondsUntil(row.waitUntil(), now));
            }
        }
        if (wait > 0) {
            return new Throttled(wait);
        }
        var limitsReached = new ArrayList<String>();
        var counted = new ArrayList<Counted>();
        for (int i = 0; i < keys.size(); i++) {
            var key = keys.get(i);
            var row = rows.get(i);
            var next = key.scope() == Scope.ACCOUNT ? hourly(row, now) : backOff(row, now, allowed(key.scope()));
            update(key, next);
            if (next.failures() == allowed(key.scope())) {
                limitsReached.add(describe(key.scope(), next, now));
            }
            counted.add(new Counted(key, next.failures()));
        }
        return new Allowed(name, List.copyOf(counted), List.copyOf(limitsReached));
    }

    private int allowed(Scope scope) {
        return Math.max(1, switch (scope) {
            case PAIR -> policy.failuresPerAccountAndAddress();
            case ADDRESS -> policy.failuresPerAddress();
            case ACCOUNT -> policy.failuresPerAccountPerHour();
        });
    }

    /** Counted as a failure in advance; from the allowed number on, the next attempt waits, twice as long each time. */
    private Row backOff(Row row, Instant now, int allowed) {
        var fresh = row.lastFailure() == null || !row.lastFailure().plus(policy.forgetAfter()).isAfter(now);
        var failures = fresh ? 1 : row.failures() + 1;
        var wait = failures >= allowed ? now.plus(delay(failures - allowed)) : null;
        return new Row(failures, fresh ? now : row.firstFailure(), now, wait, row.loggedIn());
    }

    /** At most the allowed number in an hour from addresses that never logged in; then they wait for the hour's end. */
    private Row hourly(Row row, Instant now) {
        var fresh = row.firstFailure() == null || !row.firstFailure().plus(HOUR).isAfter(now);
        var first = fresh ? now : row.firstFailure();
        var failures = fresh ? 1 : row.failures() + 1;
        var wait = failures >= allowed(Scope.ACCOUNT) ? first.plus(HOUR) : null;
        return new Row(failures, first, now, wait, row.loggedIn());
    }

    private Duration delay(int beyond) {
        var delay = policy.firstDelay().multipliedBy(1L << Math.min(beyond, 30));
        return delay.compareTo(policy.maxDelay()) > 0 ? policy.maxDelay() : delay;
    }

    private String describe(Scope scope, Row row, Instant now) {
        return switch (scope) {
            case PAIR -> row.failures() + " failed logins from this address: each further attempt waits, from "
                    + delay(0).toSeconds() + " s up to " + policy.maxDelay().toSeconds() + " s";
            case ADDRESS -> row.failures() + " failed logins from this address, on any accounts: each further attempt waits, from "
                    + delay(0).toSeconds() + " s up to " + policy.maxDelay().toSeconds() + " s";
            case ACCOUNT -> row.failures() + " failed logins within an hour: until " + Times.exact(row.waitUntil())
                    + " only addresses it logged in from may try";
        };
    }

    private static long secondsUntil(Instant until, Instant now) {
        return Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
    }

    private boolean known(Key pair, Instant now) {
        return jdbc.sql("SELECT logged_in_at FROM login_throttle WHERE scope = ? AND account = ? AND address = ?")
                .params(pair.scope().name(), pair.account(), pair.address())
                .query((rs, n) -> instant(rs, "logged_in_at")).optional()
                .filter(at -> at != null && at.plus(policy.knownAddressFor()).isAfter(now))
                .isPresent();
    }

    /** A row to lock, made first if need be; two instances making it at once is fine. */
    private void ensureRow(Key key) {
        try {
            ownTransaction.executeWithoutResult(status -> jdbc.sql("""
                    INSERT INTO login_throttle (scope, account, address, failures)
                    SELECT ?, ?, ?, 0 WHERE NOT EXISTS (SELECT 1 FROM login_throttle WHERE scope = ? AND account = ? AND address = ?)""")
                    .params(key.scope().name(), key.account(), key.address(), key.scope().name(), key.account(), key.address())
                    .update());
        } catch (DuplicateKeyException alreadyMade) {
            log.debug("Throttle row made at the same time elsewhere");
        }
    }

    private Row lock(Key key) {
        return jdbc.sql("""
                SELECT failures, first_failure_at, last_failure_at, wait_until, logged_in_at FROM login_throttle
                WHERE scope = ? AND account = ? AND address = ? FOR UPDATE""")
                .params(key.scope().name(), key.account(), key.address())
                .query(LoginThrottle::row).optional()
                // Pruned since ensureRow: counted as a first attempt, and made again next time.
                .orElse(new Row(0, null, null, null, null));
    }

    private void update(Key key, Row row) {
        jdbc.sql("""
                UPDATE login_throttle SET failures = ?, first_failure_at = ?, last_failure_at = ?, wait_until = ?
                WHERE scope = ? AND account = ? AND address = ?""")
                .params(row.failures(), timestamp(row.firstFailure()), timestamp(row.lastFailure()), timestamp(row.waitUntil()),
                        key.scope().name(), key.account(), key.address())
                .update();
    }

    /** Forgets counts nobody added to for a while, and addresses that have not logged in for a long time. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
    int prune() {
        var now = clock.instant();
        var quiet = policy.forgetAfter().compareTo(HOUR) > 0 ? policy.forgetAfter() : HOUR;
        return jdbc.sql("""
                DELETE FROM login_throttle WHERE (wait_until IS NULL OR wait_until < ?) AND (last_failure_at IS NULL OR last_failure_at < ?)
                AND (logged_in_at IS NULL OR logged_in_at < ?)""")
                .params(Timestamp.from(now), Timestamp.from(now.minus(quiet)), Timestamp.from(now.minus(policy.knownAddressFor())))
                .update();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getInt("failures"), instant(rs, "first_failure_at"), instant(rs, "last_failure_at"),
                instant(rs, "wait_until"), instant(rs, "logged_in_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
