package dev.roomwarden.phonenumbers;

import dev.roomwarden.security.Role;

/**
 * Phone numbers as one member of staff sees them: in full, or masked because their role is below {@code shownTo}.
 * Templates pass every text that may hold a number through {@link #shown(String)}; links keep the real values.
 */
public record ShownNumbers(boolean masked, Role shownTo) {

    public static final ShownNumbers IN_FULL = new ShownNumbers(false, null);

    /** The text with its phone numbers masked, or as it is. */
    public String shown(String text) {
        return masked ? PhoneNumbers.maskedIn(text) : text;
    }

    /** The value of a participant attribute: LiveKit's number attributes are masked whole, the rest like any text. */
    public String attribute(String key, String value) {
        if (masked && PhoneNumbers.NUMBER_ATTRIBUTES.contains(key)) {
            return PhoneNumbers.masked(value);
        }
        return shown(value);
    }

    /** The honest sentence: why this viewer sees masked numbers. */
    public String why() {
        return masked ? "Phone numbers are masked: this Roomwarden shows them in full to " + roles() + " (setting "
                + "roomwarden.telephony.show-numbers-to)." : "";
    }

    private String roles() {
        return shownTo == Role.ADMIN ? "administrators only" : "moderators and administrators";
    }
}
