package dev.roomwarden.notes;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.roomwarden.input.InvalidInputException;

/**
 * A note's plain text as parts to render, each with th:text or th:href: text, and http/https links. Nothing in a
 * note is ever markup, so {@code <script>}, {@code javascript:} or a quote that would end an attribute stay text.
 */
public final class NoteText {

    public static final int MAX_LENGTH = 4_000;
    /** A URL ends at white space, a quote or an angle bracket, none of which a URL may hold unencoded. */
    private static final Pattern LINK = Pattern.compile("(?i)\\bhttps?://[^\\s\"'<>`]+");
    /** Punctuation that ends a sentence rather than a URL: "see https://x.example/a." */
    private static final String TRAILING = ".,;:!?)]}";

    private NoteText() {
    }

    /** A part of a note: text, or a link whose {@code href} is its text. */
    public record Part(String text, String href) {

        public boolean link() {
            return href != null;
        }
    }

    /**
     * The note as typed, checked: line breaks as \n, blank lines at its ends trimmed; refused with a sentence when
     * empty, longer than {@link #MAX_LENGTH} or holding a control character other than a line break or tab.
     */
    public static String check(String text) {
        var value = text == null ? "" : text.replace("\r\n", "\n").replace('\r', '\n').strip();
        if (value.isEmpty()) {
            throw new InvalidInputException("The note is empty. Write what the next shift should know.");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInputException("The note is too long: " + value.length() + " characters, at most " + MAX_LENGTH
                    + ". Nothing was saved.");
        }
        if (value.chars().anyMatch(c -> (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)) {
            throw new InvalidInputException("The note has a control character (other than a line break or tab). Nothing was saved.");
        }
        return value;
    }

    /** The note's parts in order; adjacent text is one part. */
    public static List<Part> parts(String text) {
        var parts = new ArrayList<Part>();
        var matcher = LINK.matcher(text);
        var at = 0;
        while (matcher.find()) {
            var url = matcher.group();
            var end = url.length();
            while (end > 0 && TRAILING.indexOf(url.charAt(end - 1)) >= 0 && !closes(url, end)) {
                end--;
            }
            url = url.substring(0, end);
            if (!linkable(url)) {
                continue;
            }
            if (matcher.start() > at) {
                parts.add(new Part(text.substring(at, matcher.start()), null));
            }
            parts.add(new Part(url, url));
            at = matcher.start() + url.length();
        }
        if (at < text.length()) {
            parts.add(new Part(text.substring(at), null));
        }
        return parts;
    }

    /** A ')' that closes a '(' inside the URL belongs to it (Wikipedia's "Foo_(bar)"). */
    private static boolean closes(String url, int end) {
        var last = url.charAt(end - 1);
        if (last != ')') {
            return false;
        }
        var prefix = url.substring(0, end);
        return prefix.chars().filter(c -> c == '(').count() >= prefix.chars().filter(c -> c == ')').count();
    }

    /** Only an absolute http or https URL with a host becomes a link. */
    private static boolean linkable(String url) {
        try {
            var uri = new URI(url);
            var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
