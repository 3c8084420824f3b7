package dev.roomwarden.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text from LiveKit clients as staff must read it: characters that change how the text around them reads
 * (bidirectional overrides and isolates, marks, control characters, line separators, invisible formatting)
 * are shown as a visible marker such as ⟨U+202E⟩ instead of acting, and each name with right-to-left text is
 * isolated from the text around it (templates put it in an element of its own direction). Without this, an anonymous login as
 * U+202E + "nimda" reads "admin" in the audit log.
 */
public final class LegibleText {

    /** A quoted name in a message built in Java: “support-1”. */
    private static final Pattern QUOTED = Pattern.compile("“([^“”]*)”");

    /** A run of text as it is, or ({@code marked}) the marker of one character that would act unseen. */
    public record Part(String text, boolean marked, String title) {
    }

    /** A run of a message: a quoted name that needs isolating ({@link #needsIsolation}) or the words around it. */
    public record Segment(boolean name, List<Part> parts) {
    }

    private LegibleText() {
    }

    /** The text in runs, with each character that would act unseen as its marker. */
    public static List<Part> parts(String text) {
        var parts = new ArrayList<Part>();
        if (text == null) {
            return parts;
        }
        var plain = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (actsUnseen(c)) {
                if (!plain.isEmpty()) {
                    parts.add(new Part(plain.toString(), false, null));
                    plain.setLength(0);
                }
                parts.add(new Part(marker(c), true, description(c)));
            } else {
                plain.appendCodePoint(c);
            }
        });
        if (!plain.isEmpty()) {
            parts.add(new Part(plain.toString(), false, null));
        }
        return parts;
    }

    /** A message built in Java, its quoted names apart from the words around them. */
    public static List<Segment> message(String text) {
        var segments = new ArrayList<Segment>();
        if (text == null) {
            return segments;
        }
        var quoted = QUOTED.matcher(text);
        var at = 0;
        while (quoted.find()) {
            segments.add(new Segment(false, parts(text.substring(at, quoted.start(1)))));
            segments.add(new Segment(needsIsolation(quoted.group(1)), parts(quoted.group(1))));
            at = quoted.end(1);
        }
        segments.add(new Segment(false, parts(text.substring(at))));
        return segments;
    }

    /**
     * Whether the text has right-to-left letters or digits, which would reorder the text around it unless
     * isolated. Without them (and with its formatting characters shown as markers) isolating it changes nothing.
     */
    public static boolean needsIsolation(String text) {
        return text != null && text.codePoints().anyMatch(c -> switch (Character.getDirectionality(c)) {
            case Character.DIRECTIONALITY_RIGHT_TO_LEFT, Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC,
                    Character.DIRECTIONALITY_ARABIC_NUMBER -> true;
            default -> false;
        });
    }

    /** "⟨U+202E⟩" */
    public static String marker(int c) {
        return "⟨U+" + String.format(Locale.ROOT, "%04X", c) + "⟩";
    }

    /**
     * Control characters, line and paragraph separators, and invisible formatting (bidi controls among them);
     * not the joiners and tag characters that emoji sequences are made of.
     */
    static boolean actsUnseen(int c) {
        var type = Character.getType(c);
        if (type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return true;
        }
        return type == Character.FORMAT && c != 0x200C && c != 0x200D && !(c >= 0xE0020 && c <= 0xE007F);
    }

    private static String description(int c) {
        var name = Character.getName(c);
        return "U+" + String.format(Locale.ROOT, "%04X", c) + (name == null ? "" : " " + name);
    }
}
