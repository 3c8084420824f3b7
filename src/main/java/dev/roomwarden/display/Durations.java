package dev.roomwarden.display;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Lengths of time in words, and an event's offset from its room's start. */
public final class Durations {

    private Durations() {
    }

    /**
     * From {@code from} to {@code to}, never below zero: LiveKit dates starts and joins in milliseconds and ends and
     * leaves in whole seconds, so a leave can look a fraction of a second earlier than its join.
     */
    public static Duration between(Instant from, Instant to) {
        if (from == null || to == null) {
            return null;
        }
        var duration = Duration.between(from, to);
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    /** "42 s", "3 min 05 s", "1 h 02 min 05 s"; under a second, "under 1 s". */
    public static String words(Duration duration) {
        if (duration == null) {
            return "";
        }
        var seconds = duration.toSeconds();
        if (seconds < 1) {
            return "under 1 s";
        }
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(java.util.Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(java.util.Locale.ROOT, "%d h %02d min %02d s", seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    }

    /**
     * "+02:05" or "+1:02:05" from the room's start, in whole seconds of both (LiveKit dates its events in whole
     * seconds and the room's start in milliseconds: counting from the start's second keeps the offsets in order).
     */
    public static String offset(Instant start, Instant at) {
        if (start == null || at == null) {
            return "";
        }
        var millis = Duration.between(start.truncatedTo(ChronoUnit.SECONDS), at.truncatedTo(ChronoUnit.SECONDS)).toMillis();
        var negative = millis <= -1000;
        var seconds = negative ? -millis / 1000 : Math.max(0, millis) / 1000;
        var sign = negative ? "−" : "+";
        if (seconds < 3600) {
            return String.format(java.util.Locale.ROOT, "%s%02d:%02d", sign, seconds / 60, seconds % 60);
        }
        return String.format(java.util.Locale.ROOT, "%s%d:%02d:%02d", sign, seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    }
}
