package dev.roomwarden.telephony;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.roomwarden.FlowTest;
import dev.roomwarden.StaffBrowser;
import dev.roomwarden.livekit.LiveKitGateway;
import livekit.LivekitAgentDispatch.RoomAgentDispatch;
import livekit.LivekitRoom.RoomConfiguration;
import livekit.LivekitSip.SIPDispatchRule;
import livekit.LivekitSip.SIPDispatchRuleDirect;
import livekit.LivekitSip.SIPDispatchRuleIndividual;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import livekit.LivekitSip.SIPTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /telephony over real HTTP through the SDK to the emulator: the three tables as LiveKit has them (never a password),
 * creating each kind by form and by JSON, editing with the write-only password rule, what is refused before LiveKit is
 * asked and what LiveKit refuses, deleting (and already gone), roles, and a LiveKit without SIP.
 */
@ExtendWith(OutputCaptureExtension.class)
class TelephonyFlowTest extends FlowTest {

    private static final String SECRET = "trunk-secret-Zq71Lp0w";
    private static final String NEW_SECRET = "new-secret-Hv42Kd9s";

    @Autowired
    LiveKitGateway livekit;

    private StaffBrowser admin() {
        return loggedIn("admin", "/telephony");
    }

    private SIPInboundTrunkInfo supportLine() {
        return livekit.createInboundTrunk(SIPInboundTrunkInfo.newBuilder().setName("Support line").addNumbers("+14155550100")
                .setAuthUsername("support").setAuthPassword(SECRET).build());
    }

    private SIPOutboundTrunkInfo carrier() {
        return livekit.createOutboundTrunk(SIPOutboundTrunkInfo.newBuilder().setName("Carrier").setAddress("sip.example-carrier.net")
                .addNumbers("+14155550199").setAuthUsername("rw").setAuthPassword(SECRET).build());
    }

    private SIPDispatchRuleInfo supportCallers(String trunkId) {
        return livekit.createDispatchRule(SIPDispatchRuleInfo.newBuilder().setName("Support callers").addTrunkIds(trunkId)
                .setRule(SIPDispatchRule.newBuilder().setDispatchRuleIndividual(SIPDispatchRuleIndividual.newBuilder().setRoomPrefix("call-")))
                .setRoomConfig(RoomConfiguration.newBuilder().addAgents(RoomAgentDispatch.newBuilder().setAgentName("support-agent")))
                .build());
    }

    private List<SIPInboundTrunkInfo> inbound() {
        livekit.sipChanged();
        return livekit.listInboundTrunks();
    }

    private List<SIPOutboundTrunkInfo> outbound() {
        livekit.sipChanged();
        return livekit.listOutboundTrunks();
    }

    private List<SIPDispatchRuleInfo> rules() {
        livekit.sipChanged();
        return livekit.listDispatchRules();
    }

    @Test
    void theTablesShowWhatLiveKitHasWithoutPasswords() {
        var admin = admin();
        assertThat(admin.get("/telephony").body()).contains("no inbound trunk", "no outbound trunk", "no dispatch rule");

        var line = supportLine();
        var out = carrier();
        var rule = supportCallers(line.getSipTrunkId());
        livekit.createDispatchRule(SIPDispatchRuleInfo.newBuilder().setName("Front desk").setRule(SIPDispatchRule.newBuilder()
                .setDispatchRuleDirect(SIPDispatchRuleDirect.newBuilder().setRoomName("front-desk").setPin("1234"))).build());

        for (var page : List.of(admin.get("/telephony"), admin.getHtmx("/telephony"))) {
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Support line", line.getSipTrunkId(), "+14155550100", "password set",
                    "Carrier", out.getSipTrunkId(), "sip.example-carrier.net", "+14155550199", "transport auto",
                    "Support callers", rule.getSipDispatchRuleId(), "a room per caller, prefix", "call-", "support-agent",
                    "Front desk", "into room", "front-desk", "PIN required", "any trunk", "Edit", "Delete…")
                    .doesNotContain(SECRET, "1234");
        }
        // The rule names its trunk by name.
        assertThat(admin.get("/telephony").body()).contains("New inbound trunk", "New outbound trunk", "New dispatch rule").containsPattern("(?s)rule-" + rule.getSipDispatchRuleId() + ".*?Support line");

        var viewer = loggedIn("viewer", "/telephony").get("/telephony").body();
        assertThat(viewer).contains("Support line", "+1 415 ••• ••00", "Phone numbers are masked")
                .doesNotContain("+14155550100", "New inbound trunk", "/edit", "Delete…", SECRET);
        assertThat(loggedIn("moderator", "/telephony").get("/telephony").body()).contains("+14155550100")
                .doesNotContain("New inbound trunk", "Delete…", SECRET);
    }

    @Test
    void anAdministratorCreatesEachKindByForm(CapturedOutput log) {
        var admin = loggedIn("admin", "/telephony/inbound/new");
        var created = admin.postForm("/telephony/inbound", Map.of("mode", "form", "name", "Support line",
                "numbers", "+1 (415) 555-0100, +14155550101", "allowedNumbers", "+15557654321", "authUsername", "support",
                "password", SECRET));
        assertThat(created.statusCode()).isEqualTo(302);
        var trunk = inbound().get(0);
        assertThat(trunk.getNumbersList()).containsExactly("+14155550100", "+14155550101");
        assertThat(trunk.getAllowedNumbersList()).containsExactly("+15557654321");
        assertThat(trunk.getAuthPassword()).isEqualTo(SECRET);
        assertThat(admin.follow(created).body()).contains("The inbound trunk " + trunk.getSipTrunkId() + " “Support line” is created.");
        var record = lastAudited();
        assertThat(record.get("ACTION")).isEqualTo("CREATE_SIP_TRUNK");
        assertThat(record.get("OUTCOME")).isEqualTo("DONE");
        assertThat((String) record.get("DETAIL")).startsWith(trunk.getSipTrunkId() + " · inbound trunk “Support line”")
                .contains("+1 415 ••• ••00", "with a password").doesNotContain("+14155550100", SECRET);

        admin.get("/telephony/outbound/new");
        admin.postForm("/telephony/outbound", Map.of("mode", "form", "name", "Carrier", "address", "sip.example-carrier.net",
                "transport", "tls", "numbers", "+14155550199", "authUsername", "rw", "password", SECRET));
        var out = outbound().get(0);
        assertThat(out.getAddress()).isEqualTo("sip.example-carrier.net");
        assertThat(out.getTransport()).isEqualTo(SIPTransport.SIP_TRANSPORT_TLS);
        assertThat(out.getAuthPassword()).isEqualTo(SECRET);

        admin.get("/telephony/rules/new");
        var rule = admin.postForm("/telephony/rules", List.of(Map.entry("mode", "form"), Map.entry("name", "Support callers"),
                Map.entry("ruleKind", "individual"), Map.entry("roomPrefix", "call-"), Map.entry("trunkIds", trunk.getSipTrunkId()),
                Map.entry("agents", "support-agent, triage-agent"), Map.entry("hidePhoneNumber", "on")));
        assertThat(rule.statusCode()).isEqualTo(302);
        var saved = rules().get(0);
        assertThat(saved.getRule().getDispatchRuleIndividual().getRoomPrefix()).isEqualTo("call-");
        assertThat(saved.getTrunkIdsList()).containsExactly(trunk.getSipTrunkId());
        assertThat(saved.getHidePhoneNumber()).isTrue();
        assertThat(saved.getRoomConfig().getAgentsList()).extracting(RoomAgentDispatch::getAgentName).containsExactly("support-agent", "triage-agent");
        assertThat(lastAudited().get("ACTION")).isEqualTo("CREATE_SIP_DISPATCH_RULE");
        assertThat((String) lastAudited().get("DETAIL")).startsWith(saved.getSipDispatchRuleId() + " · dispatch rule “Support callers”: a room per caller");

        // A caller on the trunk's number now reaches a room of their own, with the agents.
        var caller = emulator.sip().inboundCall("+15557654321", "+14155550100", null);
        assertThat(caller.getAttributesMap()).containsEntry("sip.ruleID", saved.getSipDispatchRuleId());
        assertThat(log.getAll()).doesNotContain(SECRET);
    }

    @Test
    void anAdministratorCreatesEachKindByJson() {
        var admin = loggedIn("admin", "/telephony/inbound/new");
        assertThat(admin.postForm("/telephony/inbound", Map.of("mode", "json", "json",
                "{\"name\": \"Json line\", \"numbers\": [\"+14155550100\"], \"auth_username\": \"u\", \"auth_password\": \"" + SECRET
                        + "\", \"krisp_enabled\": true}")).statusCode()).isEqualTo(302);
        var trunk = inbound().get(0);
        assertThat(trunk.getName()).isEqualTo("Json line");
        assertThat(trunk.getKrispEnabled()).isTrue();
        assertThat(trunk.getAuthPassword()).isEqualTo(SECRET);

        admin.get("/telephony/outbound/new");
        assertThat(admin.postForm("/telephony/outbound", Map.of("mode", "json", "json",
                "{\"name\": \"Json carrier\", \"address\": \"sip.example.net\", \"numbers\": [\"+14155550199\"], "
                        + "\"destinationCountry\": \"US\"}")).statusCode()).isEqualTo(302);
        assertThat(outbound().get(0).getDestinationCountry()).isEqualTo("US");

        admin.get("/telephony/rules/new");
        assertThat(admin.postForm("/telephony/rules", Map.of("mode", "json", "json",
                "{\"name\": \"Callee rooms\", \"rule\": {\"dispatch_rule_callee\": {\"room_prefix\": \"line-\", \"randomize\": true}},"
                        + " \"metadata\": \"{\\\"team\\\":\\\"support\\\"}\"}")).statusCode()).isEqualTo(302);
        var rule = rules().get(0);
        assertThat(rule.getRule().getDispatchRuleCallee().getRandomize()).isTrue();
        assertThat(rule.getMetadata()).isEqualTo("{\"team\":\"support\"}");
        assertThat(admin.get("/telephony").body()).contains("a room per called number, prefix", "line-", "Json carrier", "Json line");
    }

    @Test
    void editingKeepsThePasswordWhenBlankReplacesItWhenGivenAndRemovesItWhenTicked() {
        var line = supportLine();
        var id = line.getSipTrunkId();
        var admin = loggedIn("admin", "/telephony");
        var seen = new ArrayList<String>();

        var edit = admin.get("/telephony/inbound/" + id + "/edit");
        assertThat(edit.statusCode()).isEqualTo(200);
        assertThat(edit.body()).contains("Support line", "+14155550100", "&quot;auth_username&quot;: &quot;support&quot;",
                "Remove the stored password", "auth_password");
        seen.add(edit.body());
        admin.postForm("/telephony/inbound/" + id, Map.of("mode", "form", "name", "Support line (renamed)", "numbers", "+14155550100",
                "authUsername", "support", "password", ""));
        assertThat(inbound().get(0).getName()).isEqualTo("Support line (renamed)");
        assertThat(inbound().get(0).getAuthPassword()).as("kept").isEqualTo(SECRET);
        assertThat((String) lastAudited().get("DETAIL")).startsWith(id + " · inbound trunk “Support line (renamed)”").endsWith("password kept");

        admin.get("/telephony/inbound/" + id + "/edit");
        admin.postForm("/telephony/inbound/" + id, Map.of("mode", "form", "name", "Support line", "numbers", "+14155550100",
                "authUsername", "support", "password", NEW_SECRET));
        assertThat(inbound().get(0).getAuthPassword()).as("replaced").isEqualTo(NEW_SECRET);
        assertThat((String) lastAudited().get("DETAIL")).endsWith("password replaced").doesNotContain(NEW_SECRET);

        // The JSON editor: without the password, which stays unless one is given.
        var json = admin.get("/telephony/inbound/" + id + "/edit").body();
        seen.add(json);
        admin.postForm("/telephony/inbound/" + id, Map.of("mode", "json", "json",
                "{\"name\": \"By JSON\", \"numbers\": [\"+14155550100\"], \"auth_username\": \"support\"}"));
        assertThat(inbound().get(0).getName()).isEqualTo("By JSON");
        assertThat(inbound().get(0).getAuthPassword()).as("kept by the JSON editor").isEqualTo(NEW_SECRET);
        assertThat(lastAudited().get("ACTION")).isEqualTo("UPDATE_SIP_TRUNK");

        admin.get("/telephony/inbound/" + id + "/edit");
        admin.postForm("/telephony/inbound/" + id, Map.of("mode", "form", "name", "Support line", "numbers", "+14155550100",
                "authUsername", "support", "password", "", "removePassword", "on"));
        assertThat(inbound().get(0).getAuthPassword()).as("removed").isEmpty();
        assertThat((String) lastAudited().get("DETAIL")).endsWith("password removed");
        assertThat(admin.get("/telephony").body()).contains("no password");

        var out = carrier();
        var outEdit = admin.get("/telephony/outbound/" + out.getSipTrunkId() + "/edit").body();
        seen.add(outEdit);
        admin.postForm("/telephony/outbound/" + out.getSipTrunkId(), Map.of("mode", "form", "name", "Carrier 2",
                "address", "sip2.example-carrier.net", "transport", "udp", "numbers", "+14155550199", "authUsername", "rw"));
        assertThat(outbound().get(0).getAuthPassword()).isEqualTo(SECRET);
        assertThat(outbound().get(0).getAddress()).isEqualTo("sip2.example-carrier.net");

        seen.add(admin.get("/telephony").body());
        seen.add(admin.get("/audit").body());
        seen.add(admin.get("/telephony/outbound/" + out.getSipTrunkId() + "/delete").body());
        assertThat(seen).noneMatch(html -> html.contains(SECRET) || html.contains(NEW_SECRET));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_record WHERE detail LIKE ? OR detail LIKE ?")
                .params("%" + SECRET + "%", "%" + NEW_SECRET + "%").query(Long.class).single()).isZero();
    }

    @Test
    void anAdministratorEditsARuleByFormKeepingTheFieldsTheFormDoesNotHave() {
        var line = supportLine();
        var rule = livekit.createDispatchRule(SIPDispatchRuleInfo.newBuilder().addTrunkIds(line.getSipTrunkId())
                .setRule(SIPDispatchRule.newBuilder().setDispatchRuleIndividual(SIPDispatchRuleIndividual.newBuilder().setRoomPrefix("call-")))
                .setName("Other").setMetadata("kept").setRoomConfig(RoomConfiguration.newBuilder().setMaxParticipants(3)
                        .addAgents(RoomAgentDispatch.newBuilder().setAgentName("support-agent").setMetadata("m"))).build());
        var admin = loggedIn("admin", "/telephony/rules/" + rule.getSipDispatchRuleId() + "/edit");
        assertThat(admin.get("/telephony/rules/" + rule.getSipDispatchRuleId() + "/edit").body())
                .contains("value=\"call-\"", "value=\"support-agent\"", "checked");
        var saved = admin.postForm("/telephony/rules/" + rule.getSipDispatchRuleId(), List.of(Map.entry("mode", "form"),
                Map.entry("name", "Front desk"), Map.entry("ruleKind", "direct"), Map.entry("room", "front-desk"),
                Map.entry("pin", "4321"), Map.entry("agents", "support-agent")));
        assertThat(saved.statusCode()).isEqualTo(302);
        var after = rules().stream().filter(r -> r.getSipDispatchRuleId().equals(rule.getSipDispatchRuleId())).findFirst().orElseThrow();
        assertThat(after.getRule().getDispatchRuleDirect().getRoomName()).isEqualTo("front-desk");
        assertThat(after.getRule().getDispatchRuleDirect().getPin()).isEqualTo("4321");
        assertThat(after.getTrunkIdsList()).as("none ticked: any trunk").isEmpty();
        assertThat(after.getMetadata()).isEqualTo("kept");
        assertThat(after.getRoomConfig().getMaxParticipants()).isEqualTo(3);
        assertThat(after.getRoomConfig().getAgents(0).getMetadata()).isEqualTo("m");
        var record = lastAudited();
        assertThat(record.get("ACTION")).isEqualTo("UPDATE_SIP_DISPATCH_RULE");
        assertThat(record.get("ROOM")).isEqualTo("front-desk");
        assertThat((String) record.get("DETAIL")).startsWith(rule.getSipDispatchRuleId() + " · dispatch rule “Front desk”: into room “front-desk”, with a PIN")
                .doesNotContain("4321");
    }

    @Test
    void badInputIsRefusedWithASentenceTheFormComesBackAsTypedAndNothingIsSent() {
        var admin = loggedIn("admin", "/telephony/inbound/new");
        var refusals = Map.of(
                "The JSON is not an inbound trunk: the JSON ends too early", Map.of("mode", "json", "json", "{\"name\": \"x\""),
                "has no field “nmae”", Map.of("mode", "json", "json", "{\"nmae\": \"x\"}"),
                "Invalid bool value", Map.of("mode", "json", "json", "{\"name\": \"x\", \"krisp_enabled\": \"yes\"}"),
                "Expected an array for numbers", Map.of("mode", "json", "json", "{\"numbers\": \"+14155550100\"}"),
                "“415-555-0100” (in the trunk&#39;s numbers) is not a phone number", Map.of("mode", "form", "name", "Typed name",
                        "numbers", "415-555-0100", "password", SECRET),
                "is not a phone number", Map.of("mode", "json", "json", "{\"numbers\": [\"call me\"], \"auth_password\": \"" + SECRET + "\"}"),
                "The JSON names an id", Map.of("mode", "json", "json", "{\"sip_trunk_id\": \"ST_abc\", \"numbers\": [\"+14155550100\"]}"),
                "not an IP address or range", Map.of("mode", "form", "allowedAddresses", "evil host"));
        refusals.forEach((sentence, fields) -> {
            var answer = admin.postForm("/telephony/inbound", fields);
            assertThat(answer.statusCode()).as(sentence).isEqualTo(400);
            assertThat(answer.body()).as(sentence).contains(sentence, "Nothing was saved.", "New <span>inbound trunk</span>")
                    .doesNotContain(SECRET);
        });
        // What was typed is in the form again (the password is not).
        var typed = admin.postForm("/telephony/inbound", refusals.get("“415-555-0100” (in the trunk&#39;s numbers) is not a phone number"));
        assertThat(typed.body()).contains("value=\"Typed name\"", ">415-555-0100</textarea>");
        var json = admin.postForm("/telephony/inbound", Map.of("mode", "json", "json", "{\"nmae\": 1, \"auth_password\": \"" + SECRET + "\"}"));
        assertThat(json.body()).contains("&quot;nmae&quot;: 1").doesNotContain(SECRET);

        admin.get("/telephony/rules/new");
        assertThat(admin.postForm("/telephony/rules", Map.of("mode", "form", "ruleKind", "direct", "room", "x", "pin", "12a"))
                .body()).contains("digits only");
        assertThat(admin.postForm("/telephony/rules", Map.of("mode", "form", "ruleKind", "direct", "room", ""))
                .body()).contains("A rule into one room needs that room");
        assertThat(inbound()).isEmpty();
        assertThat(rules()).isEmpty();
        assertThat(audited("action IN ('CREATE_SIP_TRUNK', 'CREATE_SIP_DISPATCH_RULE')")).isEmpty();
    }

    @Test
    void liveKitsRefusalsAreShownInWordsOnTheForm() {
        var admin = loggedIn("admin", "/telephony/outbound/new");
        var noNumbers = admin.postForm("/telephony/outbound", Map.of("mode", "form", "name", "Carrier", "address", "sip.example.net",
                "password", SECRET));
        assertThat(noNumbers.statusCode()).isEqualTo(400);
        assertThat(noNumbers.body()).contains("LiveKit refused the outbound trunk: no trunk numbers specified. Nothing was saved.",
                "value=\"Carrier\"").doesNotContain(SECRET);
        var sipUri = admin.postForm("/telephony/outbound", Map.of("mode", "form", "name", "Carrier", "address", "sip:carrier.example.net",
                "numbers", "+14155550199"));
        assertThat(sipUri.body()).contains("trunk address should be a hostname or IP, not SIP URI");
        var open = admin.postForm("/telephony/inbound", Map.of("mode", "form", "name", "Open"));
        assertThat(open.body()).contains("LiveKit refused the inbound trunk: for security, one of the fields must be set");
        assertThat(audited("action = 'CREATE_SIP_TRUNK'")).extracting(r -> r.get("OUTCOME")).containsOnly("FAILED");

        supportLine();
        var clash = admin.postForm("/telephony/inbound", Map.of("mode", "form", "name", "Second", "numbers", "+14155550100"));
        assertThat(clash.body()).contains("LiveKit refused the inbound trunk: Conflicting inbound SIP Trunks");
        assertThat(inbound()).hasSize(1);
        assertThat(outbound()).isEmpty();
    }

    @Test
    void anAdministratorDeletesTrunksAndRulesWithConfirmationAndIsToldWhenTheyWereAlreadyGone() {
        var line = supportLine();
        var rule = supportCallers(line.getSipTrunkId());
        var admin = admin();

        var confirmation = admin.getHtmx("/telephony/inbound/" + line.getSipTrunkId() + "/delete");
        assertThat(confirmation.body()).contains("<dialog", "Delete the <span>inbound trunk</span>", "Support line", "Reason")
                .doesNotContain(SECRET);
        assertThat(admin.get("/telephony/inbound/" + line.getSipTrunkId() + "/delete").body()).contains("<html", "Delete");
        var deleted = admin.postForm("/telephony/inbound/" + line.getSipTrunkId() + "/delete", Map.of("reason", "provider changed"));
        assertThat(deleted.statusCode()).isEqualTo(302);
        assertThat(admin.follow(deleted).body()).contains("is deleted", "no inbound trunk");
        assertThat(inbound()).isEmpty();
        var record = lastAudited();
        assertThat(record.get("ACTION")).isEqualTo("DELETE_SIP_TRUNK");
        assertThat(record.get("OUTCOME")).isEqualTo("DONE");
        assertThat(record.get("REASON")).isEqualTo("provider changed");
        assertThat((String) record.get("DETAIL")).startsWith(line.getSipTrunkId() + " · inbound trunk “Support line”");

        admin.get("/telephony");
        var again = admin.postHtmx("/telephony/inbound/" + line.getSipTrunkId() + "/delete", Map.of());
        assertThat(again.headers().firstValue("HX-Redirect")).isPresent();
        assertThat(admin.get("/telephony").body()).contains("was already gone");
        assertThat(lastAudited().get("OUTCOME")).isEqualTo("ALREADY_GONE");

        admin.postForm("/telephony/rules/" + rule.getSipDispatchRuleId() + "/delete", Map.of());
        assertThat(rules()).isEmpty();
        assertThat(lastAudited().get("ACTION")).isEqualTo("DELETE_SIP_DISPATCH_RULE");
        assertThat(lastAudited().get("OUTCOME")).isEqualTo("DONE");
        admin.get("/telephony");
        assertThat(admin.follow(admin.postForm("/telephony/rules/" + rule.getSipDispatchRuleId() + "/delete", Map.of())).body())
                .contains("was already gone");
        assertThat(admin.get("/telephony/inbound/" + line.getSipTrunkId() + "/edit").body()).contains("by this id (any more)");
    }

    @Test
    void viewersAndModeratorsSeeThePageButCannotChangeAnything() {
        var line = supportLine();
        var rule = supportCallers(line.getSipTrunkId());
        for (var role : List.of("viewer", "moderator")) {
            var staff = loggedIn(role, "/telephony");
            assertThat(staff.get("/telephony").statusCode()).isEqualTo(200);
            assertThat(staff.get("/telephony/inbound/new").statusCode()).as(role).isEqualTo(403);
            assertThat(staff.get("/telephony/inbound/" + line.getSipTrunkId() + "/edit").statusCode()).isEqualTo(403);
            assertThat(staff.get("/telephony/rules/" + rule.getSipDispatchRuleId() + "/delete").statusCode()).isEqualTo(403);
            assertThat(staff.postForm("/telephony/inbound", Map.of("mode", "form", "name", "mine", "numbers", "+14155550111"))
                    .statusCode()).isEqualTo(403);
            assertThat(staff.postForm("/telephony/rules", Map.of("mode", "form", "ruleKind", "direct", "room", "x")).statusCode()).isEqualTo(403);
            var edit = staff.postForm("/telephony/inbound/" + line.getSipTrunkId(), Map.of("mode", "form", "name", "taken"));
            assertThat(edit.statusCode()).isEqualTo(403);
            assertThat(edit.body()).doesNotContain(SECRET);
            assertThat(staff.postForm("/telephony/rules/" + rule.getSipDispatchRuleId(), Map.of("mode", "form")).statusCode()).isEqualTo(403);
            assertThat(staff.postForm("/telephony/inbound/" + line.getSipTrunkId() + "/delete", Map.of()).statusCode()).isEqualTo(403);
            assertThat(staff.postForm("/telephony/rules/" + rule.getSipDispatchRuleId() + "/delete", Map.of()).statusCode()).isEqualTo(403);
        }
        assertThat(inbound()).hasSize(1).allSatisfy(t -> assertThat(t.getName()).isEqualTo("Support line"));
        assertThat(rules()).hasSize(1);
        assertThat(audited("outcome = 'DENIED'")).extracting(r -> r.get("ACTION") + " " + r.get("USERNAME"))
                .contains("CREATE_SIP_TRUNK viewer", "UPDATE_SIP_TRUNK viewer", "DELETE_SIP_TRUNK viewer",
                        "CREATE_SIP_DISPATCH_RULE viewer", "UPDATE_SIP_DISPATCH_RULE viewer", "DELETE_SIP_DISPATCH_RULE viewer",
                        "CREATE_SIP_TRUNK moderator", "DELETE_SIP_DISPATCH_RULE moderator");
    }

    @Test
    void aLiveKitWithoutSipSaysSoInsteadOfTheTables() {
        emulator.faults().withoutRedis(true);
        var admin = admin();
        var page = admin.get("/telephony").body();
        assertThat(page).contains("Telephony (SIP) is not available on this LiveKit server", "no SIP service connected")
                .doesNotContain("LiveKit problem", "no inbound trunk");
        assertThat(admin.get("/telephony/inbound/new").body()).contains("Telephony (SIP) is not available");
        // No SIP service (calls cannot be made) does not stop the trunks from being listed, as in LiveKit.
        emulator.faults().withoutRedis(false);
        emulator.sip().serviceConnected(false);
        forgetWhatLiveKitDid();
        assertThat(admin.get("/telephony").body()).contains("no inbound trunk");
        // LiveKit not answering: the banner.
        emulator.faults().set(dev.roomwarden.emulator.FaultMode.UNAVAILABLE, java.time.Duration.ZERO);
        forgetWhatLiveKitDid();
        assertThat(admin.get("/telephony").body()).contains("LiveKit problem");
    }
}
