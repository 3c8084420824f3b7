package dev.roomwarden.input;

import java.nio.charset.StandardCharsets;


/** LiveKit's limits on names, checked before a name from a URL or form reaches LiveKit. */
public final class LiveKitNames {

    /** LiveKit's default limit for room names, participant identities and names, in bytes. */
    public static final int MAX_NAME_BYTES = 256;
    public static final int MAX_REASON_LENGTH = 500;

    private LiveKitNames() {
    }

    public static String requireRoomName(String name) {
        return require(name, "room name");
    }

    public static String requireIdentity(String identity) {
        return require(identity, "participant identity");
    }

    /**
     * The ticked names of a batch, each checked like one name, in the order given, without repeats;
     * at least one and at most {@code max}.
     */
    public static java.util.List<String> requireSelection(java.util.List<String> values, java.util.function.UnaryOperator<String> check,
            String nothingTicked, int max) {
        var names = values == null ? java.util.List.<String>of() : values.stream().map(check).distinct().toList();
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

    private static String require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("The " + what + " is empty.");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new InvalidInputException("The " + what + " is too long: LiveKit allows at most " + MAX_NAME_BYTES + " bytes.");
        }
        if (Text.hasControlCharacters(value)) {
            throw new InvalidInputException("The " + what + " contains control characters.");
        }
        return value;
    }
}
