package dev.roomwarden.telephony;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import dev.roomwarden.phonenumbers.PhoneNumbers;

/**
 * Where a call is transferred to, as LiveKit's TransferSIPParticipant takes it: {@code tel:+15551234567} or
 * {@code sip:agent@pbx.example.com}. Checked here before LiveKit is asked, so that staff read a sentence instead of
 * LiveKit's "transfer_to must be a valid SIP(s) or TEL URI", and a typo does not ring somebody else.
 */
public record TransferTarget(String uri) {

    public static final int MAX_LENGTH = 256;
    private static final String EXAMPLES = "a phone number (+15551234567, sent as tel:+15551234567) or a SIP address "
            + "(sip:agent@pbx.example.com)";
    /** A number as people write it: '+', then digits, maybe grouped by spaces, dots, dashes or brackets. */
    private static final Pattern WRITTEN_NUMBER = Pattern.compile("\\+[\\d ().-]+");
    /** RFC 3261's user part without the characters that start parameters or headers (';', '?'). */
    private static final Pattern SIP_USER = Pattern.compile("[A-Za-z0-9._~+!$&'*=%-]{1,64}");
    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]{0,20}:.*");

    /** What staff typed, checked: a bare number becomes a {@code tel:} URI, every separator dropped. */
    public static TransferTarget parse(String typed) {
        var value = typed == null ? "" : typed.strip();
        if (value.isEmpty()) {
            throw new InvalidInputException("Type where to transfer the call: " + EXAMPLES + ".");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInputException("The address to transfer to is too long: at most " + MAX_LENGTH + " characters.");
        }
        if (Text.hasControlCharacters(value)) {
            throw new InvalidInputException("The address to transfer to has a line break or another control character: "
                    + "type it on one line.");
        }
        var lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tel:")) {
            return number(value.substring(4).strip(), value);
        }
        if (lower.startsWith("sip:")) {
            return sip(value.substring(4), value);
        }
        if (value.startsWith("+") || Character.isDigit(value.charAt(0)) || value.startsWith("(")) {
            return number(value, value);
        }
        if (SCHEME.matcher(lower).matches()) {
            var scheme = lower.substring(0, lower.indexOf(':') + 1);
            throw new InvalidInputException("A call cannot be transferred to a “" + Text.abbreviate(scheme, 24) + "” address: "
                    + "Roomwarden transfers to " + EXAMPLES + ".");
        }
        if (value.contains("@")) {
            throw new InvalidInputException("Write a SIP address with its scheme, as in sip:agent@pbx.example.com.");
        }
        throw new InvalidInputException("“" + Text.abbreviate(value, 60) + "” is neither " + EXAMPLES + ".");
    }

    private static TransferTarget number(String number, String typed) {
        if (!number.startsWith("+")) {
            throw new InvalidInputException("“" + Text.abbreviate(typed, 60) + "”: a phone number starts with + and its country "
                    + "code (E.164), as in +15551234567.");
        }
        var digits = number.replaceAll("[ ().-]", "").substring(1);
        if (!WRITTEN_NUMBER.matcher(number).matches() || digits.length() < 7 || digits.length() > 15 || !digits.matches("\\d+")) {
            throw new InvalidInputException("“" + Text.abbreviate(typed, 60) + "” is not a phone number: + and 7 to 15 digits, "
                    + "as in +15551234567.");
        }
        return new TransferTarget("tel:+" + digits);
    }

    private static TransferTarget sip(String address, String typed) {
        if (address.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidInputException("A SIP address has no spaces: write it as sip:agent@pbx.example.com.");
        }
        var at = address.indexOf('@');
        if (at < 0 || at != address.lastIndexOf('@')) {
            throw new InvalidInputException("“" + Text.abbreviate(typed, 60) + "” is not a SIP address: it needs one user and "
                    + "one host, as in sip:agent@pbx.example.com.");
        }
        var user = address.substring(0, at);
        if (!SIP_USER.matcher(user).matches()) {
            throw new InvalidInputException("The user part of “" + Text.abbreviate(typed, 60) + "” is not one LiveKit can send: "
                    + "letters, digits and . _ ~ + - (at most 64), as in sip:agent@pbx.example.com.");
        }
        return new TransferTarget("sip:" + user + "@" + host(address.substring(at + 1).toLowerCase(Locale.ROOT), typed));
    }

    /** A host name with a dot (pbx.example.com) or an IPv4 address, with an optional port; no parameters. */
    private static String host(String hostAndPort, String typed) {
        var refusal = "“" + Text.abbreviate(typed, 60) + "” does not name a host Roomwarden can check: write a host name such "
                + "as pbx.example.com or an IPv4 address, optionally with a port (:5060), and no parameters.";
        var host = hostAndPort;
        var colon = hostAndPort.lastIndexOf(':');
        if (colon >= 0) {
            host = hostAndPort.substring(0, colon);
            var port = hostAndPort.substring(colon + 1);
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new InvalidInputException(refusal);
            }
        }
        if (IPV4.matcher(host).matches()) {
            return hostAndPort;
        }
        var labels = host.split("\\.", -1);
        if (host.length() > 253 || labels.length < 2 || !labels[labels.length - 1].matches(".*[a-z].*")) {
            throw new InvalidInputException(refusal);
        }
        for (var label : labels) {
            if (!HOST_LABEL.matcher(label).matches()) {
                throw new InvalidInputException(refusal);
            }
        }
        return hostAndPort;
    }

    /** A phone number, not a SIP address. */
    public boolean phoneNumber() {
        return uri.startsWith("tel:");
    }

    /** The address with its phone numbers masked, for the audit log and log lines. */
    public String masked() {
        return PhoneNumbers.maskedIn(uri);
    }
}
