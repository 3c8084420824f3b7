package dev.roomwarden.input;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * How a LiveKit name travels in a URL path segment or a form field. LiveKit accepts any text as a room name
 * or identity, but some cannot reach a controller as a path segment: '.' and '..' are resolved away, and
 * ';', '\', control characters and U+2028/U+2029 are refused by Tomcat or the request firewall (on purpose:
 * SECURITY.md), and browsers rewrite line breaks in form fields. Those names, and names that start with
 * {@value #MARK}, travel as {@value #MARK} and the base64url of their UTF-8; every other name as it is, so
 * links to ordinary names read as before and old bookmarks keep working.
 */
public final class UrlNames {

    static final String MARK = "~";
    private static final Set<String> RESOLVED_AWAY = Set.of(".", "..");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private UrlNames() {
    }

    /** The name as a URL path segment or form field carries it (before percent-encoding). */
    public static String encode(String name) {
        return travelsAsItIs(name) ? name : MARK + ENCODER.encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The name a path segment or form field names. Only what {@link #encode} writes is decoded: any other
     * value, one that merely starts with {@value #MARK} included, is the name itself.
     */
    public static String decode(String value) {
        if (value == null || !value.startsWith(MARK) || value.length() == MARK.length()) {
            return value;
        }
        var name = decoded(value.substring(MARK.length()));
        return name != null && !travelsAsItIs(name) && encode(name).equals(value) ? name : value;
    }

    private static boolean travelsAsItIs(String name) {
        return name.isEmpty() || !name.startsWith(MARK) && !RESOLVED_AWAY.contains(name)
                && name.chars().noneMatch(UrlNames::cannotTravel);
    }

    private static boolean cannotTravel(int c) {
        return Character.isISOControl(c) || c == ';' || c == '\\' || c == '\u2028' || c == '\u2029';
    }

    private static String decoded(String base64) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(DECODER.decode(base64))).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }
}
