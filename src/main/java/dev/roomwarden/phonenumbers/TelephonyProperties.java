package dev.roomwarden.phonenumbers;

import dev.roomwarden.security.Permissions;
import dev.roomwarden.security.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Telephony (LiveKit SIP). {@code showNumbersTo}: the lowest role that sees callers' and trunks' phone numbers in
 * full; staff below it see them masked ("+1 555 ••• ••67") on the room page, its live updates, history and exports.
 */
@ConfigurationProperties("roomwarden.telephony")
public record TelephonyProperties(@DefaultValue("MODERATOR") Role showNumbersTo) {

    public TelephonyProperties {
        if (showNumbersTo == null) {
            throw new IllegalArgumentException("roomwarden.telephony.show-numbers-to must be VIEWER, MODERATOR or ADMIN");
        }
    }

    /** How phone numbers are shown to a member of staff with these permissions. */
    public ShownNumbers numbersFor(Permissions can) {
        return can.atLeast(showNumbersTo) ? ShownNumbers.IN_FULL : new ShownNumbers(true, showNumbersTo);
    }
}
