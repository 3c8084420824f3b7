package dev.roomwarden.recordings;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;

/**
 * The file a recording is written to, on the egress worker's own storage: the configured template, or one staff
 * typed where that is allowed. A typed path stays inside the worker's output folder: relative, no "..".
 */
final class RecordingPath {

    static final int MAX_LENGTH = 500;

    private RecordingPath() {
    }

    /** The path to record to: {@code typed} when given (and allowed), else the configured template. */
    static String choose(RecordingProperties properties, String typed) {
        if (typed == null || typed.isBlank() || typed.strip().equals(properties.filePath())) {
            return properties.filePath();
        }
        if (!properties.allowTypedPath()) {
            throw new InvalidInputException("A file path of your own is not allowed here: recordings go to “"
                    + properties.filePath() + "” (roomwarden.recording.allow-typed-path is off).");
        }
        return check(typed.strip());
    }

    static String check(String path) {
        if (path.length() > MAX_LENGTH) {
            throw new InvalidInputException("The file path is too long: at most " + MAX_LENGTH + " characters.");
        }
        if (Text.hasControlCharacters(path)) {
            throw new InvalidInputException("The file path has a control character (a line break or a tab, say).");
        }
        // Absolute paths and URLs would write outside the worker's output folder, or to another storage.
        if (path.startsWith("/") || path.startsWith("\\") || path.startsWith("~") || path.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            throw new InvalidInputException("The file path must be relative to the egress worker's output folder, e.g. "
                    + "“recordings/{room_name}-{time}”; “" + Text.abbreviate(path, 80) + "” is not.");
        }
        for (var segment : path.split("[/\\\\]", -1)) {
            if (segment.equals("..")) {
                throw new InvalidInputException("The file path must not leave the egress worker's output folder: no “..”.");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                throw new InvalidInputException("The file path has an empty part (“//”, “/./” or a “/” at its end).");
            }
        }
        return path;
    }
}
