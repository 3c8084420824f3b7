package dev.roomwarden.participants;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Metadata;
import dev.roomwarden.input.Text;

/**
 * A participant's name, metadata and attributes as staff edited them. Attributes are written one per
 * line as {@code key = value}; the lines are the whole set (a key left out is removed).
 */
public record ParticipantEdit(String name, String metadata, Map<String, String> attributes) {

    static final int MAX_ATTRIBUTES_BYTES = 64 * 1024;

    static ParticipantEdit parse(String name, String metadata, String attributes) {
        var displayName = name == null ? "" : name.strip();
        if (!displayName.isEmpty()) {
            LiveKitNames.requireName(displayName, "participant name");
        }
        return new ParticipantEdit(displayName, Metadata.check(metadata), attributes(attributes));
    }

    private static Map<String, String> attributes(String text) {
        var attributes = new LinkedHashMap<String, String>();
        var lines = text == null ? new String[0] : text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            var line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            var equals = line.indexOf('=');
            var key = equals < 0 ? "" : line.substring(0, equals).strip();
            if (key.isEmpty()) {
                throw new InvalidInputException("Attributes, line " + (i + 1) + ": write one attribute a line, as key = value.");
            }
            var value = line.substring(equals + 1).strip();
            if (Text.hasControlCharacters(key + value)) {
                throw new InvalidInputException("Attributes, line " + (i + 1) + ": control characters are not allowed.");
            }
            attributes.put(key, value);
        }
        var bytes = attributes.entrySet().stream().mapToInt(e -> (e.getKey() + e.getValue()).getBytes(StandardCharsets.UTF_8).length).sum();
        if (bytes > MAX_ATTRIBUTES_BYTES) {
            throw new InvalidInputException("The attributes are too large: " + (bytes + 1023) / 1024 + " KiB; at most "
                    + MAX_ATTRIBUTES_BYTES / 1024 + " KiB.");
        }
        return attributes;
    }

    /** The editor's text of a set of attributes. */
    static String text(Map<String, String> attributes) {
        return attributes.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("\n"));
    }

    /** For the audit record. */
    String describe() {
        return "name: " + (name.isEmpty() ? "(unchanged)" : name) + "; metadata: " + (metadata.isEmpty() ? "(unchanged)" : metadata)
                + "; attributes: " + (attributes.isEmpty() ? "none" : text(attributes).replace("\n", ", "));
    }
}
