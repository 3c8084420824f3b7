package dev.roomwarden.telephony;

import java.util.List;

import livekit.LivekitSip.SIPInboundTrunkInfo;

/**
 * An inbound trunk as staff see it on /telephony: everything shown of LiveKit's answer but its password, which this
 * record does not carry (only whether one is set), so that no template can show it by mistake.
 */
public record InboundTrunkRow(String id, String name, List<String> numbers, List<String> allowedAddresses,
        List<String> allowedNumbers, String authUsername, boolean passwordSet, boolean krisp, String mediaEncryption) {

    static InboundTrunkRow of(SIPInboundTrunkInfo trunk) {
        return new InboundTrunkRow(trunk.getSipTrunkId(), trunk.getName(), trunk.getNumbersList(), trunk.getAllowedAddressesList(),
                trunk.getAllowedNumbersList(), trunk.getAuthUsername(), !trunk.getAuthPassword().isEmpty(), trunk.getKrispEnabled(),
                SipWords.mediaEncryption(trunk.getMediaEncryption()));
    }
}
