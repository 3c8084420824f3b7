package dev.roomwarden;

import java.util.List;
import java.util.Map;

import dev.roomwarden.emulator.LiveKitEmulator;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.users.LastAdminRace;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roomwarden on a real PostgreSQL (not H2): the same Flyway migrations, staff accounts with lockout,
 * audited actions and the audit page, over real HTTP with the embedded emulator as LiveKit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roomwarden.emulator.port=0",
        "roomwarden.emulator.simulation.enabled=false",
        "roomwarden.livekit.cache-ttl=0s",
        "roomwarden.security.max-failed-logins=2",
        "roomwarden.demo.password=" + PostgresFlowTest.PASSWORD})
class PostgresFlowTest {

    static final String PASSWORD = "postgres-flow-password-3318";

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        var database = TestPostgres.newDatabase("postgres_flow");
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
    }

    @LocalServerPort
    int port;

    @Autowired
    LiveKitEmulator emulator;

    @Autowired
    JdbcClient jdbc;

    private StaffBrowser loggedIn(String username, String password) {
        var browser = new StaffBrowser(port);
        assertThat(browser.logIn(username, password).headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).doesNotContain("error"));
        return browser;
    }

    /** "1:true", "2:true", ...: every migration in the jar, as Flyway should record it. */
    private static java.util.List<String> migrationsShipped() {
        try {
            var files = new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
                    .getResources("classpath:db/migration/V*__*.sql");
            return java.util.Arrays.stream(files).map(f -> Integer.parseInt(f.getFilename().substring(1, f.getFilename().indexOf("__"))))
                    .sorted().map(v -> v + ":true").toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyMigrationRunsOnPostgresql() {
        assertThat(jdbc.sql("SELECT version() LIKE 'PostgreSQL %'").query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")
                .query((rs, row) -> rs.getString(1) + ":" + rs.getBoolean(2)).list())
                .containsExactlyElementsOf(migrationsShipped());
    }

    @Test
    void accountsAuditedActionsAndTheAuditPageWorkOnPostgresql() {
        emulator.state().addParticipant("support-pg", new ParticipantSpec("agent-pg", "", ParticipantInfo.Kind.AGENT, "", Map.of(), List.of()));
        var admin = loggedIn("admin", PASSWORD);
        admin.get("/users");
        admin.postForm("/users", Map.of("username", "paula", "displayName", "Paula", "role", "MODERATOR",
                "password", "a-moderators-passphrase-77"));
        var paula = loggedIn("paula", "a-moderators-passphrase-77");

        paula.get("/rooms/support-pg");
        var removed = paula.postForm("/rooms/support-pg/participants/agent-pg/remove", Map.of("reason", "a human takes over"));
        assertThat(removed.statusCode()).isEqualTo(302);
        assertThat(paula.get("/rooms/support-pg").body()).as("the flash message, kept in the session in PostgreSQL")
                .contains("agent-pg").contains("removed").doesNotContain("could not");

        var audit = admin.get("/audit?room=support-pg").body();
        assertThat(audit).contains("remove participant", "paula", "MODERATOR", "agent-pg", "a human takes over", "DONE");
        assertThat(admin.get("/audit").body()).contains("create account", "paula", "login");
        assertThat(admin.get("/audit.csv?user=paula").body()).contains("REMOVE_PARTICIPANT");
    }

    @Test
    void twoAdminsRemovingEachOtherAtOnceLeaveOneAdminOnPostgresql() throws Exception {
        new LastAdminRace(port, jdbc).run(loggedIn("admin", PASSWORD), 8);
    }

    @Test
    void repeatedFailedLoginsLockAnAccountOnPostgresql() {
        var admin = loggedIn("admin", PASSWORD);
        admin.get("/users");
        admin.postForm("/users", Map.of("username", "lockme", "role", "VIEWER", "password", "a-viewers-passphrase-42"));
        new StaffBrowser(port).logIn("lockme", "wrong-1");
        new StaffBrowser(port).logIn("lockme", "wrong-2");

        assertThat(new StaffBrowser(port).logIn("lockme", "a-viewers-passphrase-42").headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login?error"));
        assertThat(admin.get("/users").body()).contains("locked");
        assertThat(admin.get("/audit?action=LOCKED_OUT").body()).contains("lockme");
    }
}
