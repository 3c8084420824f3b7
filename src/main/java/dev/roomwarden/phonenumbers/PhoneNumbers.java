package dev.roomwarden.phonenumbers;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masking of phone numbers for staff below {@link TelephonyProperties#showNumbersTo()}, for Roomwarden's log lines and
 * for the audit records of telephony actions: "+15551234567" becomes "+1 555 ••• ••67" (country code, three digits,
 * the last two).
 */
public final class PhoneNumbers {

    /** LiveKit's participant attributes that hold a number (protocol:rpc/sip.go). */
    static final Set<String> NUMBER_ATTRIBUTES = Set.of("sip.phoneNumber", "sip.trunkPhoneNumber");

    /**
     * E.164-looking numbers ('+' and 7 to 15 digits, also written in groups: "+1 (415) 555-0123"), and the digits LiveKit
     * puts after "sip_" (identity), "Phone " (name), "tel:" and "sip:" even without the '+'.
     */
    private static final Pattern NUMBER = Pattern.compile("(?:(?<=sip_)|(?<=Phone )|(?<=tel:)|(?<=sips?:))\\+?\\d{7,15}(?!\\d)"
            + "|(?<!\\d)\\+\\d(?:[ ().-]{0,2}\\d){6,14}(?!\\d)");

    /** ITU-T E.164 country codes of one and two digits; all others have three. */
    private static final Set<String> SHORT_COUNTRY_CODES = Set.of("1", "7", "20", "27", "30", "31", "32", "33", "34", "36", "39",
            "40", "41", "43", "44", "45", "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62",
            "63", "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98");

    private static final char HIDDEN = '•';

    private PhoneNumbers() {
    }

    /** Every phone number in the text masked; the rest as it is (null stays null). */
    public static String maskedIn(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return NUMBER.matcher(text).replaceAll(match -> Matcher.quoteReplacement(masked(match.group())));
    }

    /**
     * One number masked: with a '+', its country code stays; then up to three digits and the last two, every other
     * digit a dot. A value without digits (LiveKit's "anonymous" caller) stays as it is.
     */
    public static String masked(String number) {
        if (number == null) {
            return null;
        }
        var digits = number.replaceAll("\\D", "");
        if (digits.isEmpty()) {
            return number;
        }
        var international = number.strip().startsWith("+");
        var country = international ? countryCode(digits) : "";
        var national = digits.substring(country.length());
        var head = Math.max(0, Math.min(3, national.length() - 7));
        var tail = national.length() >= 4 ? 2 : 0;
        var hidden = String.valueOf(HIDDEN).repeat(national.length() - head - tail) + national.substring(national.length() - tail);
        var grouped = hidden.length() > 4 ? hidden.substring(0, hidden.length() - 4) + " " + hidden.substring(hidden.length() - 4) : hidden;
        return (international ? "+" + country + " " : "") + (head > 0 ? national.substring(0, head) + " " : "") + grouped;
    }

    private static String countryCode(String digits) {
        for (int length = 1; length <= 2; length++) {
            if (digits.length() > length && SHORT_COUNTRY_CODES.contains(digits.substring(0, length))) {
                return digits.substring(0, length);
            }
        }
        return digits.substring(0, Math.min(3, digits.length() - 1));
    }
}
