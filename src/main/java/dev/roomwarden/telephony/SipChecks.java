package dev.roomwarden.telephony;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import com.google.protobuf.Message;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.input.Text;
import livekit.LivekitSip.SIPDispatchRule;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;

/**
 * What Roomwarden checks before a trunk or rule goes to LiveKit, whether typed in the form or in JSON: names within
 * LiveKit's limits, phone numbers that are numbers (saved as + and digits), addresses, PINs and trunk ids that can be
 * what they claim. What only LiveKit knows (a number another trunk has, a rule that clashes) LiveKit refuses itself.
 */
final class SipChecks {

    static final String NOTHING_SAVED = " Nothing was saved.";
    private static final Pattern GROUPING = Pattern.compile("[ ().\\-]");
    private static final Pattern E164 = Pattern.compile("\\+\\d{7,15}");
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:/]{2,64}");
    private static final Pattern PIN = Pattern.compile("\\d{1,16}");
    private static final Pattern TRUNK_ID = Pattern.compile("ST_[A-Za-z0-9]{1,40}");

    private SipChecks() {
    }

    static InvalidInputException refused(String sentence) {
        return new InvalidInputException(sentence + NOTHING_SAVED);
    }

    /** The object checked, its numbers written as LiveKit compares them (+ and digits); a sentence when it cannot be sent. */
    static Message checked(Message message) {
        if (message instanceof SIPInboundTrunkInfo t) {
            text(t.getName(), "name");
            text(t.getAuthUsername(), "user name");
            t.getAllowedAddressesList().forEach(SipChecks::address);
            return t.toBuilder().clearNumbers().addAllNumbers(numbers(t.getNumbersList(), "trunk's numbers"))
                    .clearAllowedNumbers().addAllAllowedNumbers(numbers(t.getAllowedNumbersList(), "allowed callers")).build();
        }
        if (message instanceof SIPOutboundTrunkInfo t) {
            text(t.getName(), "name");
            text(t.getAuthUsername(), "user name");
            text(t.getAddress(), "address");
            return t.toBuilder().clearNumbers().addAllNumbers(numbers(t.getNumbersList(), "trunk's numbers")).build();
        }
        var r = (SIPDispatchRuleInfo) message;
        text(r.getName(), "name");
        var rule = r.getRule();
        if (rule.getRuleCase() == SIPDispatchRule.RuleCase.RULE_NOT_SET) {
            throw refused("The rule says nowhere to put a caller: give dispatch_rule_direct, dispatch_rule_individual or "
                    + "dispatch_rule_callee.");
        }
        if (rule.getRuleCase() == SIPDispatchRule.RuleCase.DISPATCH_RULE_DIRECT) {
            try {
                LiveKitNames.checkRoomName(rule.getDispatchRuleDirect().getRoomName());
            } catch (InvalidInputException e) {
                throw refused("A rule into one room needs that room: " + e.getMessage());
            }
        } else {
            text(SipWords.ruleTarget(rule), "room prefix");
        }
        var pin = SipWords.pin(rule);
        if (!pin.isEmpty() && !PIN.matcher(pin).matches()) {
            throw refused("The PIN is what a caller types on the phone's keypad: digits only, at most 16.");
        }
        for (var trunk : r.getTrunkIdsList()) {
            if (!TRUNK_ID.matcher(trunk).matches()) {
                throw refused("“" + Text.abbreviate(trunk, 40) + "” is not a trunk id (ST_...).");
            }
        }
        r.getRoomConfig().getAgentsList().forEach(a -> text(a.getAgentName(), "agent name"));
        return r.toBuilder().clearInboundNumbers().addAllInboundNumbers(numbers(r.getInboundNumbersList(), "callers' numbers"))
                .clearNumbers().addAllNumbers(numbers(r.getNumbersList(), "called numbers")).build();
    }

    /** Phone numbers as LiveKit wants them: + and the country code, 7 to 15 digits; spaces, dashes, dots and brackets dropped. */
    static List<String> numbers(List<String> typed, String what) {
        return typed.stream().map(number -> {
            var digits = GROUPING.matcher(number.strip()).replaceAll("");
            if (!E164.matcher(digits).matches()) {
                throw refused("“" + Text.abbreviate(number, 40) + "” (in the " + what + ") is not a phone number: write it with + and "
                        + "the country code, e.g. +14155550100.");
            }
            return digits;
        }).distinct().toList();
    }

    private static void address(String address) {
        if (!ADDRESS.matcher(address).matches()) {
            throw refused("“" + Text.abbreviate(address, 40) + "” is not an IP address or range (e.g. 203.0.113.10 or 203.0.113.0/24).");
        }
    }

    private static void text(String value, String what) {
        if (value.getBytes(StandardCharsets.UTF_8).length > LiveKitNames.MAX_NAME_BYTES) {
            throw refused("The " + what + " is too long: at most " + LiveKitNames.MAX_NAME_BYTES + " bytes.");
        }
        if (Text.hasControlCharacters(value)) {
            throw refused("The " + what + " has control characters.");
        }
    }
}
