package dev.roomwarden.livekit;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.roomwarden.emulator.EmulatorSettings;
import dev.roomwarden.emulator.LiveKitEmulator;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.emulator.RpcAnswer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RoomService PerformRpc through the SDK's HTTP client, token and protobuf classes, against the emulator over HTTP. */
class PerformRpcGatewayTest {

    /** A read timeout far shorter than an RPC may take: PerformRpc has its own. */
    private static final LiveKitProperties TIMEOUTS = new LiveKitProperties(null, null, null,
            Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ZERO, Duration.ZERO, Duration.ofMillis(100));

    private static LiveKitEmulator emulator;
    private static LiveKitGateway gateway;

    @BeforeAll
    static void start() {
        emulator = LiveKitEmulator.start(new EmulatorSettings("127.0.0.1", 0, "rpc-key", "rpc-secret", List.of()));
        var connection = new LiveKitConnection(emulator.url(), "rpc-key", "rpc-secret", false);
        gateway = new LiveKitGateway(new LiveKitTransport(connection, TIMEOUTS, new SimpleMeterRegistry()), TIMEOUTS, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        emulator.close();
    }

    @BeforeEach
    void anAgent() {
        emulator.state().clear();
        gateway.forget();
        emulator.state().addParticipant("support-9", new ParticipantSpec("agent-ava", "Ava", ParticipantInfo.Kind.AGENT, "", Map.of(), List.of()));
    }

    @Test
    void theAgentsAnswerComesBackEvenWhenItTakesLongerThanTheUsualReadTimeout() {
        emulator.state().implementRpc("support-9", "agent-ava", "roomwarden.hand-over",
                RpcAnswer.payload("{\"ok\":true}").after(Duration.ofMillis(1_200)));

        var result = gateway.performRpc("support-9", "agent-ava", "roomwarden.hand-over", "{\"reason\":\"x\"}", Duration.ofMillis(2_500));

        assertThat(result).hasValueSatisfying(r -> {
            assertThat(r.isError()).isFalse();
            assertThat(r.payload()).isEqualTo("{\"ok\":true}");
            assertThat(r.describe()).isEqualTo("answered: {\"ok\":true}");
        });
        var seen = emulator.state().rpcRequests();
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.payload()).isEqualTo("{\"reason\":\"x\"}");
            assertThat(s.responseTimeoutMs()).isEqualTo(2_500);
        });
    }

    @Test
    void aMethodTheAgentDoesNotImplementIsItsCodeAndWords() {
        var result = gateway.performRpc("support-9", "agent-ava", "roomwarden.hand-over", "{}", Duration.ofMillis(2_500));

        assertThat(result).hasValueSatisfying(r -> {
            assertThat(r.errorCode()).isEqualTo(RpcResult.UNSUPPORTED_METHOD);
            assertThat(r.errorMessage()).isEqualTo("Method not supported at destination");
        });
        assertThat(gateway.failing()).as("an RPC error is the agent answering, not LiveKit failing").isNull();
    }

    @Test
    void anApplicationErrorAndAResponseTimeoutAreAnswersToo() {
        emulator.state().implementRpc("support-9", "agent-ava", "busy", RpcAnswer.error(7, "still talking"));
        emulator.state().implementRpc("support-9", "agent-ava", "slow", RpcAnswer.never());

        var busy = gateway.performRpc("support-9", "agent-ava", "busy", "{}", Duration.ofMillis(2_500)).orElseThrow();
        var slow = gateway.performRpc("support-9", "agent-ava", "slow", "{}", Duration.ofMillis(300)).orElseThrow();

        assertThat(busy.describe()).isEqualTo("RPC error 7: still talking");
        assertThat(slow.timedOut()).isTrue();
        assertThat(slow.errorCode()).isEqualTo(RpcResult.RESPONSE_TIMEOUT);
        assertThat(gateway.failing()).isNull();
    }

    @Test
    void aParticipantWhoIsNotThereIsNoAnswerWithoutTheThreeSecondWait() {
        assertThat(gateway.performRpc("support-9", "nobody", "m", "{}", Duration.ofMillis(2_500))).isEmpty();
        assertThat(emulator.state().rpcRequests()).isEmpty();
    }
}
