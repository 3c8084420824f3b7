package dev.roomwarden.alerts;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.roomwarden.display.Times;
import dev.roomwarden.input.Text;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every notice to every target (table alert_delivery), and the rate limit, which counts them: a notice is claimed
 * with the target's row locked, so that instances sending at once count each other's.
 */
@Repository
class Deliveries {

    enum State {
        SENDING("sending"), DELIVERED("delivered"), FAILED("failed"), RATE_LIMITED("held back by the rate limit");

        private final String words;

        State(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** A notice claimed for sending (null {@code id}: the target is gone), or held back; heldBack: earlier ones held back. */
    record Claim(Long id, boolean rateLimited, int heldBack) {
    }

    /** One row of "Recent deliveries". */
    record Delivery(long id, String target, String rule, String room, String notice, State state, int attempts, String detail,
            Instant at) {

        /** The rule's title, or null for a test (or a rule this version does not know: its name). */
        public String ruleTitle() {
            if (rule == null) {
                return null;
            }
            try {
                return dev.roomwarden.overview.AttentionRule.valueOf(rule).title();
            } catch (IllegalArgumentException e) {
                return rule;
            }
        }

        public String atExact() {
            return Times.exact(at);
        }

        public String atAgo(Instant now) {
            return Times.ago(at, now);
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AlertsProperties properties;
    private final Clock clock;

    Deliveries(JdbcClient jdbc, TransactionTemplate transactions, AlertsProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /** Records the notice as being sent, or, past the target's limit in the window, as held back. Tests are never held back. */
    Claim claim(AlertTarget target, Notice notice) {
        return transactions.execute(status -> {
            var locked = jdbc.sql("SELECT id FROM alert_target WHERE id = ? FOR UPDATE").param(target.id()).query(Long.class).optional();
            if (locked.isEmpty()) {
                return new Claim(null, false, 0);
            }
            var now = clock.instant();
            var sent = jdbc.sql("""
                    SELECT COUNT(*) FROM alert_delivery WHERE target_id = ? AND created_at > ? AND notice <> 'TEST' AND state <> 'RATE_LIMITED'""")
                    .params(target.id(), Timestamp.from(now.minus(properties.rateWindow()))).query(Long.class).single();
            var limited = notice.type() != Notice.Type.TEST && sent >= properties.rateLimit();
            var heldBack = limited ? 0 : jdbc.sql("""
                    SELECT COUNT(*) FROM alert_delivery WHERE target_id = ? AND state = 'RATE_LIMITED' AND id >
                        COALESCE((SELECT MAX(id) FROM alert_delivery WHERE target_id = ? AND state <> 'RATE_LIMITED' AND notice <> 'TEST'), 0)""")
                    .params(target.id(), target.id()).query(Long.class).single().intValue();
            var keys = new GeneratedKeyHolder();
            jdbc.sql("""
                    INSERT INTO alert_delivery (target_id, target_name, alert_id, rule, room_name, notice, state, attempts, detail, created_at, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)""")
                    .params(target.id(), target.name(), notice.alertId(), notice.rule() == null ? null : notice.rule().name(),
                            Text.cut(notice.room(), 256), notice.type().name(), (limited ? State.RATE_LIMITED : State.SENDING).name(),
                            limited ? "More than " + properties.rateLimit() + " notices to this target within "
                                    + properties.rateWindow().toMinutes() + " minutes; the next one that goes out says how many were held back." : null,
                            Timestamp.from(now), limited ? Timestamp.from(now) : null)
                    .update(keys, "id");
            return new Claim(keys.getKey().longValue(), limited, heldBack);
        });
    }

    void finish(long id, AlertSender.Outcome outcome, int attempts) {
        jdbc.sql("UPDATE alert_delivery SET state = ?, attempts = ?, detail = ?, finished_at = ? WHERE id = ?")
                .params((outcome.delivered() ? State.DELIVERED : State.FAILED).name(), attempts, Text.cut(outcome.sentence(), 500),
                        Timestamp.from(clock.instant()), id)
                .update();
    }

    /** The newest deliveries, newest first. */
    List<Delivery> recent(int limit) {
        return jdbc.sql("""
                SELECT id, target_name, rule, room_name, notice, state, attempts, detail, created_at FROM alert_delivery
                ORDER BY created_at DESC, id DESC LIMIT ?""").param(limit).query((rs, row) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), State.valueOf(rs.getString(6)), rs.getInt(7), rs.getString(8),
                        rs.getTimestamp(9).toInstant()))
                .list();
    }
}
