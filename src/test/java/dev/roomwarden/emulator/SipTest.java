package dev.roomwarden.emulator;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import io.livekit.server.AccessToken;
import io.livekit.server.CreateSipDispatchRuleOptions;
import io.livekit.server.CreateSipInboundTrunkOptions;
import io.livekit.server.CreateSipParticipantOptions;
import io.livekit.server.RoomAdmin;
import io.livekit.server.RoomName;
import io.livekit.server.SIPAdmin;
import io.livekit.server.SIPCall;
import io.livekit.server.SipDispatchRuleDirect;
import io.livekit.server.SipDispatchRuleIndividual;
import io.livekit.server.SipServiceClient;
import io.livekit.server.TransferSipParticipantOptions;
import io.livekit.server.UpdateSipDispatchRuleOptions;
import io.livekit.server.UpdateSipInboundTrunkOptions;
import livekit.LivekitAgentDispatch.RoomAgentDispatch;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRoom.RoomConfiguration;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import livekit.LivekitSip.SIPStatus;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import retrofit2.Response;
import tools.jackson.databind.json.JsonMapper;

import static dev.roomwarden.emulator.EmulatorFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/** livekit.SIP through the official SDK over HTTP (raw Twirp JSON where the SDK 0.13.0 has no method), and the simulated SIP service. */
class SipTest {

    private static final String PSRPC = "twirp error unknown: ";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EmulatorFixture lk = new EmulatorFixture();
    private static final SipServiceClient sip = SipServiceClient.createClient(lk.emulator.url(), EmulatorFixture.KEY,
            EmulatorFixture.SECRET);
    private static final CreateSipParticipantOptions NO_OPTIONS = new CreateSipParticipantOptions(null, null, null, null, null, null,
            null, null);
    private final List<WebhookEvent> events = new CopyOnWriteArrayList<>();

    @AfterAll
    static void stop() {
        lk.close();
    }

    @BeforeEach
    void empty() {
        lk.state().clear();
        lk.emulator.faults().reset();
        lk.emulator.sip().timings(new Sips.Timings(Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofMillis(100),
                Duration.ofMillis(300), Duration.ofMillis(200)));
        lk.state().onEvent(event -> events.add(event.build()));
    }

    private static String sipToken(boolean admin, boolean call) {
        var token = new AccessToken(EmulatorFixture.KEY, EmulatorFixture.SECRET);
        token.addSIPGrants(new SIPAdmin(admin), new SIPCall(call));
        return token.toJwt();
    }

    private static java.net.http.HttpResponse<String> sipJson(String method, String body) {
        return sipJson(method, body, sipToken(true, true));
    }

    private static java.net.http.HttpResponse<String> sipJson(String method, String body, String token) {
        return lk.twirp("livekit.SIP", method, "application/json", body, "Bearer " + token);
    }

    private static void assertTwirpError(Response<?> response, int status, String code, String message) throws IOException {
        assertThat(response.isSuccessful()).isFalse();
        assertThat(response.code()).isEqualTo(status);
        assertThat(response.errorBody().string()).isEqualTo("{\"code\":\"" + code + "\",\"msg\":\"" + message + "\"}");
    }

    private static void assertJsonError(java.net.http.HttpResponse<String> response, int status, String code, String message) {
        assertThat(response.statusCode()).isEqualTo(status);
        var body = JSON.readTree(response.body());
        assertThat(body.path("code").asString()).isEqualTo(code);
        assertThat(body.path("msg").asString()).isEqualTo(message);
    }

    private static SIPOutboundTrunkInfo outbound() throws IOException {
        return sip.createSipOutboundTrunk("carrier", "sip.carrier.example", List.of("+15550000000")).execute().body();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(25);
        }
        assertThat(condition.getAsBoolean()).as("condition within 5 s").isTrue();
    }

    private static String status(String room, String identity) {
        return lk.state().participant(room, identity).map(p -> p.getAttributesMap().get(Sips.CALL_STATUS)).orElse("gone");
    }

    // Trunks

    @Test
    void trunksAreCreatedListedUpdatedAndDeletedAndAnUnknownDeleteSucceeds() throws IOException {
        var in = sip.createSipInboundTrunk("support line", List.of("+15551110000"),
                new CreateSipInboundTrunkOptions("{}", null, null, "user", "pw")).execute().body();
        var out = outbound();
        assertThat(in.getSipTrunkId()).matches("ST_[" + Ids.ALPHABET + "]{12}");
        assertThat(out.getSipTrunkId()).matches("ST_[" + Ids.ALPHABET + "]{12}");
        assertThat(in.getAuthPassword()).isEqualTo("pw");
        assertThat(sip.listSipInboundTrunk().execute().body()).containsExactly(in);
        assertThat(sip.listSipOutboundTrunk().execute().body()).containsExactly(out);

        var renamed = sip.updateSipInboundTrunk(in.getSipTrunkId(),
                new UpdateSipInboundTrunkOptions("front desk", null, null, null, null, null, null)).execute().body();
        assertThat(renamed.getName()).isEqualTo("front desk");
        assertThat(renamed.getNumbersList()).containsExactly("+15551110000");
        var replaced = sipJson("UpdateSIPOutboundTrunk", "{\"sip_trunk_id\":\"" + out.getSipTrunkId()
                + "\",\"replace\":{\"name\":\"other\",\"address\":\"sip.other.example\",\"numbers\":[\"+15552220000\"]}}");
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(replaced.body()).path("address").asString()).isEqualTo("sip.other.example");
        assertThat(JSON.readTree(replaced.body()).path("sip_trunk_id").asString()).isEqualTo(out.getSipTrunkId());
        var got = sipJson("GetSIPOutboundTrunk", "{\"sip_trunk_id\":\"" + out.getSipTrunkId() + "\"}");
        assertThat(JSON.readTree(got.body()).path("trunk").path("name").asString()).isEqualTo("other");

        var legacy = JSON.readTree(sipJson("ListSIPTrunk", "{}").body()).path("items");
        assertThat(legacy.valueStream().map(i -> i.path("kind").asString()).toList())
                .containsExactlyInAnyOrder("TRUNK_INBOUND", "TRUNK_OUTBOUND");
        assertThat(sipJson("CreateSIPTrunk", "{}").statusCode()).isEqualTo(404);

        var deleted = sip.deleteSipTrunk(in.getSipTrunkId()).execute();
        assertThat(deleted.body().getSipTrunkId()).isEqualTo(in.getSipTrunkId());
        assertThat(deleted.body().getName()).isEmpty();
        assertThat(sip.listSipInboundTrunk().execute().body()).isEmpty();
        assertThat(sip.deleteSipTrunk("ST_unknown").execute().body().getSipTrunkId()).isEqualTo("ST_unknown");
    }

    @Test
    void trunkRefusalsCarryLiveKitsTexts() throws IOException {
        assertJsonError(sipJson("CreateSIPInboundTrunk", "{}"), 400, "invalid_argument", "missing trunk");
        assertJsonError(sipJson("CreateSIPInboundTrunk", "{\"trunk\":{\"sip_trunk_id\":\"ST_x\",\"numbers\":[\"+1\"]}}"),
                400, "invalid_argument", "trunk id must not be set");
        assertJsonError(sipJson("CreateSIPInboundTrunk", "{\"trunk\":{\"name\":\"open\"}}"), 400, "invalid_argument",
                "for security, one of the fields must be set: AuthUsername+AuthPassword, AllowedAddresses or Numbers");
        assertJsonError(sipJson("CreateSIPOutboundTrunk", "{\"trunk\":{\"address\":\"a.example\"}}"), 400, "invalid_argument",
                "no trunk numbers specified");
        assertJsonError(sipJson("CreateSIPOutboundTrunk", "{\"trunk\":{\"numbers\":[\"+1\"]}}"), 400, "invalid_argument",
                "no outbound address specified");
        assertJsonError(sipJson("CreateSIPOutboundTrunk", "{\"trunk\":{\"numbers\":[\"+1\"],\"address\":\"sip:a.example\"}}"), 400,
                "invalid_argument", "trunk address should be a hostname or IP, not SIP URI");

        var first = sip.createSipInboundTrunk("a", List.of("+15551110000")).execute().body();
        assertTwirpError(sip.createSipInboundTrunk("b", List.of("+1 555 111-0000")).execute(), 400, "invalid_argument",
                "Conflicting inbound SIP Trunks: \\\"<new>\\\" and \\\"" + first.getSipTrunkId()
                        + "\\\", using the same number(s) [\\\"+1 555 111-0000\\\"] without AllowedNumbers set");
        assertThat(sip.listSipInboundTrunk().execute().body()).hasSize(1);

        assertJsonError(sipJson("UpdateSIPInboundTrunk", "{\"sip_trunk_id\":\"" + first.getSipTrunkId() + "\"}"), 400,
                "invalid_argument", "missing or unsupported update action");
        assertJsonError(sipJson("UpdateSIPInboundTrunk", "{\"update\":{\"name\":\"x\"}}"), 400, "invalid_argument", "trunk id must be set");
        assertTwirpError(sip.updateSipInboundTrunk("ST_gone", new UpdateSipInboundTrunkOptions("x", null, null, null, null, null, null))
                .execute(), 404, "not_found", "requested sip trunk does not exist");
        assertJsonError(sipJson("UpdateSIPInboundTrunk", "{\"sip_trunk_id\":\"" + first.getSipTrunkId()
                + "\",\"update\":{\"numbers\":{\"set\":[\"+2\"],\"add\":[\"+3\"]}}}"), 400, "invalid_argument",
                "cannot set and change the list at the same time");
        // What an update leaves behind is checked after it is applied, and that error goes back unwrapped.
        assertJsonError(sipJson("UpdateSIPInboundTrunk", "{\"sip_trunk_id\":\"" + first.getSipTrunkId()
                + "\",\"update\":{\"numbers\":{\"clear\":true}}}"), 400, "invalid_argument", PSRPC
                + "for security, one of the fields must be set: AuthUsername+AuthPassword, AllowedAddresses or Numbers");
        var out = outbound();
        assertJsonError(sipJson("UpdateSIPOutboundTrunk", "{\"sip_trunk_id\":\"" + out.getSipTrunkId()
                + "\",\"update\":{\"numbers\":{\"clear\":true}}}"), 500, "unknown", "no trunk numbers specified");
        assertThat(sip.listSipOutboundTrunk().execute().body()).containsExactly(out);
        assertJsonError(sipJson("GetSIPInboundTrunk", "{}"), 400, "invalid_argument", "trunk ID is required");
        assertJsonError(sipJson("GetSIPInboundTrunk", "{\"sip_trunk_id\":\"ST_gone\"}"), 404, "not_found",
                "requested sip trunk does not exist");
        assertJsonError(sipJson("DeleteSIPTrunk", "{}"), 400, "invalid_argument", "trunk ID is required");
    }

    @Test
    void listsDrainEveryPageAfterTheCursorAndFilterByIdsAndNumbersIncludingWildcards() throws IOException {
        var a = sip.createSipInboundTrunk("a", List.of("+15551110001")).execute().body();
        var b = sip.createSipInboundTrunk("b", List.of("+15551110002")).execute().body();
        var any = sip.createSipInboundTrunk("any", List.of(), new CreateSipInboundTrunkOptions(null, null, null, "u", "p"))
                .execute().body();
        var sorted = new ArrayList<>(List.of(a.getSipTrunkId(), b.getSipTrunkId(), any.getSipTrunkId()));
        java.util.Collections.sort(sorted);

        var afterFirst = JSON.readTree(sipJson("ListSIPInboundTrunk",
                "{\"page\":{\"after_id\":\"" + sorted.get(0) + "\",\"limit\":1}}").body()).path("items");
        assertThat(afterFirst.size()).isEqualTo(2);
        assertThat(afterFirst.get(0).path("sip_trunk_id").asString()).isEqualTo(sorted.get(1));
        assertThat(afterFirst.get(1).path("sip_trunk_id").asString()).isEqualTo(sorted.get(2));

        var byNumber = JSON.readTree(sipJson("ListSIPInboundTrunk", "{\"numbers\":[\"+15551110002\"]}").body()).path("items");
        assertThat(byNumber.valueStream().map(i -> i.path("name").asString()).toList()).containsExactlyInAnyOrder("b", "any");
        var byId = JSON.readTree(sipJson("ListSIPInboundTrunk", "{\"trunk_ids\":[\"" + a.getSipTrunkId() + "\"]}").body()).path("items");
        assertThat(byId.size()).isEqualTo(1);
    }

    // Dispatch rules

    @Test
    void dispatchRulesAreCreatedListedUpdatedAndDeleted() throws IOException {
        var trunk = sip.createSipInboundTrunk("a", List.of("+15551110000")).execute().body();
        var direct = sip.createSipDispatchRule(new SipDispatchRuleDirect("support", ""),
                new CreateSipDispatchRuleOptions("direct", null, List.of(trunk.getSipTrunkId()), null, null, null, null)).execute().body();
        var individual = sip.createSipDispatchRule(new SipDispatchRuleIndividual("call", "")).execute().body();
        var callee = sipJson("CreateSIPDispatchRule", "{\"dispatch_rule\":{\"name\":\"callee\",\"trunk_ids\":[\"ST_other\"],"
                + "\"rule\":{\"dispatch_rule_callee\":{\"room_prefix\":\"line\"}}}}");
        assertThat(callee.statusCode()).isEqualTo(200);
        assertThat(direct.getSipDispatchRuleId()).matches("SDR_[" + Ids.ALPHABET + "]{12}");
        assertThat(direct.getRule().getDispatchRuleDirect().getRoomName()).isEqualTo("support");
        assertThat(individual.getRule().getDispatchRuleIndividual().getRoomPrefix()).isEqualTo("call");
        assertThat(sip.listSipDispatchRule().execute().body()).hasSize(3);
        var forTrunk = JSON.readTree(sipJson("ListSIPDispatchRule", "{\"trunk_ids\":[\"" + trunk.getSipTrunkId() + "\"]}").body())
                .path("items");
        assertThat(forTrunk.valueStream().map(i -> i.path("name").asString()).toList()).containsExactlyInAnyOrder("direct", "");

        var updated = sip.updateSipDispatchRule(direct.getSipDispatchRuleId(),
                new UpdateSipDispatchRuleOptions(null, "renamed", null, new SipDispatchRuleDirect("sales", ""))).execute().body();
        assertThat(updated.getName()).isEqualTo("renamed");
        assertThat(updated.getRule().getDispatchRuleDirect().getRoomName()).isEqualTo("sales");
        assertThat(updated.getTrunkIdsList()).containsExactly(trunk.getSipTrunkId());

        assertThat(sip.deleteSipDispatchRule(direct.getSipDispatchRuleId()).execute().body().getName()).isEqualTo("renamed");
        assertThat(sip.listSipDispatchRule().execute().body()).hasSize(2);
    }

    @Test
    void dispatchRuleRefusalsCarryLiveKitsTexts() throws IOException {
        var first = sip.createSipDispatchRule(new SipDispatchRuleDirect("support", ""),
                new CreateSipDispatchRuleOptions("main", null, null, null, null, null, null)).execute().body();
        assertTwirpError(sip.createSipDispatchRule(new SipDispatchRuleIndividual("x", "")).execute(), 400, "invalid_argument",
                "Dispatch rule for the same trunk, inbound number, number, and PIN combination already exists in dispatch rule \\\""
                        + first.getSipDispatchRuleId() + "\\\" \\\"main\\\"");
        assertJsonError(sipJson("CreateSIPDispatchRule", "{\"dispatch_rule\":{\"name\":\"no rule\"}}"), 400, "invalid_argument",
                "missing rule");
        assertJsonError(sipJson("CreateSIPDispatchRule", "{\"dispatch_rule\":{\"sip_dispatch_rule_id\":\"SDR_x\","
                + "\"rule\":{\"dispatch_rule_direct\":{\"room_name\":\"r\"}}}}"), 400, "invalid_argument", "rule id must not be set");
        assertJsonError(sipJson("UpdateSIPDispatchRule", "{\"sip_dispatch_rule_id\":\"" + first.getSipDispatchRuleId() + "\"}"), 400,
                "invalid_argument", "missing or unsupported update action");
        assertTwirpError(sip.updateSipDispatchRule("SDR_gone", new UpdateSipDispatchRuleOptions(null, "x", null, null)).execute(),
                404, "not_found", "requested sip dispatch rule does not exist");
        assertTwirpError(sip.deleteSipDispatchRule("SDR_gone").execute(), 404, "not_found", "requested sip dispatch rule does not exist");
        assertJsonError(sipJson("DeleteSIPDispatchRule", "{}"), 400, "invalid_argument", "dispatch rule ID is required");
    }

    // Grants and Redis

    @Test
    void trunksNeedSipAdminAndCallsNeedSipCallWhichAdminDoesNotImply() {
        assertJsonError(lk.twirp("livekit.SIP", "ListSIPInboundTrunk", "application/json", "{}",
                "Bearer " + token(new RoomAdmin(true), new RoomName("*"))), 401, "unauthenticated", "permissions denied");
        assertJsonError(sipJson("ListSIPDispatchRule", "{}", sipToken(false, true)), 401, "unauthenticated", "permissions denied");
        assertThat(sipJson("ListSIPDispatchRule", "{}", sipToken(true, false)).statusCode()).isEqualTo(200);
        assertJsonError(sipJson("CreateSIPParticipant", "{\"sip_trunk_id\":\"ST_x\",\"sip_call_to\":\"+1\",\"room_name\":\"r\"}",
                sipToken(true, false)), 401, "unauthenticated", "permissions denied");
        // Transfer checks room and identity before any grant, then wants sip.call and roomAdmin of the room.
        assertJsonError(sipJson("TransferSIPParticipant", "{\"participant_identity\":\"p\"}", sipToken(false, false)), 400,
                "invalid_argument", PSRPC + "Missing room name");
        assertJsonError(sipJson("TransferSIPParticipant", "{\"room_name\":\"r\"}", sipToken(false, false)), 400,
                "invalid_argument", PSRPC + "Missing participant identity");
        assertJsonError(sipJson("TransferSIPParticipant", "{\"room_name\":\"r\",\"participant_identity\":\"p\",\"transfer_to\":\"tel:+1\"}",
                sipToken(true, true)), 401, "unauthenticated", "permissions denied");
    }

    @Test
    void withoutRedisEverySipCallIsNotConnectedAfterTheGrantCheck() {
        lk.emulator.faults().withoutRedis(true);
        for (var method : List.of("CreateSIPInboundTrunk", "ListSIPOutboundTrunk", "DeleteSIPTrunk", "CreateSIPDispatchRule",
                "ListSIPDispatchRule", "CreateSIPParticipant")) {
            assertJsonError(sipJson(method, "{}"), 500, "internal", PSRPC + "sip not connected (redis required)");
        }
        assertJsonError(sipJson("ListSIPDispatchRule", "{}", sipToken(false, false)), 401, "unauthenticated", "permissions denied");
    }

    // Calls

    @Test
    void aDialReturnsOnceTheSipParticipantHasJoinedDialingThenItRingsAndIsAnswered() throws Exception {
        var trunk = outbound();
        var info = sip.createSipParticipant(trunk.getSipTrunkId(), "+15557654321", "support-1", NO_OPTIONS).execute().body();

        assertThat(info.getParticipantIdentity()).isEqualTo("sip_+15557654321");
        assertThat(info.getParticipantId()).matches("PA_[" + Ids.ALPHABET + "]{12}");
        assertThat(info.getSipCallId()).matches("SCL_[" + Ids.ALPHABET + "]{12}");
        assertThat(info.getRoomName()).isEqualTo("support-1");
        var joined = lk.state().participant("support-1", "sip_+15557654321").orElseThrow();
        assertThat(joined.getKind()).isEqualTo(ParticipantInfo.Kind.SIP);
        assertThat(joined.getSid()).isEqualTo(info.getParticipantId());
        assertThat(joined.getAttributesMap()).containsEntry(Sips.CALL_STATUS, "dialing")
                .containsEntry(Sips.CALL_ID, info.getSipCallId()).containsEntry(Sips.TRUNK_ID, trunk.getSipTrunkId())
                .containsEntry(Sips.PHONE_NUMBER, "+15557654321").containsEntry(Sips.TRUNK_NUMBER, "+15550000000")
                .containsEntry(Sips.HOSTNAME, "sip.carrier.example");
        waitFor(() -> status("support-1", "sip_+15557654321").equals("ringing"));
        waitFor(() -> status("support-1", "sip_+15557654321").equals("active"));
    }

    @Test
    void aWaitedDialAnswersOnlyWhenTheCalleeHasAnswered() throws IOException {
        var trunk = outbound();
        var info = sip.createSipParticipant(trunk.getSipTrunkId(), "+15557654321", "support-1",
                new CreateSipParticipantOptions("agent-human", "Dana", null, null, null, null, true, true)).execute().body();

        assertThat(info.getParticipantIdentity()).isEqualTo("agent-human");
        var participant = lk.state().participant("support-1", "agent-human").orElseThrow();
        assertThat(participant.getAttributesMap()).containsEntry(Sips.CALL_STATUS, "active")
                .doesNotContainKeys(Sips.PHONE_NUMBER, Sips.TRUNK_NUMBER, Sips.HOSTNAME);
        assertThat(participant.getName()).isEqualTo("Dana");
    }

    @Test
    void aBusyCalleeFailsAWaitedDialWithTheSipStatusAndTheParticipantLeaves() throws Exception {
        var trunk = outbound();
        lk.emulator.sip().nextCallee(Sips.Callee.BUSY, null);
        var response = sipJson("CreateSIPParticipant", "{\"sip_trunk_id\":\"" + trunk.getSipTrunkId()
                + "\",\"sip_call_to\":\"+15557654321\",\"room_name\":\"support-1\",\"wait_until_answered\":true}");

        assertThat(response.statusCode()).isEqualTo(429);
        var body = JSON.readTree(response.body());
        assertThat(body.path("code").asString()).isEqualTo("resource_exhausted");
        assertThat(body.path("msg").asString()).isEqualTo(PSRPC + "INVITE failed: sip status: 486: Busy Here");
        assertThat(body.path("meta").path("sip_status_code").asString()).isEqualTo("486");
        assertThat(body.path("meta").path("sip_status").asString()).isEqualTo("Busy Here");
        var details = com.google.protobuf.CodedInputStream.newInstance(Base64.getDecoder().decode(body.path("meta").path("error_details").asString()));
        assertThat(details.readTag() >>> 3).isEqualTo(1);
        assertThat(details.readInt32()).isEqualTo(8);
        assertThat(lk.state().participant("support-1", "sip_+15557654321")).isEmpty();
        var left = events.stream().filter(e -> e.getEvent().equals("participant_left")).toList();
        assertThat(left).hasSize(1);
        assertThat(left.get(0).getParticipant().getDisconnectReason()).isEqualTo(DisconnectReason.USER_REJECTED);
        assertThat(SIPStatus.getDefaultInstance()).isNotNull();
    }

    @Test
    void aCalleeWhoDoesNotAnswerFailsAtTheRingingTimeout() {
        var trunk = JSON.readTree(sipJson("CreateSIPOutboundTrunk",
                "{\"trunk\":{\"address\":\"a.example\",\"numbers\":[\"+15550000000\"]}}").body()).path("sip_trunk_id").asString();
        lk.emulator.sip().nextCallee(Sips.Callee.NO_ANSWER, null);
        var started = System.nanoTime();
        var response = sipJson("CreateSIPParticipant", "{\"sip_trunk_id\":\"" + trunk + "\",\"sip_call_to\":\"+15557654321\","
                + "\"room_name\":\"support-1\",\"wait_until_answered\":true,\"ringing_timeout\":\"0.5s\"}");

        assertJsonError(response, 408, "canceled", PSRPC + "sip request timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(lk.state().participant("support-1", "sip_+15557654321")).isEmpty();
        assertThat(events.stream().filter(e -> e.getEvent().equals("participant_left")).findFirst().orElseThrow()
                .getParticipant().getDisconnectReason()).isEqualTo(DisconnectReason.USER_UNAVAILABLE);
    }

    @Test
    void dialRefusalsCarryLiveKitsTextsAndNoSipServiceIsNoResponse() throws IOException {
        assertJsonError(sipJson("CreateSIPParticipant", "{\"sip_call_to\":\"+1\",\"room_name\":\"r\"}"), 400, "invalid_argument",
                "missing sip trunk id and sip number");
        assertJsonError(sipJson("CreateSIPParticipant", "{\"sip_trunk_id\":\"ST_x\",\"room_name\":\"r\"}"), 400, "invalid_argument",
                "missing sip callee number");
        assertJsonError(sipJson("CreateSIPParticipant", "{\"sip_trunk_id\":\"ST_x\",\"sip_call_to\":\"bob@example.com\",\"room_name\":\"r\"}"),
                400, "invalid_argument", "SipCallTo should be a phone number or SIP user, not a full SIP URI");
        assertJsonError(sipJson("CreateSIPParticipant", "{\"sip_trunk_id\":\"ST_x\",\"sip_call_to\":\"+1\"}"), 400, "invalid_argument",
                "missing room name");
        assertTwirpError(sip.createSipParticipant("ST_gone", "+1", "r", NO_OPTIONS).execute(), 404, "not_found", "requested sip trunk does not exist");

        var trunk = outbound();
        lk.emulator.sip().serviceConnected(false);
        var started = System.nanoTime();
        assertTwirpError(sip.createSipParticipant(trunk.getSipTrunkId(), "+1", "r", NO_OPTIONS).execute(), 503, "unavailable",
                PSRPC + "no response from servers");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(lk.state().rooms()).isEmpty();
    }

    @Test
    void whenTheCalleeHangsUpTheCallStatusIsHangupAndTheParticipantLeaves() throws Exception {
        var trunk = outbound();
        sip.createSipParticipant(trunk.getSipTrunkId(), "+15557654321", "support-1",
                new CreateSipParticipantOptions(null, null, null, null, null, null, null, true)).execute();
        var admin = EmulatorFixture.adminToken("*");

        var hungUp = lk.control("POST", "/emulator/sip/hangup", "{\"room\":\"support-1\",\"identity\":\"sip_+15557654321\"}", admin);

        assertThat(hungUp.statusCode()).isEqualTo(204);
        assertThat(lk.state().participant("support-1", "sip_+15557654321")).isEmpty();
        var left = events.stream().filter(e -> e.getEvent().equals("participant_left")).findFirst().orElseThrow().getParticipant();
        assertThat(left.getDisconnectReason()).isEqualTo(DisconnectReason.CLIENT_INITIATED);
        assertThat(left.getAttributesMap()).containsEntry(Sips.CALL_STATUS, "hangup");
        assertThat(lk.control("POST", "/emulator/sip/hangup", "{\"room\":\"support-1\",\"identity\":\"sip_+15557654321\"}", admin)
                .statusCode()).isEqualTo(404);
    }

    // Transfers

    @Test
    void aTransferSucceedsAndTheBridgeHangsUpAboutASecondLater() throws Exception {
        var trunk = outbound();
        sip.createSipParticipant(trunk.getSipTrunkId(), "+15557654321", "support-1",
                new CreateSipParticipantOptions(null, null, null, null, null, null, null, true)).execute();

        var response = sip.transferSipParticipant("support-1", "sip_+15557654321", "tel:+15559998888",
                new TransferSipParticipantOptions(true)).execute();

        assertThat(response.isSuccessful()).isTrue();
        assertThat(lk.state().participant("support-1", "sip_+15557654321")).isPresent();
        waitFor(() -> lk.state().participant("support-1", "sip_+15557654321").isEmpty());
        var left = events.stream().filter(e -> e.getEvent().equals("participant_left")).findFirst().orElseThrow().getParticipant();
        assertThat(left.getDisconnectReason()).isEqualTo(DisconnectReason.CLIENT_INITIATED);
        assertThat(left.getAttributesMap()).containsEntry(Sips.CALL_STATUS, "hangup");
    }

    @Test
    void aRefusedTransferCarriesTheSipStatusAndTheCallGoesOn() throws IOException {
        var trunk = outbound();
        sip.createSipParticipant(trunk.getSipTrunkId(), "+15557654321", "support-1",
                new CreateSipParticipantOptions(null, null, null, null, null, null, null, true)).execute();
        lk.emulator.sip().failNextTransfer(new Sips.SipStatus(603, "Decline"));

        var response = sipJson("TransferSIPParticipant", "{\"room_name\":\"support-1\",\"participant_identity\":\"sip_+15557654321\","
                + "\"transfer_to\":\"sip:desk@pbx.example\"}", transferToken("support-1"));

        assertThat(response.statusCode()).isEqualTo(403);
        var body = JSON.readTree(response.body());
        assertThat(body.path("code").asString()).isEqualTo("permission_denied");
        assertThat(body.path("msg").asString()).isEqualTo(PSRPC + "call transfer failed: sip status: 603: Decline");
        assertThat(body.path("meta").path("sip_status_code").asString()).isEqualTo("603");
        assertThat(status("support-1", "sip_+15557654321")).isEqualTo("active");
        // The next one goes through.
        assertThat(sip.transferSipParticipant("support-1", "sip_+15557654321", "tel:+15559998888", new TransferSipParticipantOptions()).execute().isSuccessful()).isTrue();
    }

    @Test
    void aSecondTransferWhileOneIsUnderWayWaitsForItIfToTheSameTargetAndIsRefusedIfElsewhere() throws Exception {
        lk.emulator.sip().timings(new Sips.Timings(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(2),
                Duration.ofMillis(300), Duration.ofMillis(200)));
        var trunk = outbound();
        var info = sip.createSipParticipant(trunk.getSipTrunkId(), "+15557654321", "support-1",
                new CreateSipParticipantOptions(null, null, null, null, null, null, null, true)).execute().body();
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> call(() -> sip.transferSipParticipant("support-1",
                "sip_+15557654321", "sip:desk@pbx.example", new TransferSipParticipantOptions()).execute().isSuccessful()));
        waitFor(() -> lk.emulator.sip().transferring(info.getSipCallId()));

        assertJsonError(sipJson("TransferSIPParticipant", "{\"room_name\":\"support-1\",\"participant_identity\":\"sip_+15557654321\","
                + "\"transfer_to\":\"tel:+15559998888\"}", transferToken("support-1")), 400, "invalid_argument",
                PSRPC + "call already being transferred elsewhere");
        var same = sipJson("TransferSIPParticipant", "{\"room_name\":\"support-1\",\"participant_identity\":\"sip_+15557654321\","
                + "\"transfer_to\":\"<sip:desk@pbx.example>\"}", transferToken("support-1"));
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.body()).isEqualTo("{\n}");
        assertThat(first.get()).isTrue();
    }

    private interface IoCall<T> {
        T run() throws IOException;
    }

    private static <T> T call(IoCall<T> body) {
        try {
            return body.run();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String transferToken(String room) {
        var token = new AccessToken(EmulatorFixture.KEY, EmulatorFixture.SECRET);
        token.addGrants(new RoomAdmin(true), new RoomName(room));
        token.addSIPGrants(new SIPCall(true));
        return token.toJwt();
    }

    @Test
    void transferRefusalsCarryLiveKitsTexts() throws Exception {
        var token = transferToken("support-1");
        var base = "{\"room_name\":\"support-1\",\"participant_identity\":\"%s\",\"transfer_to\":\"%s\"}";
        assertJsonError(sipJson("TransferSIPParticipant", base.formatted("p", ""), token), 400, "invalid_argument", "missing transfer to");
        assertJsonError(sipJson("TransferSIPParticipant", base.formatted("p", "+15559998888"), token), 400, "invalid_argument",
                "transfer_to must be a valid SIP(s) or TEL URI (sip:, sips: or tel:)");
        assertJsonError(sipJson("TransferSIPParticipant", base.formatted("nobody", "tel:+1"), token), 404, "not_found",
                PSRPC + "participant does not exist");
        lk.join("support-1", "web-user", ParticipantInfo.Kind.STANDARD);
        assertJsonError(sipJson("TransferSIPParticipant", base.formatted("web-user", "tel:+1"), token), 400, "invalid_argument",
                PSRPC + "no SIP session associated with participant");
        // A participant that only looks like a call: no SIP service knows its call id.
        lk.state().addParticipant("support-1", new ParticipantSpec("sip_fake", "", ParticipantInfo.Kind.SIP, "",
                Map.of(Sips.CALL_ID, "SCL_notacall"), List.of()));
        assertJsonError(sipJson("TransferSIPParticipant", base.formatted("sip_fake", "tel:+1"), token), 503, "unavailable",
                PSRPC + "no response from servers");

        lk.emulator.sip().timings(new Sips.Timings(Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofMillis(100),
                Duration.ofMillis(300), Duration.ofMillis(200)));
        var trunk = outbound();
        sip.createSipParticipant(trunk.getSipTrunkId(), "+15557654321", "support-1", NO_OPTIONS).execute();
        assertJsonError(sipJson("TransferSIPParticipant", base.formatted("sip_+15557654321", "tel:+1"), token), 412,
                "failed_precondition", PSRPC + "can't transfer non established call");
    }

    // Inbound calls

    @Test
    void anInboundCallJoinsTheRoomOfTheMatchingRuleAndDispatchesItsAgent() throws IOException {
        var trunk = sip.createSipInboundTrunk("line", List.of("+15550001111")).execute().body();
        var config = RoomConfiguration.newBuilder().addAgents(RoomAgentDispatch.newBuilder().setAgentName("receptionist")).build();
        var rule = sip.createSipDispatchRule(new SipDispatchRuleIndividual("call", ""),
                new CreateSipDispatchRuleOptions("calls", "{\"team\":\"support\"}", List.of(trunk.getSipTrunkId()), null, null, null,
                        config)).execute().body();

        var response = lk.control("POST", "/emulator/sip/inbound", "{\"from\":\"+15557654321\",\"to\":\"+15550001111\"}",
                EmulatorFixture.adminToken("*"));

        assertThat(response.statusCode()).isEqualTo(200);
        var room = lk.state().rooms().get(0).getName();
        assertThat(room).matches("call_\\+15557654321_[" + Ids.ALPHABET + "]{12}");
        var caller = lk.state().participant(room, "sip_+15557654321").orElseThrow();
        assertThat(caller.getName()).isEqualTo("Phone +15557654321");
        assertThat(caller.getKind()).isEqualTo(ParticipantInfo.Kind.SIP);
        assertThat(caller.getMetadata()).isEqualTo("{\"team\":\"support\"}");
        assertThat(caller.getAttributesMap()).containsEntry(Sips.RULE_ID, rule.getSipDispatchRuleId())
                .containsEntry(Sips.TRUNK_ID, trunk.getSipTrunkId()).containsEntry(Sips.PHONE_NUMBER, "+15557654321")
                .containsEntry(Sips.TRUNK_NUMBER, "+15550001111").containsEntry(Sips.CALL_STATUS, "active")
                .containsKey(Sips.CALL_ID);
        assertThat(lk.state().participants(room)).anyMatch(p -> p.getKind() == ParticipantInfo.Kind.AGENT
                && p.getName().equals("receptionist"));
    }

    @Test
    void anInboundCallNoRuleTakesIsDroppedAndAWildcardRuleTakesCallsWithoutATrunk() throws IOException {
        var admin = EmulatorFixture.adminToken("*");
        var noRules = lk.control("POST", "/emulator/sip/inbound", "{\"from\":\"+15557654321\",\"to\":\"+15550001111\"}", admin);
        assertThat(noRules.statusCode()).isEqualTo(404);
        assertThat(noRules.body()).contains("No SIP Dispatch Rules defined");

        var trunk = sip.createSipInboundTrunk("line", List.of("+15550001111")).execute().body();
        sip.createSipDispatchRule(new SipDispatchRuleDirect("support", ""),
                new CreateSipDispatchRuleOptions(null, null, List.of(trunk.getSipTrunkId()), null, null, null, null)).execute();
        // No trunk has this number, and the only rule names a trunk: MatchDispatchRuleIter has no candidate.
        var other = lk.control("POST", "/emulator/sip/inbound", "{\"from\":\"+15557654321\",\"to\":\"+15550009999\"}", admin);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).contains("No SIP Dispatch Rules defined");
        assertThat(lk.state().rooms()).isEmpty();

        sip.createSipDispatchRule(new SipDispatchRuleDirect("lobby", "")).execute();
        assertThat(lk.control("POST", "/emulator/sip/inbound", "{\"from\":\"+15557654321\",\"to\":\"+15550009999\"}", admin)
                .statusCode()).isEqualTo(200);
        var caller = lk.state().participant("lobby", "sip_+15557654321").orElseThrow();
        assertThat(caller.getAttributesMap()).containsEntry(Sips.TRUNK_ID, "");
        // The trunk's own rule is more specific than the wildcard one.
        assertThat(lk.control("POST", "/emulator/sip/inbound", "{\"from\":\"+15557654322\",\"to\":\"+15550001111\"}", admin)
                .statusCode()).isEqualTo(200);
        assertThat(lk.state().participant("support", "sip_+15557654322")).isPresent();
    }

    @Test
    void aPinRuleAsksForThePinAndAHiddenNumberIsHashed() throws IOException {
        var admin = EmulatorFixture.adminToken("*");
        sip.createSipDispatchRule(new SipDispatchRuleDirect("board", "4321"),
                new CreateSipDispatchRuleOptions(null, null, null, true, null, null, null)).execute();

        var asked = lk.control("POST", "/emulator/sip/inbound", "{\"from\":\"+15557654321\",\"to\":\"+15550001111\"}", admin);
        assertThat(asked.statusCode()).isEqualTo(412);
        assertThat(lk.control("POST", "/emulator/sip/inbound", "{\"from\":\"+15557654321\",\"to\":\"+15550001111\",\"pin\":\"1111\"}",
                admin).statusCode()).isEqualTo(404);
        var joined = lk.control("POST", "/emulator/sip/inbound", "{\"from\":\"+15557654321\",\"to\":\"+15550001111\",\"pin\":\"4321\"}",
                admin);

        assertThat(joined.statusCode()).isEqualTo(200);
        var caller = lk.state().participants("board").get(0);
        assertThat(caller.getIdentity()).matches("sip_[0-9a-f]{16}");
        assertThat(caller.getName()).isEqualTo("Phone 4321");
        assertThat(caller.getAttributesMap()).doesNotContainKeys(Sips.PHONE_NUMBER, Sips.TRUNK_NUMBER)
                .containsEntry(Sips.CALL_STATUS, "active");
    }

    @Test
    void controlSwitchesSetTheNextCalleeAndTheNextTransferAndResetClearsThem() throws IOException {
        var admin = EmulatorFixture.adminToken("*");
        assertThat(lk.control("POST", "/emulator/sip", "{\"callee\":\"sleepy\"}", admin).statusCode()).isEqualTo(400);
        assertThat(lk.control("POST", "/emulator/sip", "{\"callee\":\"busy\"}", admin).statusCode()).isEqualTo(204);
        var trunk = outbound();
        assertThat(sip.createSipParticipant(trunk.getSipTrunkId(), "+1", "r",
                new CreateSipParticipantOptions(null, null, null, null, null, null, null, true)).execute().code()).isEqualTo(429);

        assertThat(lk.control("POST", "/emulator/sip", "{\"service\":\"missing\"}", admin).statusCode()).isEqualTo(204);
        lk.emulator.faults().reset();
        lk.emulator.sip().timings(new Sips.Timings(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10),
                Duration.ofMillis(10), Duration.ofMillis(10)));
        assertThat(sip.createSipParticipant(trunk.getSipTrunkId(), "+1", "r", NO_OPTIONS).execute().isSuccessful()).isTrue();
    }
}
