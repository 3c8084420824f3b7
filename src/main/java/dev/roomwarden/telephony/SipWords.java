package dev.roomwarden.telephony;

import java.util.List;
import java.util.Locale;

import livekit.LivekitSip.SIPDispatchRule;
import livekit.LivekitSip.SIPMediaEncryption;
import livekit.LivekitSip.SIPTransport;

/** LiveKit's SIP enums and rule kinds in the words /telephony and the audit log use. */
final class SipWords {

    /** The rule kinds a form offers, by the value it sends. */
    static final List<String> RULE_KINDS = List.of("direct", "individual", "callee");

    private SipWords() {
    }

    /** "auto", "UDP", "TCP", "TLS". */
    static String transport(SIPTransport transport) {
        return switch (transport) {
            case SIP_TRANSPORT_AUTO -> "auto";
            case UNRECOGNIZED -> "unknown";
            default -> transport.name().replaceFirst("^SIP_TRANSPORT_", "");
        };
    }

    /** "off", "allowed", "required". */
    static String mediaEncryption(SIPMediaEncryption encryption) {
        return switch (encryption) {
            case SIP_MEDIA_ENCRYPT_DISABLE -> "off";
            case SIP_MEDIA_ENCRYPT_ALLOW -> "allowed";
            case SIP_MEDIA_ENCRYPT_REQUIRE -> "required";
            case UNRECOGNIZED -> "unknown";
        };
    }

    /** "direct", "individual", "callee", or "" for a rule without one. */
    static String ruleValue(SIPDispatchRule rule) {
        return switch (rule.getRuleCase()) {
            case DISPATCH_RULE_DIRECT -> "direct";
            case DISPATCH_RULE_INDIVIDUAL -> "individual";
            case DISPATCH_RULE_CALLEE -> "callee";
            case RULE_NOT_SET -> "";
        };
    }

    /** Where the rule puts a caller, before its {@link #ruleTarget}. */
    static String ruleKind(SIPDispatchRule rule) {
        return switch (rule.getRuleCase()) {
            case DISPATCH_RULE_DIRECT -> "into room";
            case DISPATCH_RULE_INDIVIDUAL -> "a room per caller, prefix";
            case DISPATCH_RULE_CALLEE -> "a room per called number, prefix";
            case RULE_NOT_SET -> "no rule";
        };
    }

    /** The room of a direct rule, the room prefix of the others. */
    static String ruleTarget(SIPDispatchRule rule) {
        return switch (rule.getRuleCase()) {
            case DISPATCH_RULE_DIRECT -> rule.getDispatchRuleDirect().getRoomName();
            case DISPATCH_RULE_INDIVIDUAL -> rule.getDispatchRuleIndividual().getRoomPrefix();
            case DISPATCH_RULE_CALLEE -> rule.getDispatchRuleCallee().getRoomPrefix();
            case RULE_NOT_SET -> "";
        };
    }

    static String pin(SIPDispatchRule rule) {
        return switch (rule.getRuleCase()) {
            case DISPATCH_RULE_DIRECT -> rule.getDispatchRuleDirect().getPin();
            case DISPATCH_RULE_INDIVIDUAL -> rule.getDispatchRuleIndividual().getPin();
            case DISPATCH_RULE_CALLEE -> rule.getDispatchRuleCallee().getPin();
            case RULE_NOT_SET -> "";
        };
    }

    static SIPTransport transport(String value) {
        return switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
            case "", "auto" -> SIPTransport.SIP_TRANSPORT_AUTO;
            case "udp" -> SIPTransport.SIP_TRANSPORT_UDP;
            case "tcp" -> SIPTransport.SIP_TRANSPORT_TCP;
            case "tls" -> SIPTransport.SIP_TRANSPORT_TLS;
            default -> throw new dev.roomwarden.input.InvalidInputException(
                    "The transport is auto, UDP, TCP or TLS. Nothing was saved.");
        };
    }
}
