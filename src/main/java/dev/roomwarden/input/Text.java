package dev.roomwarden.input;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** How text from people and from LiveKit is cut and checked, the same on every page and in every message. */
public final class Text {

    private static final int PREVIEW_LENGTH = 60;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Text() {
    }

    /** The value as it is when it has at most {@code max} characters, else its start and "…", {@code max} in all. */
    public static String abbreviate(String value, int max) {
        return value == null || value.length() <= max ? value : cut(value, max - 1) + "…";
    }

    /** What a table shows of a long value (metadata, attributes): one line, at most {@link #PREVIEW_LENGTH} characters. */
    public static String preview(String value) {
        return abbreviate(WHITESPACE.matcher(value).replaceAll(" ").strip(), PREVIEW_LENGTH);
    }

    /** At most the first {@code max} characters, without a mark: for a database column of that size. */
    public static String cut(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        // Half of a surrogate pair is no character at all (and PostgreSQL refuses it).
        return value.substring(0, max > 0 && Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max);
    }

    /** Whether the value has a C0 control character (line breaks and tabs included) or DEL, which LiveKit's names must not. */
    public static boolean hasControlCharacters(String value) {
        return value.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** A filter's text from a URL: blank is no filter; longer than {@code max} is refused with a message. */
    public static String filterText(String value, String what, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > max) {
            throw new InvalidInputException("The " + what + " filter is too long: at most " + max + " characters.");
        }
        return value.strip();
    }

    /** The start of a name for LIKE, escaped with a backslash (ESCAPE): its own %, _ and backslashes are characters, not wildcards. */
    public static String likePrefix(String start) {
        return start.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /** A filter's date from a URL (2026-11-25): blank is no filter; anything else is refused with a message. */
    public static LocalDate filterDate(String value, String what) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("The '" + what + "' date must look like 2026-11-25.");
        }
    }

    /** A page number from a URL: absent is the first page; anything but 1 to {@code max} is refused with a message. */
    public static int pageNumber(String value, int max) {
        return wholeNumber(value, 1, 1, max, "The page must be a number from 1.");
    }

    /**
     * A whole number from a URL or form: absent is {@code whenAbsent}; anything but {@code min} to {@code max}
     * is refused with {@code refusal}.
     */
    public static int wholeNumber(String value, int whenAbsent, int min, int max, String refusal) {
        if (value == null || value.isBlank()) {
            return whenAbsent;
        }
        try {
            var number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // the message below
        }
        throw new InvalidInputException(refusal);
    }
}
