package dev.roomwarden.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The words a value is found by: runs of letters or digits, split also where letters meet digits ("customer-41130":
 * customer, 41130), lower-cased; the whole lower-cased value; and for a phone-like value its digits and every
 * ending of them of four digits or more, so that "+1 555 0100" is found by 15550100, 5550100 and 0100.
 */
public final class Terms {

    /** The column's limit (V19). */
    static final int MAX_TERM = 200;
    private static final int SHORTEST_ENDING = 4;
    private static final Pattern PHONE_LIKE = Pattern.compile("[+\\d\\s().\\-/]*");

    /** Where one word of a text starts and ends. */
    record Span(int start, int end) {
    }

    private Terms() {
    }

    /** Every term of the value, as search_term keeps them. */
    public static Set<String> of(String value) {
        var terms = new LinkedHashSet<String>();
        if (value == null || value.isBlank()) {
            return terms;
        }
        for (var span : spans(value)) {
            var word = value.substring(span.start(), span.end());
            terms.add(cut(lower(word)));
            // A number inside a longer value, such as LiveKit's SIP identity "sip_+15550100", is found by its endings too.
            if (word.length() >= 7 && Character.isDigit(word.charAt(0))) {
                endings(word, terms);
            }
        }
        terms.add(cut(lower(value.strip())));
        if (phoneLike(value)) {
            endings(digits(value), terms);
        }
        return terms;
    }

    private static void endings(String digits, Set<String> terms) {
        for (var from = 0; from <= digits.length() - SHORTEST_ENDING; from++) {
            terms.add(cut(digits.substring(from)));
        }
    }

    /** The words of a text: runs of letters or of digits. */
    static List<Span> spans(String text) {
        var spans = new ArrayList<Span>();
        var start = -1;
        var kind = 0;
        for (var i = 0; i < text.length(); i++) {
            var c = text.charAt(i);
            var k = Character.isDigit(c) ? 1 : Character.isLetter(c) ? 2 : 0;
            if (k != kind) {
                if (kind != 0) {
                    spans.add(new Span(start, i));
                }
                start = i;
                kind = k;
            }
        }
        if (kind != 0) {
            spans.add(new Span(start, text.length()));
        }
        return spans;
    }

    /** Digits, spaces and + ( ) . - / only, with at least six digits: a phone number or something written like one. */
    static boolean phoneLike(String value) {
        return PHONE_LIKE.matcher(value).matches() && digits(value).length() >= 6;
    }

    static String digits(String value) {
        var digits = new StringBuilder();
        value.chars().filter(Character::isDigit).forEach(digits::appendCodePoint);
        return digits.toString();
    }

    static String lower(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    private static String cut(String term) {
        return term.length() > MAX_TERM ? term.substring(0, MAX_TERM) : term;
    }

    /** The first string after every one that starts with {@code prefix}, for a range on an index. */
    static String successor(String prefix) {
        var last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }
}
