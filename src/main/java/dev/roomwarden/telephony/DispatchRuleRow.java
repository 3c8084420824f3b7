package dev.roomwarden.telephony;

import java.util.List;
import java.util.Map;

import livekit.LivekitSip.SIPDispatchRuleInfo;

/**
 * A dispatch rule as staff see it on /telephony: where it puts a caller in words ("a room per caller, prefix"), and
 * its {@code target} (the room or the prefix); whether it asks for a PIN (not the PIN); its trunks by name where
 * Roomwarden knows them, "any trunk" when it names none; the agents its room configuration dispatches.
 */
public record DispatchRuleRow(String id, String name, String kindWords, String target, boolean pinSet, List<String> trunks,
        boolean hidePhoneNumber, List<String> inboundNumbers, List<String> agents) {

    static DispatchRuleRow of(SIPDispatchRuleInfo rule, Map<String, String> trunkNames) {
        var r = rule.getRule();
        var pin = SipWords.pin(r);
        return new DispatchRuleRow(rule.getSipDispatchRuleId(), rule.getName(), SipWords.ruleKind(r), SipWords.ruleTarget(r),
                !pin.isEmpty(), rule.getTrunkIdsList().stream().map(id -> trunkNames.getOrDefault(id, id)).toList(),
                rule.getHidePhoneNumber(), rule.getInboundNumbersList(),
                rule.getRoomConfig().getAgentsList().stream().map(a -> a.getAgentName()).toList());
    }

    public boolean anyTrunk() {
        return trunks.isEmpty();
    }
}
