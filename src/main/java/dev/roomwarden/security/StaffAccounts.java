package dev.roomwarden.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Staff accounts in the database. */
@Repository
public class StaffAccounts {

    private final JdbcClient jdbc;
    private final Clock clock;

    StaffAccounts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
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

    public Optional<StaffAccount> findBySso(String issuer, String subject) {
        return jdbc.sql("SELECT * FROM staff_account WHERE sso_issuer = ? AND sso_subject = ?")
                .params(issuer, subject)
                .query(StaffAccounts::map)
                .optional();
    }

    /** Whether any account has this name, ignoring case, so that "Alice" from SSO cannot pass for "alice". */
    public boolean nameTaken(String username) {
        return jdbc.sql("SELECT COUNT(*) FROM staff_account WHERE LOWER(username) = LOWER(?)").param(username)
                .query(Long.class).single() > 0;
    }

    public void createSso(String username, String displayName, Role role, String issuer, String subject) {
        jdbc.sql("""
                INSERT INTO staff_account (username, display_name, password_hash, role, enabled, created_at, sso_issuer, sso_subject)
                VALUES (?, ?, NULL, ?, TRUE, ?, ?, ?)""")
                .params(username, displayName, role.name(), Timestamp.from(clock.instant()), issuer, subject)
                .update();
    }

    /** What the provider says at each sign-in: the name to show and the role. */
    public void updateSso(String username, String displayName, Role role) {
        jdbc.sql("UPDATE staff_account SET display_name = ?, role = ? WHERE username = ?")
                .params(displayName, role.name(), username)
                .update();
    }

    public void create(String username, String displayName, String passwordHash, Role role) {
        jdbc.sql("""
                INSERT INTO staff_account (username, display_name, password_hash, role, enabled, created_at)
                VALUES (?, ?, ?, ?, TRUE, ?)""")
                .params(username, displayName, passwordHash, role.name(), Timestamp.from(clock.instant()))
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

    public java.util.List<StaffAccount> findAll() {
        return jdbc.sql("SELECT * FROM staff_account ORDER BY username").query(StaffAccounts::map).list();
    }

    /**
     * Locks the rows of the active ADMINs until the transaction ends and returns their names: a change that
     * could remove the last one waits for any other such change, then counts what that one left.
     */
    public java.util.List<String> lockActiveAdmins() {
        return jdbc.sql("SELECT username FROM staff_account WHERE role = 'ADMIN' AND enabled = TRUE ORDER BY id FOR UPDATE")
                .query(String.class).list();
    }

    public long countActiveAdmins() {
        return jdbc.sql("SELECT COUNT(*) FROM staff_account WHERE role = 'ADMIN' AND enabled = TRUE").query(Long.class).single();
    }

    public void updateRole(String username, Role role) {
        jdbc.sql("UPDATE staff_account SET role = ? WHERE username = ?").params(role.name(), username).update();
    }

    public void setEnabled(String username, boolean enabled) {
        jdbc.sql("UPDATE staff_account SET enabled = ?, failed_logins = 0, locked_until = NULL WHERE username = ?")
                .params(enabled, username).update();
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
                lastLogin == null ? null : lastLogin.toInstant(),
                rs.getString("sso_issuer"),
                rs.getString("sso_subject"));
    }
}
