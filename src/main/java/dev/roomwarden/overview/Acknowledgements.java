package dev.roomwarden.overview;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditOutcome;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/** Staff saying "I have this": an item of "Needs attention" leaves the list for everyone, audited with who and when. */
@Service
public class Acknowledgements {

    /** How far back the overview lists acknowledged items, with who acknowledged them. */
    static final Duration SHOWN = Duration.ofHours(1);

    /** An acknowledged item, as the overview lists it under the open ones. */
    public record Acknowledged(AttentionRule rule, String room, String by, Instant at) {

        public String roomPath() {
            return room == null ? null : dev.roomwarden.display.Paths.room(room);
        }
    }

    private final JdbcClient jdbc;
    private final NeedsAttention attention;
    private final AuditLog auditLog;
    private final Clock clock;

    Acknowledgements(JdbcClient jdbc, NeedsAttention attention, AuditLog auditLog, Clock clock) {
        this.jdbc = jdbc;
        this.attention = attention;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /**
     * Acknowledges the listed item with this key; one no longer listed (it cleared, or someone acknowledged it
     * meanwhile) is refused with a sentence and nothing is changed.
     */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.ACKNOWLEDGE_ATTENTION)
    public AttentionItem acknowledge(String key) {
        var item = attention.current().stream().filter(listed -> listed.key().equals(key)).findFirst()
                .orElseThrow(() -> new InvalidInputException(already(key).orElse(
                        "This item is no longer listed: what needed attention has cleared. Nothing was changed.")));
        var who = SecurityContextHolder.getContext().getAuthentication().getName();
        try {
            jdbc.sql("INSERT INTO attention_ack (item_key, rule, room_name, acknowledged_by, acknowledged_at) VALUES (?, ?, ?, ?, ?)")
                    .params(item.key(), item.rule().name(), item.room(), Text.cut(who, 64), Timestamp.from(clock.instant())).update();
        } catch (DuplicateKeyException e) {
            throw new InvalidInputException(already(key).orElse("This item was acknowledged meanwhile. Nothing was changed."));
        }
        auditLog.record(AuditAction.ACKNOWLEDGE_ATTENTION, AuditTarget.room(item.room()),
                null, AuditOutcome.DONE, Text.cut(item.rule().title() + ": " + item.text(), 300));
        attention.evaluate();
        return item;
    }

    private java.util.Optional<String> already(String key) {
        return jdbc.sql("SELECT acknowledged_by FROM attention_ack WHERE item_key = ?").param(key).query(String.class).optional()
                .map(by -> "This item was already acknowledged by " + by + ". Nothing was changed.");
    }

    /** Items acknowledged in the last hour, newest first. */
    public List<Acknowledged> recent() {
        return jdbc.sql("""
                SELECT rule, room_name, acknowledged_by, acknowledged_at FROM attention_ack WHERE acknowledged_at > ?
                ORDER BY acknowledged_at DESC""").param(Timestamp.from(clock.instant().minus(SHOWN)))
                .query((rs, row) -> {
                    AttentionRule rule;
                    try {
                        rule = AttentionRule.valueOf(rs.getString(1));
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                    return new Acknowledged(rule, rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant());
                }).list().stream().filter(java.util.Objects::nonNull).limit(50).toList();
    }

    /** Forgets acknowledgements older than any item they could silence, once a day. */
    @Scheduled(cron = "${roomwarden.overview.prune-cron:0 47 3 * * *}", zone = "UTC")
    int prune() {
        return jdbc.sql("DELETE FROM attention_ack WHERE acknowledged_at < ?")
                .param(Timestamp.from(clock.instant().minus(NeedsAttention.ACK_KEPT))).update();
    }
}
