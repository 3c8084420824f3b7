package dev.roomwarden.livekit;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.roomwarden.emulator.EmulatorSettings;
import dev.roomwarden.emulator.LiveKitEmulator;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.emulator.Sips;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitSip.CreateSIPParticipantRequest;
import livekit.LivekitSip.SIPDispatchRule;
import livekit.LivekitSip.SIPDispatchRuleDirect;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Telephony (livekit.SIP) through the gateway and the SDK's messages, against the emulator over HTTP. */
class SipGatewayTest {

    private static final LiveKitProperties TIMEOUTS = new LiveKitProperties(null, null, null,
            Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ZERO, Duration.ZERO, Duration.ofMillis(100));
    private static final Sips.Timings QUICK = new Sips.Timings(Duration.ofMillis(50), Duration.ofMillis(300),
            Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(200));

    private static LiveKitEmulator emulator;
    private static LiveKitGateway gateway;

    @BeforeAll
    static void start() {
        emulator = LiveKitEmulator.start(new EmulatorSettings("127.0.0.1", 0, "gw-key", "gw-secret", List.of()));
        var connection = new LiveKitConnection(emulator.url(), "gw-key", "gw-secret", false);
        gateway = new LiveKitGateway(new LiveKitTransport(connection, TIMEOUTS, new SimpleMeterRegistry()), TIMEOUTS,
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.faults().reset();
        emulator.state().clear();
        emulator.sip().timings(QUICK);
        gateway.forget();
        emulator.state().addParticipant("support-1", new ParticipantSpec("agent-1", "Ava", ParticipantInfo.Kind.AGENT, "",
                Map.of(), List.of()));
    }

    private static String outboundTrunk() {
        return gateway.createOutboundTrunk(SIPOutboundTrunkInfo.newBuilder().setName("carrier").setAddress("sip.carrier.example")
                .addNumbers("+15550000000").setAuthUsername("roomwarden").setAuthPassword("s3cret").build()).getSipTrunkId();
    }

    @Test
    void trunksAndDispatchRulesAreCreatedListedReplacedAndDeleted() {
        var inbound = gateway.createInboundTrunk(SIPInboundTrunkInfo.newBuilder().setName("support line")
                .addNumbers("+15551110000").build());
        var outbound = outboundTrunk();
        var rule = gateway.createDispatchRule(SIPDispatchRuleInfo.newBuilder().setName("to support")
                .addTrunkIds(inbound.getSipTrunkId())
                .setRule(SIPDispatchRule.newBuilder().setDispatchRuleDirect(SIPDispatchRuleDirect.newBuilder().setRoomName("support-1")))
                .build());

        assertThat(gateway.listInboundTrunks()).extracting(SIPInboundTrunkInfo::getName).containsExactly("support line");
        assertThat(gateway.listOutboundTrunks()).singleElement().satisfies(t -> assertThat(t.getSipTrunkId()).isEqualTo(outbound));
        assertThat(gateway.listDispatchRules()).extracting(SIPDispatchRuleInfo::getSipDispatchRuleId)
                .containsExactly(rule.getSipDispatchRuleId());

        var replaced = gateway.replaceInboundTrunk(inbound.getSipTrunkId(), inbound.toBuilder().setName("night line").build());
        assertThat(replaced.getName()).isEqualTo("night line");
        assertThat(gateway.listInboundTrunks()).extracting(SIPInboundTrunkInfo::getName).containsExactly("night line");

        gateway.deleteTrunk(outbound);
        assertThat(gateway.listOutboundTrunks()).isEmpty();
        assertThat(gateway.deleteDispatchRule(rule.getSipDispatchRuleId())).isPresent();
        assertThat(gateway.deleteDispatchRule(rule.getSipDispatchRuleId())).isEmpty();
    }

    @Test
    void aWaitedDialAnswersOnceTheCalleeAnswersAndABusyCalleeIsAnError() {
        var trunk = outboundTrunk();
        var answered = gateway.dial(CreateSIPParticipantRequest.newBuilder().setSipTrunkId(trunk).setSipCallTo("+15557654321")
                .setRoomName("support-1").setParticipantIdentity("colleague").setWaitUntilAnswered(true).build());
        assertThat(answered.getParticipantIdentity()).isEqualTo("colleague");
        assertThat(emulator.state().participants("support-1")).filteredOn(p -> p.getIdentity().equals("colleague")).singleElement()
                .satisfies(p -> assertThat(p.getAttributesMap()).containsEntry("sip.callStatus", "active"));

        emulator.sip().nextCallee(Sips.Callee.BUSY, Duration.ZERO);
        assertThatThrownBy(() -> gateway.dial(CreateSIPParticipantRequest.newBuilder().setSipTrunkId(trunk)
                .setSipCallTo("+15550001111").setRoomName("support-1").setWaitUntilAnswered(true).build()))
                .isInstanceOfSatisfying(LiveKitException.class, e -> assertThat(e.twirpMessage()).contains("486"));
        assertThat(gateway.failing()).isNull();
    }

    @Test
    void aCallTheOtherEndDidNotTakeIsACallFailureNotATimeoutNorARefusedKey() {
        var trunk = outboundTrunk();
        emulator.sip().nextCallee(Sips.Callee.NO_ANSWER, null);
        assertThatThrownBy(() -> gateway.dial(CreateSIPParticipantRequest.newBuilder().setSipTrunkId(trunk).setSipCallTo("+15557654321")
                .setRoomName("support-1").setWaitUntilAnswered(true)
                .setRingingTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(1)).build()))
                .isInstanceOfSatisfying(LiveKitException.class, e -> {
                    assertThat(e.failure()).isEqualTo(LiveKitFailure.CALL_FAILED);
                    assertThat(e.twirpMessage()).endsWith("sip request timed out");
                });
        emulator.sip().nextCallee(Sips.Callee.BUSY, Duration.ZERO);
        assertThatThrownBy(() -> gateway.dial(CreateSIPParticipantRequest.newBuilder().setSipTrunkId(trunk).setSipCallTo("+15557654321")
                .setRoomName("support-1").setWaitUntilAnswered(true).build()))
                .isInstanceOfSatisfying(LiveKitException.class, e -> assertThat(e.failure()).isEqualTo(LiveKitFailure.CALL_FAILED));

        gateway.dial(CreateSIPParticipantRequest.newBuilder().setSipTrunkId(trunk).setSipCallTo("+15557654321")
                .setRoomName("support-1").setParticipantIdentity("caller").setWaitUntilAnswered(true).build());
        emulator.sip().failNextTransfer(new Sips.SipStatus(603, "Decline"));
        assertThatThrownBy(() -> gateway.transfer("support-1", "caller", "tel:+15559990000", false, Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(LiveKitException.class, e -> assertThat(e.failure()).isEqualTo(LiveKitFailure.CALL_FAILED));
        assertThat(gateway.failing()).isNull();
    }

    @Test
    void aTransferEndsTheCallAndTheParticipantLeaves() throws InterruptedException {
        var trunk = outboundTrunk();
        gateway.dial(CreateSIPParticipantRequest.newBuilder().setSipTrunkId(trunk).setSipCallTo("+15557654321")
                .setRoomName("support-1").setParticipantIdentity("caller").setWaitUntilAnswered(true).build());

        gateway.transfer("support-1", "caller", "tel:+15559990000", false, Duration.ofSeconds(20));

        for (int i = 0; i < 50 && emulator.state().participants("support-1").stream().anyMatch(p -> p.getIdentity().equals("caller")); i++) {
            Thread.sleep(100);
        }
        assertThat(emulator.state().participants("support-1")).extracting(ParticipantInfo::getIdentity).doesNotContain("caller");
    }

    @Test
    void withoutRedisOrASipServiceTelephonyIsNotAvailableAndRoomsStillAnswer() {
        emulator.faults().withoutRedis(true);
        assertThatThrownBy(() -> gateway.listInboundTrunks()).isInstanceOfSatisfying(LiveKitException.class, e -> assertThat(e.explanation())
                .isEqualTo("Telephony (SIP) is not available on this LiveKit server (" + gateway.connection().displayHost()
                        + "): it has no SIP service connected (LiveKit needs Redis for it)."));
        emulator.faults().withoutRedis(false);

        var trunk = outboundTrunk();
        emulator.sip().serviceConnected(false);
        assertThatThrownBy(() -> gateway.dial(CreateSIPParticipantRequest.newBuilder().setSipTrunkId(trunk).setSipCallTo("+15557654321")
                .setRoomName("support-1").build()))
                .isInstanceOfSatisfying(LiveKitException.class, e -> assertThat(e.failure()).isEqualTo(LiveKitFailure.NOT_AVAILABLE));
        assertThat(gateway.failing()).isNull();
        assertThat(gateway.listRooms()).extracting(r -> r.getName()).containsExactly("support-1");
    }
}
