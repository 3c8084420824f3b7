package dev.roomwarden.users;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.roomwarden.RoomwardenApplication;
import dev.roomwarden.StaffBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** With the default file database, accounts, the audit log and staff sessions survive a restart. */
class RestartTest {

    @TempDir
    Path data;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(RoomwardenApplication.class).run(
                "--server.port=0", "--roomwarden.emulator.port=0", "--roomwarden.emulator.simulation.enabled=false",
                "--roomwarden.demo.password=restart-password-1", "--spring.datasource.url=jdbc:h2:file:" + data.resolve("db"));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void accountsAuditAndSessionsSurviveARestart() {
        String password;
        StaffBrowser admin;
        try (var first = start()) {
            admin = new StaffBrowser(port(first));
            admin.logIn("admin", "restart-password-1");
            admin.get("/users");
            admin.postForm("/users", Map.of("username", "kept", "role", "MODERATOR", "password", "a-durable-passphrase-42"));
            password = "a-durable-passphrase-42";
        }
        assertThat(Files.exists(data.resolve("db.mv.db"))).isTrue();
        try (var second = start()) {
            var users = admin.at(port(second)).get("/users");
            assertThat(users.statusCode()).as("still logged in after the restart").isEqualTo(200);
            assertThat(users.body()).contains("kept");
            var kept = new StaffBrowser(port(second));
            assertThat(kept.logIn("kept", password).headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
            var audit = second.getBean(JdbcClient.class).sql("SELECT action FROM audit_record ORDER BY id").query(String.class).list();
            assertThat(audit).containsSubsequence("LOGIN", "CREATE_ACCOUNT", "LOGIN");
        }
    }
}
