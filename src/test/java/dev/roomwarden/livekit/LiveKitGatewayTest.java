package dev.roomwarden.livekit;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.roomwarden.emulator.EmulatorSettings;
import dev.roomwarden.emulator.FaultMode;
import dev.roomwarden.emulator.LiveKitEmulator;
import dev.roomwarden.emulator.ParticipantSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway through the real SDK over HTTP against the emulator: answers, and every kind of failure. */
class LiveKitGatewayTest {

    private static final LiveKitProperties TIMEOUTS = new LiveKitProperties(null, null, null,
            Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ZERO, Duration.ZERO, Duration.ofMillis(100));

    private static LiveKitEmulator emulator;
    private static LiveKitGateway gateway;

    @BeforeAll
    static void start() {
        emulator = LiveKitEmulator.start(new EmulatorSettings("127.0.0.1", 0, "gw-key", "gw-secret", List.of()));
        gateway = gateway("gw-secret", TIMEOUTS, Clock.systemUTC());
    }

    private static LiveKitGateway gateway(String secret, LiveKitProperties properties, Clock clock) {
        return gateway(new LiveKitConnection(emulator.url(), "gw-key", secret, false), properties, clock);
    }

    private static LiveKitGateway gateway(LiveKitConnection connection, LiveKitProperties properties, Clock clock) {
        return new LiveKitGateway(new LiveKitTransport(connection, properties, new SimpleMeterRegistry()), properties, clock);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.faults().reset();
        emulator.state().clear();
        gateway.forget();
    }

    private static void join(String room, String identity, ParticipantInfo.Kind kind) {
        emulator.state().addParticipant(room, new ParticipantSpec(identity, identity, kind, "", Map.of(), List.of()));
    }

    @Test
    void listsRoomsAndFindsOneByName() {
        join("support-1", "ann", ParticipantInfo.Kind.STANDARD);
        join("class-2", "bob", ParticipantInfo.Kind.STANDARD);

        assertThat(gateway.listRooms()).extracting(r -> r.getName()).containsExactlyInAnyOrder("support-1", "class-2");
        assertThat(gateway.findRoom("class-2")).hasValueSatisfying(r -> assertThat(r.getNumParticipants()).isEqualTo(1));
        assertThat(gateway.findRoom("nope")).isEmpty();
    }

    @Test
    void listsAgentsFirstThenByIdentity() {
        join("support-1", "zoe", ParticipantInfo.Kind.STANDARD);
        join("support-1", "agent-x", ParticipantInfo.Kind.AGENT);
        join("support-1", "amy", ParticipantInfo.Kind.SIP);

        assertThat(gateway.listParticipants("support-1")).extracting(ParticipantInfo::getIdentity)
                .containsExactly("agent-x", "amy", "zoe");
        assertThat(gateway.listParticipants("no-such-room")).isEmpty();
    }

    @Test
    void removingTwiceIsDoneThenAlreadyGone() {
        join("support-1", "ann", ParticipantInfo.Kind.STANDARD);

        assertThat(gateway.removeParticipant("support-1", "ann")).isEqualTo(ActionOutcome.DONE);
        assertThat(emulator.state().participants("support-1")).isEmpty();
        assertThat(gateway.removeParticipant("support-1", "ann")).isEqualTo(ActionOutcome.ALREADY_GONE);
    }

    @Test
    void deletingTwiceIsDoneThenAlreadyGone() {
        join("support-1", "ann", ParticipantInfo.Kind.STANDARD);

        assertThat(gateway.deleteRoom("support-1")).isEqualTo(ActionOutcome.DONE);
        assertThat(emulator.state().room("support-1")).isEmpty();
        assertThat(gateway.deleteRoom("support-1")).isEqualTo(ActionOutcome.ALREADY_GONE);
    }

    private static void assertFailure(Runnable call, LiveKitFailure expected) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(LiveKitException.class, e -> {
                    assertThat(e.failure()).isEqualTo(expected);
                    assertThat(e.userMessage()).contains("127.0.0.1:" + emulator.port()).doesNotContain("gw-secret");
                });
    }

    @Test
    void eachEmulatedFaultBecomesItsFailure() {
        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO);
        assertFailure(gateway::listRooms, LiveKitFailure.UNAVAILABLE);
        gateway.forget();

        emulator.faults().set(FaultMode.REJECT_KEY, Duration.ZERO);
        assertFailure(gateway::listRooms, LiveKitFailure.UNAUTHORIZED);

        emulator.faults().set(FaultMode.GARBAGE, Duration.ZERO);
        assertFailure(gateway::listRooms, LiveKitFailure.BAD_RESPONSE);
        // The SDK does not read these answers itself: Roomwarden's own check must catch them.
        assertFailure(() -> gateway.removeParticipant("any", "one"), LiveKitFailure.BAD_RESPONSE);
        assertFailure(() -> gateway.deleteRoom("any"), LiveKitFailure.BAD_RESPONSE);

        emulator.faults().set(FaultMode.SLOW, Duration.ofSeconds(3));
        assertFailure(gateway::listRooms, LiveKitFailure.TIMEOUT);
        gateway.forget();
        assertFailure(() -> gateway.deleteRoom("any"), LiveKitFailure.TIMEOUT);
    }

    @Test
    void aWrongSecretIsUnauthorized() {
        var wrong = gateway("not-the-secret", TIMEOUTS, Clock.systemUTC());
        assertFailure(wrong::listRooms, LiveKitFailure.UNAUTHORIZED);
        assertFailure(() -> wrong.removeParticipant("r", "p"), LiveKitFailure.UNAUTHORIZED);
    }

    @Test
    void manyPagesAskingAtOnceShareOneCallAndItsAnswerForTheCacheTime() throws Exception {
        join("support-1", "ann", ParticipantInfo.Kind.STANDARD);
        var clock = new MutableClock();
        var shared = gateway("gw-secret",
                new LiveKitProperties(null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ZERO, Duration.ofMillis(100)), clock);
        var roomsBefore = emulator.calls("ListRooms");
        var participantsBefore = emulator.calls("ListParticipants");
        emulator.faults().set(FaultMode.SLOW, Duration.ofMillis(300));

        var pool = java.util.concurrent.Executors.newFixedThreadPool(50);
        var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
        for (int i = 0; i < 100; i++) {
            futures.add(pool.submit(() -> shared.findRoom("support-1").orElseThrow()));
            futures.add(pool.submit(() -> shared.listParticipants("support-1")));
        }
        for (var future : futures) {
            future.get();
        }
        pool.shutdown();
        emulator.faults().reset();
        assertThat(emulator.calls("ListRooms") - roomsBefore).isEqualTo(1);
        assertThat(emulator.calls("ListParticipants") - participantsBefore).isEqualTo(1);

        clock.advance(Duration.ofSeconds(4));
        shared.listRooms();
        assertThat(emulator.calls("ListRooms") - roomsBefore).as("still fresh").isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        shared.listRooms();
        assertThat(emulator.calls("ListRooms") - roomsBefore).as("expired").isEqualTo(2);
    }

    @Test
    void anActionForgetsWhatItChangedSoTheActorSeesTheResultAtOnce() {
        join("support-1", "ann", ParticipantInfo.Kind.STANDARD);
        join("support-1", "bob", ParticipantInfo.Kind.STANDARD);
        var shared = gateway("gw-secret",
                new LiveKitProperties(null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ZERO, Duration.ofMillis(100)),
                Clock.systemUTC());
        assertThat(shared.listParticipants("support-1")).hasSize(2);
        assertThat(shared.findRoom("support-1").orElseThrow().getNumParticipants()).isEqualTo(2);

        shared.removeParticipant("support-1", "ann");

        assertThat(shared.listParticipants("support-1")).extracting(ParticipantInfo::getIdentity).containsExactly("bob");
        assertThat(shared.findRoom("support-1").orElseThrow().getNumParticipants()).isEqualTo(1);
    }

    @Test
    void aRoomThatAppearedSinceTheSharedListIsStillFound() {
        var shared = gateway("gw-secret",
                new LiveKitProperties(null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ZERO, Duration.ofMillis(100)),
                Clock.systemUTC());
        assertThat(shared.listRooms()).isEmpty();
        join("brand-new", "ann", ParticipantInfo.Kind.STANDARD);

        assertThat(shared.findRoom("brand-new")).isPresent();
        assertThat(shared.findRoom("never-was")).isEmpty();
    }

    @Test
    void afterAFailureNothingWaitsForLiveKitUntilTheProbeHasAnAnswerThenPagesAskAgain() throws Exception {
        var shared = gateway("gw-secret",
                new LiveKitProperties(null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ZERO, Duration.ofMillis(100)),
                Clock.systemUTC());
        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO);
        assertFailure(shared::listRooms, LiveKitFailure.UNAVAILABLE);
        var callsWhileFailing = emulator.calls("ListParticipants");
        assertFailure(() -> shared.listParticipants("support-1"), LiveKitFailure.NOT_ANSWERING);
        assertFailure(() -> shared.removeParticipant("support-1", "ann"), LiveKitFailure.NOT_ANSWERING);
        assertThat(emulator.calls("ListParticipants")).as("not sent").isEqualTo(callsWhileFailing);

        emulator.faults().reset();
        join("support-1", "ann", ParticipantInfo.Kind.STANDARD);
        var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (shared.failing() != null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(shared.listRooms()).extracting(r -> r.getName()).containsExactly("support-1");
    }

    @Test
    void aParticipantWhoIsNotConnectedIsNotLiveKitDown() {
        join("support-1", "ann", ParticipantInfo.Kind.STANDARD);
        assertThat(gateway.listRooms()).hasSize(1);
        // What LiveKit answers a message to a room no node serves: 503 unavailable "no response from servers".
        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO, "SendData");
        assertFailure(() -> gateway.sendData("support-1", new byte[] {1}, List.of("ann"), "lk-chat"), LiveKitFailure.UNAVAILABLE);

        join("class-2", "bob", ParticipantInfo.Kind.STANDARD);
        assertThat(gateway.failing()).as("LiveKit answered").isNull();
        assertThat(gateway.listRooms()).as("pages still ask LiveKit").extracting(r -> r.getName())
                .containsExactlyInAnyOrder("support-1", "class-2");
    }

    @Test
    void whileLiveKitIsNotAnsweringPagesReadTheLastAnswersSeenWithTheirAge() {
        join("support-1", "ann", ParticipantInfo.Kind.STANDARD);
        var clock = new MutableClock();
        var shared = gateway("gw-secret",
                new LiveKitProperties(null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ZERO, Duration.ZERO, Duration.ofMinutes(5)),
                clock);
        assertThat(shared.listParticipants("support-1")).hasSize(1);
        assertThat(StaleAnswers.during(() -> shared.listRooms())).isEmpty();
        clock.advance(Duration.ofSeconds(40));
        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO);
        join("support-1", "bob", ParticipantInfo.Kind.STANDARD);

        var rooms = new java.util.ArrayList<livekit.LivekitModels.Room>();
        var participants = new java.util.ArrayList<ParticipantInfo>();
        var stale = StaleAnswers.during(() -> {
            rooms.addAll(shared.listRooms());
            participants.addAll(shared.listParticipants("support-1"));
        });

        assertThat(rooms).extracting(r -> r.getName()).containsExactly("support-1");
        assertThat(participants).extracting(ParticipantInfo::getIdentity).as("as last seen").containsExactly("ann");
        assertThat(stale).hasValueSatisfying(s -> {
            assertThat(s.age()).isEqualTo(Duration.ofSeconds(40));
            assertThat(s.userMessage()).startsWith("As of 40 s ago: ").contains("says it is unavailable right now");
        });
        assertFailure(() -> shared.listDispatches("never-seen"), LiveKitFailure.NOT_ANSWERING);
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends java.time.Clock {
        private java.time.Instant now = java.time.Instant.parse("2026-11-25T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @Test
    void aServerThatIsNotThereIsUnreachable() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var nowhere = gateway(new LiveKitConnection("http://127.0.0.1:" + closedPort, "k", "s", false), TIMEOUTS, Clock.systemUTC());
        assertThatThrownBy(nowhere::listRooms).isInstanceOfSatisfying(LiveKitException.class,
                e -> assertThat(e.failure()).isEqualTo(LiveKitFailure.UNREACHABLE));
    }
}
