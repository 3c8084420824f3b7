package dev.roomwarden.input;

import java.nio.charset.StandardCharsets;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Metadata as staff edit it: JSON is shown pretty-printed and checked before it goes to LiveKit (sent
 * compact); anything else is plain text. Both within a size staff are told about.
 */
public final class Metadata {

    public static final int MAX_BYTES = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Metadata() {
    }

    /** For the editor: JSON indented, anything else as it is. */
    public static String pretty(String metadata) {
        if (!looksLikeJson(metadata)) {
            return metadata;
        }
        try {
            return PRETTY.writeValueAsString(JSON.readTree(metadata));
        } catch (JacksonException e) {
            return metadata;
        }
    }

    /** What to send to LiveKit, or a clear refusal: invalid JSON (with where), or too large. */
    public static String check(String edited) {
        var text = edited == null ? "" : edited.strip();
        if (looksLikeJson(text)) {
            JsonNode tree;
            try {
                tree = JSON.readTree(text);
            } catch (JacksonException e) {
                var at = e.getLocation();
                throw new InvalidInputException("The metadata starts like JSON but is not valid JSON"
                        + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                        + ": " + e.getOriginalMessage() + ". Fix it, or write plain text that does not start with { or [.");
            }
            text = JSON.writeValueAsString(tree);
        }
        var bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new InvalidInputException("The metadata is too large: " + (bytes + 1023) / 1024 + " KiB; at most "
                    + MAX_BYTES / 1024 + " KiB.");
        }
        return text;
    }

    private static boolean looksLikeJson(String text) {
        var start = text.stripLeading();
        return start.startsWith("{") || start.startsWith("[");
    }
}
