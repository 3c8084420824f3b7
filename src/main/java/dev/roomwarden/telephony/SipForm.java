package dev.roomwarden.telephony;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import com.google.protobuf.Message;
import livekit.LivekitAgentDispatch.RoomAgentDispatch;
import livekit.LivekitSip.SIPDispatchRule;
import livekit.LivekitSip.SIPDispatchRuleCallee;
import livekit.LivekitSip.SIPDispatchRuleDirect;
import livekit.LivekitSip.SIPDispatchRuleIndividual;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;

/**
 * The /telephony editor as typed: {@code mode} "form" (the common fields) or "json" (the whole object in {@code json}).
 * Lists are typed separated by commas or lines. {@code password} is write-only: {@link #typedAgain()} drops it (and
 * any auth_password in the JSON) before the form is shown again.
 */
public record SipForm(String mode, String name, String numbers, String allowedAddresses, String allowedNumbers,
        String authUsername, String password, String removePassword, String address, String transport, String ruleKind,
        String room, String roomPrefix, String pin, List<String> trunkIds, String hidePhoneNumber, String agents, String json) {

    private static final Pattern LIST = Pattern.compile("[,;\\n\\r]+");
    private static final Pattern AUTH_PASSWORD = Pattern.compile("(\"(?:auth_password|authPassword)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");

    public boolean jsonMode() {
        return "json".equals(mode);
    }

    boolean removesPassword() {
        return "on".equals(removePassword) || "true".equals(removePassword);
    }

    public String text(String value) {
        return value == null ? "" : value;
    }

    public boolean ticked(String trunkId) {
        return trunkIds != null && trunkIds.contains(trunkId);
    }

    /** Ticked trunk ids that are not among the inbound trunks LiveKit listed (kept, so that saving the form keeps them). */
    public List<String> otherTrunkIds(List<InboundTrunkRow> known) {
        var listed = known == null ? List.<String>of() : known.stream().map(InboundTrunkRow::id).toList();
        return trunkIds == null ? List.of() : trunkIds.stream().filter(id -> !listed.contains(id)).toList();
    }

    public boolean hidesPhoneNumber() {
        return "on".equals(hidePhoneNumber) || "true".equals(hidePhoneNumber);
    }

    /** The form to show again after a refusal: what was typed, but never a password. */
    SipForm typedAgain() {
        var shownJson = json == null ? null : AUTH_PASSWORD.matcher(json).replaceAll("$1\"\"");
        return new SipForm(mode, name, numbers, allowedAddresses, allowedNumbers, authUsername, null, null, address, transport,
                ruleKind, room, roomPrefix, pin, trunkIds, hidePhoneNumber, agents, shownJson);
    }

    /** The form for a new object of this kind. */
    static SipForm blank(SipKind kind) {
        var json = switch (kind) {
            case INBOUND -> "{\n  \"name\": \"\",\n  \"numbers\": [],\n  \"allowed_addresses\": [],\n  \"auth_username\": \"\",\n  \"auth_password\": \"\"\n}";
            case OUTBOUND -> "{\n  \"name\": \"\",\n  \"address\": \"\",\n  \"numbers\": [],\n  \"auth_username\": \"\",\n  \"auth_password\": \"\"\n}";
            case RULE -> "{\n  \"name\": \"\",\n  \"rule\": {\n    \"dispatch_rule_individual\": {\n      \"room_prefix\": \"call-\"\n    }\n  },\n"
                    + "  \"trunk_ids\": []\n}";
        };
        return new SipForm("form", "", "", "", "", "", null, null, "", "auto", "individual", "", "", "", List.of(), null, "", json);
    }

    /** The form filled from what LiveKit has: every common field, and the JSON of the whole object, without its password. */
    static SipForm of(Message current) {
        var json = SipJson.print(current);
        if (current instanceof SIPInboundTrunkInfo t) {
            return new SipForm("form", t.getName(), joined(t.getNumbersList()), joined(t.getAllowedAddressesList()),
                    joined(t.getAllowedNumbersList()), t.getAuthUsername(), null, null, "", "auto", "", "", "", "", List.of(), null, "", json);
        }
        if (current instanceof SIPOutboundTrunkInfo t) {
            return new SipForm("form", t.getName(), joined(t.getNumbersList()), "", "", t.getAuthUsername(), null, null, t.getAddress(),
                    SipWords.transport(t.getTransport()).toLowerCase(java.util.Locale.ROOT), "", "", "", "", List.of(), null, "", json);
        }
        var r = (SIPDispatchRuleInfo) current;
        var rule = r.getRule();
        var direct = rule.getRuleCase() == SIPDispatchRule.RuleCase.DISPATCH_RULE_DIRECT;
        return new SipForm("form", r.getName(), "", "", "", "", null, null, "", "auto", SipWords.ruleValue(rule),
                direct ? SipWords.ruleTarget(rule) : "", direct ? "" : SipWords.ruleTarget(rule), SipWords.pin(rule),
                r.getTrunkIdsList(), r.getHidePhoneNumber() ? "on" : null,
                joined(r.getRoomConfig().getAgentsList().stream().map(RoomAgentDispatch::getAgentName).toList()), json);
    }

    /** The common fields over {@code base} (LiveKit's object when editing, so that the other fields stay as they are). */
    Message applyTo(Message base) {
        if (base instanceof SIPInboundTrunkInfo t) {
            return t.toBuilder().setName(trim(name)).clearNumbers().addAllNumbers(list(numbers))
                    .clearAllowedAddresses().addAllAllowedAddresses(split(allowedAddresses, "[,;\\s]+"))
                    .clearAllowedNumbers().addAllAllowedNumbers(list(allowedNumbers)).setAuthUsername(trim(authUsername)).build();
        }
        if (base instanceof SIPOutboundTrunkInfo t) {
            return t.toBuilder().setName(trim(name)).setAddress(trim(address)).setTransport(SipWords.transport(transport))
                    .clearNumbers().addAllNumbers(list(numbers)).setAuthUsername(trim(authUsername)).build();
        }
        var r = ((SIPDispatchRuleInfo) base).toBuilder();
        var old = r.getRule();
        var rule = switch (trim(ruleKind)) {
            case "direct" -> SIPDispatchRule.newBuilder().setDispatchRuleDirect(SIPDispatchRuleDirect.newBuilder()
                    .setRoomName(trim(room)).setPin(trim(pin)));
            case "individual" -> SIPDispatchRule.newBuilder().setDispatchRuleIndividual(SIPDispatchRuleIndividual.newBuilder()
                    .setRoomPrefix(trim(roomPrefix)).setPin(trim(pin))
                    .setNoRandomness(old.getDispatchRuleIndividual().getNoRandomness()));
            case "callee" -> SIPDispatchRule.newBuilder().setDispatchRuleCallee(SIPDispatchRuleCallee.newBuilder()
                    .setRoomPrefix(trim(roomPrefix)).setPin(trim(pin)).setRandomize(old.getDispatchRuleCallee().getRandomize()));
            default -> throw SipChecks.refused("Choose where the rule puts a caller: one room, a room per caller or a room per "
                    + "called number.");
        };
        r.setName(trim(name)).setRule(rule).clearTrunkIds()
                .addAllTrunkIds(trunkIds == null ? List.of() : trunkIds.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList())
                .setHidePhoneNumber(hidesPhoneNumber());
        var wanted = list(agents);
        var kept = new ArrayList<RoomAgentDispatch>();
        for (var agent : wanted) {
            kept.add(r.getRoomConfig().getAgentsList().stream().filter(a -> a.getAgentName().equals(agent)).findFirst()
                    .orElse(RoomAgentDispatch.newBuilder().setAgentName(agent).build()));
        }
        if (!wanted.isEmpty() || r.hasRoomConfig()) {
            r.setRoomConfig(r.getRoomConfig().toBuilder().clearAgents().addAllAgents(kept));
        }
        return r.build();
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }

    private static List<String> list(String value) {
        return split(value, LIST.pattern());
    }

    private static List<String> split(String value, String separator) {
        return value == null ? List.of() : Arrays.stream(value.split(separator)).map(String::strip).filter(s -> !s.isEmpty())
                .distinct().toList();
    }

    private static String joined(List<String> values) {
        return String.join(", ", values);
    }
}
