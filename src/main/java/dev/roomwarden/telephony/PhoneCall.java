package dev.roomwarden.telephony;

import java.time.Duration;
import java.util.regex.Pattern;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.input.Text;

/**
 * A number to dial into a room as staff asked for it, checked before LiveKit is asked: the outbound trunk, the number
 * (E.164: '+' and 7 to 15 digits), the participant it becomes, and whether to wait while it rings.
 */
public record PhoneCall(String trunkId, String number, String identity, String name, boolean waitUntilAnswered,
        Duration ringingTimeout) {

    public static final int DEFAULT_RINGING_SECONDS = 30;
    /**
     * LiveKit gives up on a waited call after 80 s (livekit-server pkg/service/sip.go), and Roomwarden waits 95 s for its
     * answer (LiveKitTransport.SIP_CALL_READ_TIMEOUT): a longer ringing could never end in the callee's answer.
     */
    public static final int MAX_RINGING_SECONDS = 80;

    private static final Pattern TRUNK_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SEPARATORS = Pattern.compile("[ \\u00a0().-]");
    private static final Pattern E164 = Pattern.compile("\\+\\d{7,15}");

    /** From the form as typed: a blank identity is LiveKit's own {@code sip_<number>}, a blank timeout the default. */
    public static PhoneCall of(String trunk, String number, String identity, String name, boolean wait, String ringingSeconds) {
        var trunkId = trunk == null ? "" : trunk.strip();
        if (trunkId.isEmpty()) {
            throw new InvalidInputException("Choose the outbound trunk to call through.");
        }
        if (!TRUNK_ID.matcher(trunkId).matches()) {
            throw new InvalidInputException("“" + Text.abbreviate(trunkId, 40) + "” is not a LiveKit trunk id (ST_…).");
        }
        var dialled = requireNumber(number);
        var who = identity == null || identity.isBlank() ? "sip_" + dialled : LiveKitNames.checkIdentity(identity.strip());
        if (Text.hasControlCharacters(who)) {
            throw new InvalidInputException("The participant identity contains control characters.");
        }
        var shownName = name == null || name.isBlank() ? "" : LiveKitNames.requireName(name.strip(), "display name");
        return new PhoneCall(trunkId, dialled, who, shownName, wait, Duration.ofSeconds(ringingSeconds(ringingSeconds)));
    }

    /** The number in E.164 ("+15551234567"): spaces, dots, dashes and parentheses as people write numbers are dropped. */
    static String requireNumber(String typed) {
        var value = typed == null ? "" : typed.strip();
        if (value.isEmpty()) {
            throw new InvalidInputException("Type the phone number to call, with + and the country code, e.g. +1 415 555 0123.");
        }
        var number = SEPARATORS.matcher(value).replaceAll("");
        if (!E164.matcher(number).matches()) {
            throw new InvalidInputException("“" + Text.abbreviate(value, 40) + "” is not a phone number LiveKit can call: write "
                    + "+, the country code and the number, 7 to 15 digits in all (spaces, dashes and parentheses are fine), "
                    + "e.g. +1 415 555 0123.");
        }
        return number;
    }

    private static int ringingSeconds(String typed) {
        if (typed == null || typed.isBlank()) {
            return DEFAULT_RINGING_SECONDS;
        }
        int seconds;
        try {
            seconds = Integer.parseInt(typed.strip());
        } catch (NumberFormatException e) {
            seconds = 0;
        }
        if (seconds < 1 || seconds > MAX_RINGING_SECONDS) {
            throw new InvalidInputException("The ringing timeout is a whole number of seconds from 1 to " + MAX_RINGING_SECONDS
                    + "; “" + Text.abbreviate(typed.strip(), 20) + "” is not.");
        }
        return seconds;
    }

    /** “sip_+15551234567” */
    public String quotedIdentity() {
        return "“" + identity + "”";
    }
}
