package dev.roomwarden.users;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.roomwarden.RoomwardenApplication;
import dev.roomwarden.StaffBrowser;
import dev.roomwarden.history.HistorySessions;
import dev.roomwarden.history.SignedWebhook;
import dev.roomwarden.livekit.LiveKitConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the default file database, accounts, the audit log, staff sessions and room history survive a restart
 * (one restart for all of them: each start is a whole application).
 */
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

    /** A room_started and a join as LiveKit sends them, signed with this instance's API key and secret. */
    private static int webhook(ConfigurableApplicationContext context, String body) throws Exception {
        var connection = context.getBean(LiveKitConnection.class);
        return SignedWebhook.post(port(context), body, connection.apiKey(), connection.apiSecret()).statusCode();
    }

    private static final String STARTED = """
            {"event":"room_started","id":"EV_restart0001","createdAt":"1764640000",
             "room":{"sid":"RM_restart41130","name":"support-41130","creationTime":"1764640000"}}""";
    private static final String JOINED = """
            {"event":"participant_joined","id":"EV_restart0002","createdAt":"1764640005",
             "room":{"sid":"RM_restart41130","name":"support-41130","numParticipants":1},
             "participant":{"sid":"PA_restart1","identity":"customer-41130","joinedAt":"1764640005","state":"ACTIVE"}}""";

    private static long events(ConfigurableApplicationContext context) {
        return context.getBean(JdbcClient.class).sql("SELECT COUNT(*) FROM history_event WHERE room_sid = 'RM_restart41130'")
                .query(Long.class).single();
    }

    @Test
    void accountsAuditSessionsAndHistorySurviveARestart() throws Exception {
        String password;
        StaffBrowser admin;
        try (var first = start()) {
            admin = new StaffBrowser(port(first));
            admin.logIn("admin", "restart-password-1");
            admin.get("/users");
            admin.postForm("/users", Map.of("username", "kept", "role", "MODERATOR", "password", "a-durable-passphrase-42"));
            password = "a-durable-passphrase-42";
            assertThat(webhook(first, STARTED)).isEqualTo(200);
            assertThat(webhook(first, JOINED)).isEqualTo(200);
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

            var history = second.getBean(HistorySessions.class);
            assertThat(events(second)).as("the events kept before the restart").isEqualTo(2);
            assertThat(history.room("RM_restart41130")).hasValueSatisfying(room -> assertThat(room.name()).isEqualTo("support-41130"));
            assertThat(history.participants("RM_restart41130")).extracting(HistorySessions.ParticipantSession::identity)
                    .containsExactly("customer-41130");
            // LiveKit retrying an event across the restart: still one copy, and the join is not counted twice.
            assertThat(webhook(second, JOINED)).isEqualTo(200);
            assertThat(events(second)).isEqualTo(2);
            assertThat(history.room("RM_restart41130").orElseThrow().peakParticipants()).isEqualTo(1);
        }
    }
}
