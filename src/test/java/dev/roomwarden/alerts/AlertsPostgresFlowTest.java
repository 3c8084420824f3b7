package dev.roomwarden.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;

import com.google.protobuf.util.JsonFormat;
import dev.roomwarden.TestPostgres;
import dev.roomwarden.history.SignedWebhook;
import dev.roomwarden.overview.AttentionRule;
import dev.roomwarden.overview.AttentionSettings;
import dev.roomwarden.overview.NeedsAttention;
import livekit.LivekitModels.Room;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Alerts' claims on a real PostgreSQL: two instances at once notify an item once, its clearing once, within the rate limit. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roomwarden.emulator.port=0",
        "roomwarden.emulator.simulation.enabled=false",
        "roomwarden.emulator.api-key=pg-alerts-key",
        "roomwarden.emulator.api-secret=pg-alerts-secret-7Yq",
        "roomwarden.demo.password=pg-alerts-password-5521",
        "roomwarden.history.reconcile-interval=0s",
        "roomwarden.overview.evaluate-interval=0",
        "roomwarden.alerts.evaluate-interval=0",
        "roomwarden.alerts.allow-local-targets=true",
        "roomwarden.alerts.rate-limit=3"})
class AlertsPostgresFlowTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        var database = TestPostgres.newDatabase("alerts_flow");
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

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

    private void webhook(String type, String room) throws Exception {
        var event = WebhookEvent.newBuilder().setEvent(type).setId("EV_" + type + "_" + room).setCreatedAt(Instant.now().getEpochSecond())
                .setRoom(Room.newBuilder().setName(room).setSid("RM_" + room).setCreationTime(Instant.now().minusSeconds(120).getEpochSecond()));
        assertThat(SignedWebhook.post(port, JsonFormat.printer().print(event.build()), "pg-alerts-key", "pg-alerts-secret-7Yq")
                .statusCode()).isEqualTo(200);
    }

    private int both(AlertEvaluator one, AlertEvaluator other, boolean fired) throws Exception {
        var barrier = new CyclicBarrier(2);
        var pool = Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> {
                barrier.await();
                return one.evaluate();
            });
            var b = pool.submit(() -> {
                barrier.await();
                return other.evaluate();
            });
            var results = new AlertEvaluator.Result[] {a.get(), b.get()};
            assertThat(notifier.awaitIdle(Duration.ofSeconds(20))).isTrue();
            return fired ? results[0].fired().size() + results[1].fired().size() : results[0].resolved().size() + results[1].resolved().size();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoInstancesAtOnceNotifyEachItemOnceAndItsClearingOnceWithinTheRateLimitOnPostgresql() throws Exception {
        try (var server = new TestTarget()) {
            targets.create("Support channel", AlertTarget.Kind.WEBHOOK, server.url("/hook"), AlertTarget.Format.SLACK, true,
                    Instant.now(), "test");
            settings.save(AttentionRule.LONG_ROOM, 1, true, true, "test");
            for (var room : new String[] {"pg-alerts-1", "pg-alerts-2"}) {
                webhook("room_started", room);
            }
            var one = alerts.withClock(Clock.systemUTC());
            var other = alerts.withClock(Clock.systemUTC());
            attention.evaluate();
            Thread.sleep(5);

            assertThat(both(one, other, true)).isEqualTo(2);
            assertThat(both(one, other, true)).isZero();
            assertThat(server.bodies("/hook", "pg-alerts-1”")).hasSize(1);
            assertThat(server.bodies("/hook", "pg-alerts-2”")).hasSize(1);

            webhook("room_finished", "pg-alerts-1");
            webhook("room_finished", "pg-alerts-2");
            attention.evaluate();
            Thread.sleep(5);
            assertThat(both(one, other, false)).isEqualTo(2);
            assertThat(server.bodies("/hook", "Cleared")).as("the third notice goes out, the fourth is held back").hasSize(1);
            assertThat(jdbc.sql("SELECT state FROM alert_delivery ORDER BY id").query(String.class).list())
                    .containsExactly("DELIVERED", "DELIVERED", "DELIVERED", "RATE_LIMITED");
        }
    }
}
