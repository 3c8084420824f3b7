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

    /** Payloads fit for LiveKit names (at most 256 bytes). */
    static String name(int i) {
        return "x" + i + PAYLOADS.get(i % PAYLOADS.size());
    }

    private HostileData() {
    }
}
