package dev.roomwarden.users;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Staff accounts in the database. */
@Repository
public class StaffAccounts {

    private final JdbcClient jdbc;

    StaffAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM staff_account").query(Long.class).single();
    }

    public Optional<StaffAccount> findByUsername(String username) {
        return jdbc.sql("SELECT * FROM staff_account WHERE username = ?")
                .param(username)
                .query(StaffAccounts::map)
                .optional();
    }

    public void create(String username, String displayName, String passwordHash, Role role) {
        jdbc.sql("""
                INSERT INTO staff_account (username, display_name, password_hash, role, enabled, created_at)
                VALUES (?, ?, ?, ?, TRUE, ?)""")
                .params(username, displayName, passwordHash, role.name(), Timestamp.from(Instant.now()))
                .update();
    }

    public void updatePassword(String username, String passwordHash) {
        jdbc.sql("UPDATE staff_account SET password_hash = ? WHERE username = ?")
                .params(passwordHash, username)
                .update();
    }

    public void recordLogin(String username, Instant at) {
        jdbc.sql("UPDATE staff_account SET last_login_at = ? WHERE username = ?")
                .params(Timestamp.from(at), username)
                .update();
    }

    private static StaffAccount map(ResultSet rs, int row) throws SQLException {
        var lastLogin = rs.getTimestamp("last_login_at");
        return new StaffAccount(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("display_name"),
                rs.getString("password_hash"),
                Role.valueOf(rs.getString("role")),
                rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant(),
                lastLogin == null ? null : lastLogin.toInstant());
    }
}
