package dev.roomwarden.telephony;

import java.util.List;

import livekit.LivekitSip.SIPOutboundTrunkInfo;

/** An outbound trunk as staff see it on /telephony: without its password (only whether one is set). */
public record OutboundTrunkRow(String id, String name, String address, String transport, List<String> numbers,
        String authUsername, boolean passwordSet, String mediaEncryption) {

    static OutboundTrunkRow of(SIPOutboundTrunkInfo trunk) {
        return new OutboundTrunkRow(trunk.getSipTrunkId(), trunk.getName(), trunk.getAddress(), SipWords.transport(trunk.getTransport()),
                trunk.getNumbersList(), trunk.getAuthUsername(), !trunk.getAuthPassword().isEmpty(),
                SipWords.mediaEncryption(trunk.getMediaEncryption()));
    }
}
