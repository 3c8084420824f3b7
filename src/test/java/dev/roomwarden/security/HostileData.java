package dev.roomwarden.security;

import java.util.List;

/**
 * An XSS corpus for names, identities, metadata and attributes that LiveKit clients control. Each
 * payload that ran would set {@code window.__xss}; none may.
 */
final class HostileData {

    static final List<String> PAYLOADS = List.of(
            "<script>window.__xss=1</script>",
            "\"><img src=x onerror=\"window.__xss=2\">",
            "'><svg onload=window.__xss=3>",
            "javascript:window.__xss=4",
            "<a href=\"javascript:window.__xss=5\">click</a>",
            "</textarea></title><script>window.__xss=6</script>",
            "<div style=\"background:url(javascript:window.__xss=7)\">",
            "[[${7*7}]] __${7*7}__ {{7*7}} ${T(java.lang.Runtime)}",
            "\u202Eevil\u202C txt.exe",
            "<!--", "<b>unclosed <i>tags",
            "hx-get=\"/rooms\" hx-trigger=\"load\"",
            "<iframe srcdoc=\"<script>parent.__xss=8</script>\">");

    /**
     * What LiveKit accepts in a room name or identity (any text up to 256 bytes) but a URL path does not carry
     * as it is: the firewall's and Tomcat's refusals, what browsers rewrite in form fields, and what paths resolve.
     */
    static final List<String> UNUSUAL_CHARACTERS = List.of(";", "\\", "\t", "\u007f", "\u2028", "\u2029", "\r\n", "\u0000",
            "\u0085", "/../", "%2F", "~");

    /** Whole names that a path resolves away, or that look like what Roomwarden writes for the names above. */
    static final List<String> UNUSUAL_NAMES = List.of(".", "..", "~dGVzdA", "~");

    /** A name with each unusual character in it (after {@code prefix}), then each unusual name. */
    static List<String> unusualNames(String prefix) {
        var names = new java.util.ArrayList<String>();
        UNUSUAL_CHARACTERS.forEach(c -> names.add(prefix + c + "x"));
        names.addAll(UNUSUAL_NAMES);
        return names;
    }

    /** Payloads fit for LiveKit names (at most 256 bytes). */
    static String name(int i) {
        return "x" + i + PAYLOADS.get(i % PAYLOADS.size());
    }

    private HostileData() {
    }
}
