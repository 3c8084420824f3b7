package dev.roomwarden.alerts;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Two Roomwardens on one database, evaluating at the same moment, notify each item once and its clearing once. */
class TwoInstancesAlertsFlowTest extends AlertsFlowTest {

    private AlertEvaluator.Result[] both(AlertEvaluator first, AlertEvaluator second) throws Exception {
        var barrier = new CyclicBarrier(2);
        var pool = Executors.newFixedThreadPool(2);
        try {
            Callable<AlertEvaluator.Result> a = () -> {
                barrier.await();
                return first.evaluate();
            };
            Callable<AlertEvaluator.Result> b = () -> {
                barrier.await();
                return second.evaluate();
            };
            var one = pool.submit(a);
            var two = pool.submit(b);
            var results = new AlertEvaluator.Result[] {one.get(), two.get()};
            settled();
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoInstancesEvaluatingAtOnceSendOneFiringAndOneResolvedNotice() throws Exception {
        webhook("Support channel", "/hook", AlertTarget.Format.SLACK);
        var one = alerts.withClock(Clock.systemUTC());
        var other = alerts.withClock(Clock.systemUTC());
        for (var i = 1; i <= 2; i++) {
            aLongRoom("alerts-two-" + i);
        }
        attention.evaluate();
        Thread.sleep(5);

        var fired = both(one, other);
        assertThat(fired[0].fired().size() + fired[1].fired().size()).as("each item fired by one of them").isEqualTo(2);
        assertThat(both(one, other)).allSatisfy(again -> assertThat(again.fired()).isEmpty());
        for (var i = 1; i <= 2; i++) {
            assertThat(server.bodies("/hook", "alerts-two-" + i + "”")).as("room " + i).hasSize(1);
        }

        for (var i = 1; i <= 2; i++) {
            roomFinished("alerts-two-" + i);
        }
        attention.evaluate();
        Thread.sleep(5);
        var resolved = both(one, other);
        assertThat(resolved[0].resolved().size() + resolved[1].resolved().size()).isEqualTo(2);
        for (var i = 1; i <= 2; i++) {
            assertThat(server.bodies("/hook", "alerts-two-" + i + "”")).as("room " + i).hasSize(2);
        }
        assertThat(server.bodies("/hook", "Cleared")).hasSize(2);
    }
}
