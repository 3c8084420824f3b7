package dev.roomwarden.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A text in parts, those that matched the query marked; each part is rendered with th:text, so nothing is markup. */
public record Highlighted(List<Part> parts) {

    public record Part(String text, boolean mark) {
    }

    static Highlighted of(String value, boolean[] marked) {
        var parts = new ArrayList<Part>();
        var from = 0;
        for (var i = 1; i <= value.length(); i++) {
            if (i == value.length() || marked[i] != marked[from]) {
                parts.add(new Part(value.substring(from, i), marked[from]));
                from = i;
            }
        }
        return new Highlighted(List.copyOf(parts));
    }

    /** Not highlighted: shown as it is. */
    static Highlighted plain(String value) {
        return new Highlighted(value == null || value.isEmpty() ? List.of() : List.of(new Part(value, false)));
    }

    /** At most {@code max} characters around the first match, "…" where text was left out. */
    Highlighted around(int max) {
        var text = text();
        if (text.length() <= max) {
            return this;
        }
        var marked = new boolean[text.length()];
        var at = 0;
        var first = -1;
        for (var part : parts) {
            if (part.mark()) {
                first = first < 0 ? at : first;
                Arrays.fill(marked, at, at + part.text().length(), true);
            }
            at += part.text().length();
        }
        var from = Math.max(0, Math.min(first - max / 4, text.length() - max));
        var to = Math.min(text.length(), from + max);
        var cut = of(text.substring(from, to), Arrays.copyOfRange(marked, from, to));
        var cutParts = new ArrayList<Part>();
        if (from > 0) {
            cutParts.add(new Part("…", false));
        }
        cutParts.addAll(cut.parts());
        if (to < text.length()) {
            cutParts.add(new Part("…", false));
        }
        return new Highlighted(List.copyOf(cutParts));
    }

    public String text() {
        return String.join("", parts.stream().map(Part::text).toList());
    }
}
