package dev.roomwarden.history;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import dev.roomwarden.RoomwardenApplication;
import dev.roomwarden.emulator.LiveKitEmulator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Demo mode's simulated rooms reach history by webhook from the first one: they start once Roomwarden can receive
 * webhooks, so the demo shows whole sessions and no webhook drift. An application of its own, since the simulation
 * runs (every other test turns it off).
 */
class DemoHistoryTest {

    @Test
    void everyDemoRoomHasItsRoomStartedAndJoinsByWebhook() throws Exception {
        try (var context = new SpringApplicationBuilder(RoomwardenApplication.class).run(
                "--server.port=0", "--roomwarden.emulator.port=0", "--roomwarden.emulator.simulation.tick=1h",
                "--roomwarden.history.reconcile-interval=0s", "--roomwarden.demo.password=demo-history-password-1",
                "--spring.datasource.url=jdbc:h2:mem:demohistory;DB_CLOSE_DELAY=-1")) {
            // The made-up past week (DemoPastWeek) is in the sessions, not among the events: every session of it ended.
            assertThat(context.getBean(JdbcClient.class).sql("SELECT COUNT(*) FROM room_session WHERE room_sid LIKE 'RM_demo%' AND ended_at IS NOT NULL"
                    + " AND started_at > ?").param(java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofDays(8)))).query(Long.class).single())
                    .isGreaterThan(300);
            assertThat(context.getBean(JdbcClient.class).sql("SELECT COUNT(*) FROM room_session WHERE room_sid LIKE 'RM_demo%' AND ended_at IS NULL")
                    .query(Long.class).single()).isZero();
            var emulator = context.getBean(LiveKitEmulator.class).state();
            var jdbc = context.getBean(JdbcClient.class);
            var rooms = emulator.rooms();
            var participants = rooms.stream().flatMap(room -> emulator.participants(room.getName()).stream())
                    .filter(p -> p.getState() == livekit.LivekitModels.ParticipantInfo.State.ACTIVE).map(p -> p.getSid()).toList();
            assertThat(rooms).hasSizeGreaterThan(5);

            BooleanSupplier delivered = () -> jdbc.sql("SELECT COUNT(*) FROM history_event WHERE event_type = 'room_started' AND source = 'webhook'")
                    .query(Long.class).single() == rooms.size()
                    && jdbc.sql("SELECT participant_sid FROM history_event WHERE event_type = 'participant_joined' AND source = 'webhook'")
                            .query(String.class).list().containsAll(participants);
            var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!delivered.getAsBoolean() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(delivered.getAsBoolean()).as("a room_started and a join for each of %d rooms and %d participants, but: %s", rooms.size(),
                    participants.size(), jdbc.sql("SELECT event_type || ' ' || source || ' ' || COUNT(*) FROM history_event GROUP BY event_type, source")
                            .query(String.class).list()).isTrue();
        }
    }
}
