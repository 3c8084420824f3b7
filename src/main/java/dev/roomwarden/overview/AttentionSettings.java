package dev.roomwarden.overview;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The attention rules' settings, kept in the database so that every instance uses the same and an ADMIN changes them
 * at /alerts without a restart. Read on each evaluation (a handful of rows).
 */
@Repository
public class AttentionSettings {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AttentionSettings(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Every rule, in the enum's order, as set or by default. */
    public Map<AttentionRule, AttentionSetting> all() {
        var settings = new EnumMap<AttentionRule, AttentionSetting>(AttentionRule.class);
        for (var rule : AttentionRule.values()) {
            settings.put(rule, AttentionSetting.defaultOf(rule));
        }
        jdbc.sql("SELECT rule, threshold, enabled, notify, updated_at, updated_by FROM attention_rule").query((rs, row) -> {
            try {
                var rule = AttentionRule.valueOf(rs.getString(1));
                return new AttentionSetting(rule, rs.getInt(2), rs.getBoolean(3), rs.getBoolean(4),
                        rs.getTimestamp(5).toInstant(), rs.getString(6));
            } catch (IllegalArgumentException e) {
                // A rule a later version added and this one does not know.
                return null;
            }
        }).list().stream().filter(java.util.Objects::nonNull).forEach(setting -> settings.put(setting.rule(), setting));
        return settings;
    }

    public AttentionSetting of(AttentionRule rule) {
        return all().get(rule);
    }

    /**
     * Sets a rule, refusing a threshold outside its range (nothing is changed then). The caller audits it.
     *
     * @throws InvalidInputException with a sentence for staff
     */
    public AttentionSetting save(AttentionRule rule, int threshold, boolean enabled, boolean notifies, String by) {
        if (threshold < rule.min() || threshold > rule.max()) {
            throw new InvalidInputException("“" + rule.title() + "”: the threshold must be from " + rule.min() + " to " + rule.max()
                    + " " + rule.unit().words() + ", not " + threshold + ". Nothing was changed.");
        }
        var now = clock.instant();
        var who = Text.cut(by, 64);
        transactions.executeWithoutResult(status -> {
            var updated = jdbc.sql("UPDATE attention_rule SET threshold = ?, enabled = ?, notify = ?, updated_at = ?, updated_by = ? WHERE rule = ?")
                    .params(threshold, enabled, notifies, Timestamp.from(now), who, rule.name()).update();
            if (updated == 0) {
                jdbc.sql("INSERT INTO attention_rule (rule, threshold, enabled, notify, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)")
                        .params(rule.name(), threshold, enabled, notifies, Timestamp.from(now), who).update();
            }
        });
        return new AttentionSetting(rule, threshold, enabled, notifies, now, who);
    }
}
