package dev.roomwarden.emulator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitIngress.IngressInput;
import livekit.LivekitIngress.IngressState;
import livekit.LivekitIngress.ListIngressRequest;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's town hall: streamed in over a real (emulated) RTMP ingress and recorded now and then by the egress worker. */
class DemoSimulationTest {

    private static boolean within(Duration limit, java.util.function.BooleanSupplier done) throws InterruptedException {
        var deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return done.getAsBoolean();
    }

    @Test
    void theTownHallIsStreamedInAndItsRecordingsEndWithAFileAndStartAgain() throws Exception {
        try (var lk = new EmulatorFixture()) {
            var egresses = lk.emulator.egresses();
            egresses.timings(new Egresses.Timings(Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(100)));
            var simulation = new DemoSimulation(lk.state(), egresses, 7);
            simulation.populate();

            var stage = lk.state().ingresses().list(ListIngressRequest.getDefaultInstance());
            assertThat(stage).singleElement().satisfies(ingress -> {
                assertThat(ingress.getInputType()).isEqualTo(IngressInput.RTMP_INPUT);
                assertThat(ingress.getRoomName()).isEqualTo(DemoSimulation.TOWN_HALL);
                assertThat(ingress.getState().getStatus()).isEqualTo(IngressState.Status.ENDPOINT_PUBLISHING);
            });
            assertThat(lk.state().participants(DemoSimulation.TOWN_HALL))
                    .anySatisfy(p -> assertThat(p.getKind()).isEqualTo(ParticipantInfo.Kind.INGRESS));
            assertThat(within(Duration.ofSeconds(10), () -> egresses.all().stream()
                    .anyMatch(e -> e.getStatus() == EgressStatus.EGRESS_ACTIVE && e.getRoomName().equals(DemoSimulation.TOWN_HALL))))
                    .as("the town hall records").isTrue();
            assertThat(lk.state().room(DemoSimulation.TOWN_HALL).orElseThrow().getActiveRecording()).isTrue();

            var stageStopped = new AtomicBoolean();
            for (int i = 0; i < 3_000 && (!stageStopped.get() || egresses.all().size() < 2); i++) {
                simulation.step();
                lk.state().closeIdleRooms();
                var status = lk.state().ingresses().list(ListIngressRequest.getDefaultInstance()).get(0).getState().getStatus();
                stageStopped.compareAndSet(false, status == IngressState.Status.ENDPOINT_INACTIVE);
                if (i % 50 == 0) {
                    Thread.sleep(30);
                }
            }

            assertThat(stageStopped).as("the stage's stream stopped now and then").isTrue();
            assertThat(egresses.all().size()).as("a recording ended and another began").isGreaterThanOrEqualTo(2);
            assertThat(within(Duration.ofSeconds(10), () -> egresses.all().stream().anyMatch(e -> e.getStatus() == EgressStatus.EGRESS_COMPLETE)))
                    .isTrue();
            EgressInfo complete = egresses.all().stream().filter(e -> e.getStatus() == EgressStatus.EGRESS_COMPLETE).findFirst().orElseThrow();
            assertThat(complete.getFileResults(0).getFilename()).startsWith("recordings/" + DemoSimulation.TOWN_HALL + "-");
            assertThat(complete.getFileResults(0).getSize()).isPositive();
            assertThat(egresses.all()).hasSizeLessThan(200);
        }
    }
}
