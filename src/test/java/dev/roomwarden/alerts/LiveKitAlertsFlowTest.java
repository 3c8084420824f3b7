package dev.roomwarden.alerts;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.roomwarden.OffsetClock;
import dev.roomwarden.emulator.FaultMode;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.overview.AttentionRule;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two rules about LiveKit itself: unreachable for longer than its threshold, and no webhook for longer than its
 * threshold while rooms are live. An instance whose clock says later stands in for waiting.
 */
class LiveKitAlertsFlowTest extends AlertsFlowTest {

    @Test
    void liveKitUnreachableFiresAndClearsWhenItAnswersAgain() throws Exception {
        webhook("Support channel", "/hook", AlertTarget.Format.SLACK);
        settings.save(AttentionRule.LIVEKIT_UNREACHABLE, 5, true, true, "test");
        var clock = new OffsetClock();
        var instance = alerts.withClock(clock);
        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO);

        assertThat(instance.evaluate().fired()).as("not yet for 5 seconds").isEmpty();
        clock.set(Duration.ofMinutes(1));
        assertThat(instance.evaluate().fired()).containsExactly(AlertEvaluator.LIVEKIT_KEY);
        settled();
        assertThat(instance.evaluate().fired()).isEmpty();
        settled();
        assertThat(server.bodies("/hook", "LiveKit")).singleElement()
                .satisfies(body -> assertThat(body).contains("Roomwarden: LiveKit is unreachable")
                        .contains("has not answered Roomwarden for more than 5 seconds").contains("unavailable right now"));

        emulator.faults().reset();
        var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        var resolved = List.<String>of();
        while (resolved.isEmpty() && System.nanoTime() < deadline) {
            resolved = instance.evaluate().resolved();
            Thread.sleep(100);
        }
        assertThat(resolved).containsExactly(AlertEvaluator.LIVEKIT_KEY);
        settled();
        assertThat(server.bodies("/hook", "Cleared")).singleElement()
                .satisfies(body -> assertThat(body).contains("Cleared: LiveKit is unreachable").contains("LiveKit answers again"));
    }

    @Test
    void noWebhookWhileRoomsAreLiveFiresAndClearsWhenWebhooksArriveAgain() throws Exception {
        webhook("Support channel", "/hook", AlertTarget.Format.SLACK);
        var clock = new OffsetClock();
        var instance = alerts.withClock(clock);
        emulator.state().addParticipant("alerts-live-1", new ParticipantSpec("caller-1", "", ParticipantInfo.Kind.STANDARD, "",
                Map.of(), List.of()));

        assertThat(instance.evaluate().fired()).as("webhooks arrived a moment ago").isEmpty();
        clock.set(Duration.ofMinutes(11));
        assertThat(instance.evaluate().fired()).containsExactly(AlertEvaluator.WEBHOOK_KEY);
        settled();
        assertThat(server.bodies("/hook", "No webhook")).singleElement()
                .satisfies(body -> assertThat(body).contains("No webhook from LiveKit for more than 10 minutes").contains("1 room is live"));

        clock.set(Duration.ZERO);
        assertThat(instance.evaluate().resolved()).containsExactly(AlertEvaluator.WEBHOOK_KEY);
        settled();
        assertThat(server.bodies("/hook", "Cleared")).singleElement()
                .satisfies(body -> assertThat(body).contains("Cleared: No webhook while rooms are live"));
    }
}
