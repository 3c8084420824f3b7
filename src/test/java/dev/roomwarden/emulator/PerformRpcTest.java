package dev.roomwarden.emulator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRoom.PerformRpcRequest;
import livekit.LivekitRoom.PerformRpcResponse;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** RoomService PerformRpc on the wire, as livekit-server answers it, and participants told how to answer. */
class PerformRpcTest {

    private static final EmulatorFixture lk = new EmulatorFixture();
    private static final String ADMIN = EmulatorFixture.adminToken("support-1");
    private final List<WebhookEvent.Builder> events = new CopyOnWriteArrayList<>();

    @AfterAll
    static void stop() {
        lk.close();
    }

    @BeforeEach
    void anAgentInARoom() {
        lk.state().clear();
        lk.join("support-1", "agent-ava", ParticipantInfo.Kind.AGENT);
        lk.state().onEvent(events::add);
    }

    private static HttpResponse<String> rpc(String body) {
        return lk.json("PerformRpc", body, ADMIN);
    }

    private static HttpResponse<byte[]> rpcProtobuf(PerformRpcRequest request, String token) {
        var http = java.net.http.HttpClient.newHttpClient();
        try {
            return http.send(HttpRequest.newBuilder(URI.create(lk.emulator.url() + "/twirp/livekit.RoomService/PerformRpc"))
                    .header("Content-Type", "application/protobuf").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aParticipantThatImplementsTheMethodAnswersItsPayloadInProtobufAndJson() throws Exception {
        lk.state().implementRpc("support-1", "agent-ava", "roomwarden.hand-over", RpcAnswer.payload("{\"ok\":true}"));

        var protobuf = rpcProtobuf(PerformRpcRequest.newBuilder().setRoom("support-1").setDestinationIdentity("agent-ava")
                .setMethod("roomwarden.hand-over").setPayload("{\"reason\":\"human\"}").build(), ADMIN);
        var json = rpc("{\"room\":\"support-1\",\"destination_identity\":\"agent-ava\",\"method\":\"roomwarden.hand-over\"}");

        assertThat(protobuf.statusCode()).isEqualTo(200);
        assertThat(PerformRpcResponse.parseFrom(protobuf.body()).getPayload()).isEqualTo("{\"ok\":true}");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).contains("\"payload\": \"{\\\"ok\\\":true}\"");
        var seen = lk.state().rpcRequests();
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).payload()).isEqualTo("{\"reason\":\"human\"}");
        // The caller the agent sees is a fresh UUID, not a participant, and the default answer time is 10 s.
        assertThat(seen.get(0).callerIdentity()).matches("[0-9a-f-]{36}").isNotEqualTo(seen.get(1).callerIdentity());
        assertThat(seen.get(0).responseTimeoutMs()).isEqualTo(10_000);
    }

    @Test
    void theGrantIsCheckedFirstThenTheDestination() {
        var otherRoom = lk.json("PerformRpc", "{\"room\":\"support-1\",\"method\":\"m\"}", EmulatorFixture.adminToken("support-2"));
        var noDestination = rpc("{\"room\":\"support-1\",\"method\":\"m\"}");

        assertThat(otherRoom.statusCode()).isEqualTo(401);
        assertThat(otherRoom.body()).contains("\"code\":\"unauthenticated\"").contains("permissions denied");
        assertThat(noDestination.statusCode()).isEqualTo(400);
        assertThat(noDestination.body()).isEqualTo("{\"code\":\"invalid_argument\",\"msg\":\"twirp error unknown: destination identity is required\"}");
    }

    @Test
    void anUnknownParticipantOrRoomIsAnUnclaimedTopic() {
        var started = System.nanoTime();
        var unknown = rpc("{\"room\":\"support-1\",\"destination_identity\":\"nobody\",\"method\":\"m\"}");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(EmulatorFixture.DEADLINE);
        assertThat(unknown.statusCode()).isEqualTo(503);
        assertThat(unknown.body()).isEqualTo("{\"code\":\"unavailable\",\"msg\":\"twirp error unknown: no response from servers\"}");
    }

    @Test
    void aMethodNotRegisteredIsAnsweredAsTheSdksDo() {
        var answer = rpc("{\"room\":\"support-1\",\"destination_identity\":\"agent-ava\",\"method\":\"roomwarden.hand-over\"}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"code\":\"invalid_argument\",\"msg\":\"twirp error unknown: RpcError 1400: Method not supported at destination\"}");
    }

    @Test
    void aPayloadOverFifteenKibibytesIsRefusedOnTheNode() {
        var answer = rpc("{\"room\":\"support-1\",\"destination_identity\":\"agent-ava\",\"method\":\"m\",\"payload\":\""
                + "é".repeat(7681) + "\"}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("twirp error unknown: RpcError 1402: Request payload too large");
        assertThat(lk.state().rpcRequests()).isEmpty();
    }

    @Test
    void anApplicationErrorCarriesItsCodeOnlyInTheMessage() {
        lk.state().implementRpc("support-1", "agent-ava", "m", new RpcAnswer("", 42, "busy talking", "try later", Duration.ZERO, null));

        var answer = rpc("{\"room\":\"support-1\",\"destination_identity\":\"agent-ava\",\"method\":\"m\"}");

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("{\"code\":\"internal\",\"msg\":\"twirp error unknown: RpcError 42: busy talking: try later\"}");
    }

    @Test
    void aHandlerSlowerThanTheResponseTimeoutIsAResponseTimeout() {
        lk.state().implementRpc("support-1", "agent-ava", "m", RpcAnswer.never());

        var answer = rpc("{\"room\":\"support-1\",\"destination_identity\":\"agent-ava\",\"method\":\"m\",\"response_timeout_ms\":300}");

        assertThat(answer.statusCode()).isEqualTo(408);
        assertThat(answer.body()).isEqualTo("{\"code\":\"canceled\",\"msg\":\"twirp error unknown: RpcError 1502: Response timeout\"}");
    }

    @Test
    void aHandlerSlowerThanThreeSecondsIsSentTheRequestAgain() {
        lk.state().implementRpc("support-1", "agent-ava", "m", RpcAnswer.payload("late").after(Duration.ofMillis(3_200)));

        var answer = rpc("{\"room\":\"support-1\",\"destination_identity\":\"agent-ava\",\"method\":\"m\"}");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(lk.state().rpcRequests()).hasSize(2);
    }

    @Test
    void aParticipantToldToLeaveAfterAnsweringLeavesByItself() {
        lk.control("POST", "/emulator/rooms/support-1/participants/agent-ava/rpc",
                "{\"method\":\"roomwarden.hand-over\",\"payload\":\"bye\",\"delayMs\":50,\"leaveAfterMs\":100}", ADMIN);

        var answer = rpc("{\"room\":\"support-1\",\"destination_identity\":\"agent-ava\",\"method\":\"roomwarden.hand-over\"}");

        assertThat(answer.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> lk.state().participant("support-1", "agent-ava").isEmpty());
        assertThat(events).filteredOn(e -> e.getEvent().equals("participant_left")).singleElement()
                .satisfies(e -> assertThat(e.getParticipant().getDisconnectReason()).isEqualTo(DisconnectReason.CLIENT_INITIATED));
    }

    @Test
    void theControlApiRefusesAnUnknownParticipantAndABadCode() {
        assertThat(lk.control("POST", "/emulator/rooms/support-1/participants/nobody/rpc", "{\"method\":\"m\"}", ADMIN).statusCode())
                .isEqualTo(404);
        assertThat(lk.control("POST", "/emulator/rooms/support-1/participants/agent-ava/rpc",
                "{\"method\":\"m\",\"error\":{\"code\":0}}", ADMIN).statusCode()).isEqualTo(400);
    }
}
