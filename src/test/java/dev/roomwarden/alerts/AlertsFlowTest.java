package dev.roomwarden.alerts;

import java.time.Duration;
import java.time.Instant;

import com.google.protobuf.util.JsonFormat;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.roomwarden.FlowTest;
import dev.roomwarden.history.SignedWebhook;
import dev.roomwarden.overview.AttentionRule;
import dev.roomwarden.overview.AttentionSettings;
import dev.roomwarden.overview.NeedsAttention;
import livekit.LivekitModels.Room;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts over the real application: timers off (each test evaluates when it chooses), targets on this machine allowed
 * (the test webhook server), quick timeouts, and a GreenMail SMTP server as the mail server. Every alert class shares
 * this one application and database; each test starts with no targets, no alerts, the default rules and no open room.
 */
@TestPropertySource(properties = {
        "roomwarden.alerts.evaluate-interval=0",
        "roomwarden.overview.evaluate-interval=0",
        "roomwarden.alerts.allow-local-targets=true",
        "roomwarden.alerts.connect-timeout=1s",
        "roomwarden.alerts.request-timeout=1s",
        "roomwarden.alerts.retries=1",
        "roomwarden.alerts.retry-backoff=100ms",
        "roomwarden.alerts.rate-limit=5",
        "roomwarden.alerts.mail-from=alerts@roomwarden.test",
        "roomwarden.alerts.link-base-url=https://roomwarden.example.com",
        "spring.datasource.url=jdbc:h2:mem:alerts;DB_CLOSE_DELAY=-1"})
abstract class AlertsFlowTest extends FlowTest {

    static final GreenMail MAIL = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    static {
        MAIL.start();
    }

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
    }

    @Autowired
    AlertEvaluator alerts;

    @Autowired
    NeedsAttention attention;

    @Autowired
    AttentionSettings settings;

    @Autowired
    AlertTargets targets;

    @Autowired
    Notifier notifier;

    TestTarget server;

    @BeforeEach
    void nothingToAlertAbout() throws Exception {
        jdbc.sql("DELETE FROM alert_delivery").update();
        jdbc.sql("DELETE FROM alert").update();
        jdbc.sql("DELETE FROM alert_target").update();
        jdbc.sql("DELETE FROM attention_rule").update();
        jdbc.sql("UPDATE room_session SET ended_at = CURRENT_TIMESTAMP WHERE ended_at IS NULL").update();
        MAIL.purgeEmailFromAllMailboxes();
        server = new TestTarget();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    AlertTarget webhook(String name, String path, AlertTarget.Format format) {
        return targets.create(name, AlertTarget.Kind.WEBHOOK, server.url(path), format, true, Instant.now(), "test");
    }

    /** A room LiveKit says was created this long ago, as its room_started webhook tells history. */
    void roomStarted(String room, Duration ago) throws Exception {
        webhook("room_started", room, Instant.now().minus(ago));
    }

    void roomFinished(String room) throws Exception {
        webhook("room_finished", room, Instant.now().minus(Duration.ofMinutes(30)));
    }

    private void webhook(String type, String room, Instant created) throws Exception {
        var event = WebhookEvent.newBuilder().setEvent(type).setId("EV_" + type + "_" + room).setCreatedAt(Instant.now().getEpochSecond())
                .setRoom(Room.newBuilder().setName(room).setSid("RM_" + room).setCreationTime(created.getEpochSecond()));
        assertThat(SignedWebhook.post(port, JsonFormat.printer().print(event.build()), API_KEY, API_SECRET).statusCode()).isEqualTo(200);
    }

    /** A room open longer than "A room runs long", set to one minute. */
    void aLongRoom(String room) throws Exception {
        settings.save(AttentionRule.LONG_ROOM, 1, true, true, "test");
        roomStarted(room, Duration.ofMinutes(2));
    }

    /** The overview's rules, then alerts, evaluated now; then every notice handed over has its outcome. */
    AlertEvaluator.Result evaluate() throws InterruptedException {
        attention.evaluate();
        // The overview's view must be newer than any firing it could clear.
        Thread.sleep(5);
        var result = alerts.evaluate();
        settled();
        return result;
    }

    void settled() throws InterruptedException {
        assertThat(notifier.awaitIdle(Duration.ofSeconds(20))).as("every notice has its outcome").isTrue();
    }
}
