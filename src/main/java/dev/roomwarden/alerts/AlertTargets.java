package dev.roomwarden.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The alert targets as stored (table alert_target); the callers check and audit. */
@Repository
class AlertTargets {

    private static final String COLUMNS = "id, name, kind, address, format, enabled, updated_at, updated_by";

    private final JdbcClient jdbc;

    AlertTargets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<AlertTarget> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM alert_target ORDER BY name, id").query(AlertTargets::target).list();
    }

    List<AlertTarget> enabled() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM alert_target WHERE enabled ORDER BY id").query(AlertTargets::target).list();
    }

    Optional<AlertTarget> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM alert_target WHERE id = ?").param(id).query(AlertTargets::target).optional();
    }

    AlertTarget create(String name, AlertTarget.Kind kind, String address, AlertTarget.Format format, boolean enabled,
            Instant at, String by) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO alert_target (name, kind, address, format, enabled, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(name, kind.name(), address, format == null ? null : format.name(), enabled, Timestamp.from(at), by)
                .update(keys, "id");
        return new AlertTarget(keys.getKey().longValue(), name, kind, address, format, enabled, at, by);
    }

    /** Whether the target was still there to update. */
    boolean update(AlertTarget target) {
        return jdbc.sql("UPDATE alert_target SET name = ?, address = ?, format = ?, enabled = ?, updated_at = ?, updated_by = ? WHERE id = ?")
                .params(target.name(), target.address(), target.format() == null ? null : target.format().name(), target.enabled(),
                        Timestamp.from(target.updatedAt()), target.updatedBy(), target.id())
                .update() > 0;
    }

    boolean delete(long id) {
        return jdbc.sql("DELETE FROM alert_target WHERE id = ?").param(id).update() > 0;
    }

    private static AlertTarget target(ResultSet rs, int row) throws SQLException {
        var format = rs.getString("format");
        return new AlertTarget(rs.getLong("id"), rs.getString("name"), AlertTarget.Kind.valueOf(rs.getString("kind")),
                rs.getString("address"), format == null ? null : AlertTarget.Format.valueOf(format), rs.getBoolean("enabled"),
                rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by"));
    }
}
