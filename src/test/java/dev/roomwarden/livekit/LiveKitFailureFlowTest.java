package dev.roomwarden.livekit;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import dev.roomwarden.FlowTest;
import dev.roomwarden.StaffBrowser;
import dev.roomwarden.emulator.FaultMode;
import dev.roomwarden.emulator.ParticipantSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * LiveKit failing in every way the emulator can fail: every page says specifically what is wrong,
 * actions report and audit the failure, nothing claims success, no error page; a hung LiveKit does not
 * exhaust the web server; two staff acting at once on one target.
 */
class LiveKitFailureFlowTest extends FlowTest {

    /** Faults that answer: a LiveKit that answers too late is audit/TimedOutActionFlowTest's. */
    private static final Map<FaultMode, String> MESSAGES = new java.util.LinkedHashMap<>();

    static {
        MESSAGES.put(FaultMode.UNAVAILABLE, "says it is unavailable right now");
        MESSAGES.put(FaultMode.INTERNAL, "reported an internal error");
        MESSAGES.put(FaultMode.GARBAGE, "sent an answer Roomwarden could not read");
        MESSAGES.put(FaultMode.REJECT_KEY, "rejected Roomwarden&#39;s API key");
    }

    @BeforeEach
    void anAgentInASupportChat() {
        emulator.state().addParticipant("support-1", new ParticipantSpec("agent-1", "", ParticipantInfo.Kind.AGENT, "", Map.of(), List.of()));
    }

    private StaffBrowser admin() {
        return loggedIn("admin", "/rooms/support-1");
    }

    @Test
    void everyFaultShowsItsOwnMessageOnEveryPageAndActionsFailVisiblyAndAudited() throws InterruptedException {
        var admin = admin();
        for (var fault : MESSAGES.entrySet()) {
            var mode = fault.getKey();
            emulator.faults().set(mode, Duration.ofSeconds(3));
            // Each fault as if LiveKit had just started failing (the breaker would otherwise give the last fault's reason).
            forgetWhatLiveKitDid();
            for (var page : List.of(admin.get("/rooms"), admin.getHtmx("/rooms"), admin.get("/rooms/support-1"),
                    admin.getHtmx("/rooms/support-1"))) {
                assertThat(page.statusCode()).as(mode + " " + page.uri()).isEqualTo(200);
                assertThat(page.body()).as(mode + " " + page.uri()).contains("LiveKit problem", fault.getValue())
                        .doesNotContain("Something went wrong");
            }
            forgetWhatLiveKitDid();
            var removal = admin.postHtmx("/rooms/support-1/participants/agent-1/remove", Map.of("reason", mode.name()));
            assertThat(removal.statusCode()).isEqualTo(200);
            assertThat(removal.body()).contains("was not removed", fault.getValue()).doesNotContain("was removed from");

            forgetWhatLiveKitDid();
            var ending = admin.postForm("/rooms/support-1/delete", Map.of());
            assertThat(ending.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/rooms/support-1"));
            assertThat(admin.get("/rooms/support-1").body()).contains("was not ended", fault.getValue());
        }
        emulator.faults().reset();
        assertThat(audited("action IN ('REMOVE_PARTICIPANT', 'DELETE_ROOM')")).extracting(r -> r.get("OUTCOME"))
                .hasSize(2 * MESSAGES.size()).containsOnly("FAILED");
        assertThat(emulator.state().participants("support-1")).as("nothing failed has changed anything").hasSize(1);
    }

    @Test
    void anUnreachableLiveKitIsNamedByItsHostOnly() throws Exception {
        var admin = admin();
        emulator.faults().set(FaultMode.NONE, Duration.ZERO);
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        var timeouts = new LiveKitProperties(null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, Duration.ofMillis(100));
        var unreachable = new LiveKitGateway(new LiveKitTransport(new LiveKitConnection("http://127.0.0.1:" + closed, "devkey", "secret", false),
                timeouts, new SimpleMeterRegistry()), timeouts, Clock.systemUTC());
        assertThatThrownBy(unreachable::listRooms).isInstanceOfSatisfying(LiveKitException.class, e -> {
            assertThat(e.failure()).isEqualTo(LiveKitFailure.UNREACHABLE);
            assertThat(e.userMessage()).contains("can't reach LiveKit at 127.0.0.1:" + closed).doesNotContain("secret");
        });
        assertThat(admin.get("/rooms").statusCode()).isEqualTo(200);
    }

    @Test
    void aHungLiveKitDoesNotExhaustTheWebServer() throws Exception {
        var viewer = loggedIn("viewer");
        emulator.faults().set(FaultMode.SLOW, Duration.ofSeconds(20));
        var pool = Executors.newFixedThreadPool(50);
        var start = new CountDownLatch(1);
        var loads = new ArrayList<java.util.concurrent.Future<HttpResponse<String>>>();
        long began = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            Callable<HttpResponse<String>> load = () -> {
                start.await();
                return viewer.get("/rooms");
            };
            loads.add(pool.submit(load));
        }
        start.countDown();
        var login = new StaffBrowser(port).get("/login");
        var loginTook = Duration.ofNanos(System.nanoTime() - began);
        for (var load : loads) {
            var page = load.get();
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("did not answer in time");
        }
        var allTook = Duration.ofNanos(System.nanoTime() - began);
        pool.shutdown();

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(loginTook).as("the login page stays responsive").isLessThan(Duration.ofSeconds(2));
        // Read and call timeouts are 1 s each here; the margin covers a loaded two-core CI machine.
        assertThat(allTook).as("all 50 pages come back within the timeout plus a margin").isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void twoStaffActingAtOnceGetOneDoneAndOneAlreadyGoneBothAudited() throws Exception {
        emulator.state().addParticipant("class-9", new ParticipantSpec("teacher", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
        var first = admin();
        var second = admin();
        first.get("/rooms/class-9");
        second.get("/rooms/class-9");
        var pool = Executors.newFixedThreadPool(4);
        var start = new CountDownLatch(1);
        var removals = List.of(
                pool.submit(() -> { start.await(); return first.postHtmx("/rooms/support-1/participants/agent-1/remove", Map.of()).body(); }),
                pool.submit(() -> { start.await(); return second.postHtmx("/rooms/support-1/participants/agent-1/remove", Map.of()).body(); }));
        var endings = List.of(
                pool.submit(() -> { start.await(); return first.postForm("/rooms/class-9/delete", Map.of()).statusCode(); }),
                pool.submit(() -> { start.await(); return second.postForm("/rooms/class-9/delete", Map.of()).statusCode(); }));
        start.countDown();
        var bodies = List.of(removals.get(0).get(), removals.get(1).get());
        endings.get(0).get();
        endings.get(1).get();
        pool.shutdown();

        assertThat(bodies).filteredOn(b -> b.contains("was removed from")).hasSize(1);
        assertThat(bodies).filteredOn(b -> b.contains("had already left")).hasSize(1);
        assertThat(audited("action = 'REMOVE_PARTICIPANT'")).extracting(r -> r.get("OUTCOME"))
                .containsExactlyInAnyOrder("ALREADY_GONE", "DONE");
        assertThat(audited("action = 'DELETE_ROOM'")).extracting(r -> r.get("OUTCOME")).containsExactlyInAnyOrder("ALREADY_GONE", "DONE");
    }
}
