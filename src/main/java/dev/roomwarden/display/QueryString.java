package dev.roomwarden.display;

import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

import org.springframework.web.util.UriUtils;

/** The query string of a link that shows a filtered list: each value encoded, absent ones left out, page 1 implied. */
public final class QueryString {

    private final StringJoiner parameters = new StringJoiner("&");

    public QueryString add(String name, Object value) {
        if (value != null) {
            parameters.add(name + "=" + UriUtils.encodeQueryParam(value.toString(), StandardCharsets.UTF_8));
        }
        return this;
    }

    public QueryString page(int page) {
        if (page > 1) {
            parameters.add("page=" + page);
        }
        return this;
    }

    /** "?room=support-1&page=2", or "" when nothing is set. */
    @Override
    public String toString() {
        return parameters.length() == 0 ? "" : "?" + parameters;
    }
}
