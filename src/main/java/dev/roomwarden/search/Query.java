package dev.roomwarden.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;

/**
 * What staff typed, as search reads it: its words (a text matches when each of them starts one of the text's words)
 * or, for a query of digits written like a phone number, those digits anywhere in a phone-like value.
 */
record Query(String text, List<String> words, String digits) {

    static final int MIN_LENGTH = 2;
    static final int MAX_LENGTH = 100;
    private static final int MIN_DIGITS = 4;

    /** Null for a query too short to search (no words at all, or fewer than two characters). */
    static Query parse(String typed) {
        if (typed == null) {
            return null;
        }
        if (typed.length() > MAX_LENGTH) {
            throw new InvalidInputException("The search is too long: at most " + MAX_LENGTH + " characters. Nothing was searched.");
        }
        if (Text.hasControlCharacters(typed)) {
            throw new InvalidInputException("The search contains control characters. Nothing was searched.");
        }
        var text = typed.strip();
        var words = new ArrayList<String>();
        Terms.spans(text).forEach(span -> words.add(Terms.lower(text.substring(span.start(), span.end()))));
        if (text.length() < MIN_LENGTH || words.isEmpty()) {
            return null;
        }
        var digits = Terms.phoneLike(text) || text.chars().allMatch(Character::isDigit) ? Terms.digits(text) : "";
        return new Query(text, List.copyOf(words), digits.length() >= MIN_DIGITS ? digits : "");
    }

    /**
     * The prefixes to look up in search_term: the word most likely to be rare (one with digits, then the longest), the
     * whole query when it has more than one word, and the digits of a phone-like query.
     */
    Set<String> lookups() {
        var lookups = new LinkedHashSet<String>();
        lookups.add(words.stream().max(Comparator.comparing((String w) -> w.chars().anyMatch(Character::isDigit))
                .thenComparing(String::length)).orElseThrow());
        if (words.size() > 1) {
            lookups.add(Terms.lower(text).substring(0, Math.min(text.length(), Terms.MAX_TERM)));
        }
        if (!digits.isEmpty()) {
            lookups.add(digits);
        }
        return lookups;
    }

    /** The text in parts, its matches marked; null when it does not match. */
    Highlighted highlight(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        var marked = new boolean[value.length()];
        var spans = Terms.spans(value);
        var allWords = true;
        for (var word : words) {
            var found = false;
            for (var span : spans) {
                if (span.end() - span.start() >= word.length() && value.regionMatches(true, span.start(), word, 0, word.length())) {
                    found = true;
                    for (var i = span.start(); i < span.start() + word.length(); i++) {
                        marked[i] = true;
                    }
                }
            }
            allWords &= found;
        }
        var byDigits = !digits.isEmpty() && markDigits(value, spans, marked);
        if (!allWords && !byDigits) {
            return null;
        }
        return Highlighted.of(value, marked);
    }

    /** Marks the query's digits in a phone-like value, or in one run of seven digits or more. */
    private boolean markDigits(String value, List<Terms.Span> spans, boolean[] marked) {
        var runs = new ArrayList<Terms.Span>();
        if (Terms.phoneLike(value)) {
            runs.add(new Terms.Span(0, value.length()));
        }
        spans.stream().filter(span -> span.end() - span.start() >= 7 && Character.isDigit(value.charAt(span.start()))).forEach(runs::add);
        var found = false;
        for (var run : runs) {
            var positions = new ArrayList<Integer>();
            var digitsOfRun = new StringBuilder();
            for (var i = run.start(); i < run.end(); i++) {
                if (Character.isDigit(value.charAt(i))) {
                    positions.add(i);
                    digitsOfRun.append(value.charAt(i));
                }
            }
            var at = digitsOfRun.indexOf(digits);
            if (at >= 0) {
                found = true;
                for (var i = positions.get(at); i <= positions.get(at + digits.length() - 1); i++) {
                    marked[i] = true;
                }
            }
        }
        return found;
    }
}
