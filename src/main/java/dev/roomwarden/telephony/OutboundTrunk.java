package dev.roomwarden.telephony;

import java.util.List;

import dev.roomwarden.phonenumbers.ShownNumbers;
import livekit.LivekitSip.SIPOutboundTrunkInfo;

/** An outbound trunk as the call dialog offers it: what staff choose by, never its credentials. */
public record OutboundTrunk(String id, String name, List<String> numbers) {

    static OutboundTrunk of(SIPOutboundTrunkInfo trunk) {
        return new OutboundTrunk(trunk.getSipTrunkId(), trunk.getName(), List.copyOf(trunk.getNumbersList()));
    }

    /** "carrier · +1 555 ••• ••00 (ST_…)": its name, the number LiveKit calls from, numbers as this viewer sees them. */
    public String label(ShownNumbers shown) {
        var from = numbers.isEmpty() ? "no number" : shown.shown(numbers.get(0))
                + (numbers.size() > 1 ? " and " + (numbers.size() - 1) + " more" : "");
        return (name.isBlank() ? id : shown.shown(name)) + " · " + from + (name.isBlank() ? "" : " (" + id + ")");
    }
}
