package dev.roomwarden.input;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;


/**
 * LiveKit's limits on names, checked before a name from a URL or form reaches LiveKit. Room names and
 * identities are held to what LiveKit itself refuses (empty, or longer than its default limit), nothing more:
 * staff must be able to act on every room and participant LiveKit has.
 */
public final class LiveKitNames {

    /** LiveKit's default limit for room names, participant identities and names, in bytes. */
    public static final int MAX_NAME_BYTES = 256;
    public static final int MAX_REASON_LENGTH = 500;

    private LiveKitNames() {
    }

    /** The room a URL path segment or form field names ({@link UrlNames}), checked. */
    public static String requireRoomName(String fromRequest) {
        return checkRoomName(UrlNames.decode(fromRequest));
    }

    /** The participant a URL path segment or form field names ({@link UrlNames}), checked. */
    public static String requireIdentity(String fromRequest) {
        return checkIdentity(UrlNames.decode(fromRequest));
    }

    /** A room name as it is (typed for a new room, or already decoded), checked. */
    public static String checkRoomName(String name) {
        return withinLimits(name, "room name");
    }

    public static String checkIdentity(String identity) {
        return withinLimits(identity, "participant identity");
    }

    /**
     * The ticked names of a batch ({@link UrlNames}), in the order given, without repeats; at least one and at
     * most {@code max}. Each name is checked on its turn, so that one bad name is that target's outcome alone.
     */
    public static java.util.List<String> requireSelection(java.util.List<String> values, String nothingTicked, int max) {
        var names = values == null ? java.util.List.<String>of() : values.stream().map(UrlNames::decode).distinct().toList();
        if (names.isEmpty()) {
            throw new InvalidInputException(nothingTicked);
        }
        if (names.size() > max) {
            throw new InvalidInputException("At most " + max + " can be handled at once; " + names.size() + " were ticked.");
        }
        return names;
    }

    /** The optional reason staff give for an action: trimmed, at most {@link #MAX_REASON_LENGTH} characters. */
    public static String reason(String reason) {
        var trimmed = reason == null ? "" : reason.strip();
        if (trimmed.length() > MAX_REASON_LENGTH) {
            throw new InvalidInputException("The reason is too long: at most " + MAX_REASON_LENGTH + " characters.");
        }
        return trimmed;
    }

    /** A LiveKit sid from a form or URL (RM_..., PA_...), or null when absent. */
    /** LiveKit's room sids: RM_ and letters or digits (tests and older servers also use '-' and '_'); history's column limit. */
    private static final Pattern ROOM_SID = Pattern.compile("RM_[A-Za-z0-9_-]{1,61}");

    /** A room session's sid from a URL (the timeline's, its notes' and tags'), refused with a sentence when it is none. */
    public static String requireRoomSid(String value) {
        if (value == null || !ROOM_SID.matcher(value).matches()) {
            throw new InvalidInputException("“" + Text.abbreviate(String.valueOf(value), 40) + "” is not a LiveKit room sid (RM_ followed by up to 61 "
                    + "letters, digits, '-' or '_').");
        }
        return value;
    }

    public static String sid(String sid) {
        if (sid == null || sid.isBlank()) {
            return null;
        }
        if (!sid.matches("[A-Za-z]{2}_[A-Za-z0-9]{1,36}")) {
            throw new InvalidInputException("The sid '" + Text.abbreviate(sid, 40) + "' is not a LiveKit sid.");
        }
        return sid;
    }

    /** Any other name LiveKit keeps (a participant's display name): the same limits. */
    public static String requireName(String value, String what) {
        return require(value, what);
    }

    private static String withinLimits(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException("The " + what + " is empty.");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new InvalidInputException("The " + what + " is too long: LiveKit allows at most " + MAX_NAME_BYTES + " bytes.");
        }
        return value;
    }

    private static String require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("The " + what + " is empty.");
        }
        withinLimits(value, what);
        if (Text.hasControlCharacters(value)) {
            throw new InvalidInputException("The " + what + " contains control characters.");
        }
        return value;
    }
}
