package dev.roomwarden.display;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How times are shown: relative in tables, exact (UTC) on hover. */
public final class Times {

    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    public static String ago(Instant then, Instant now) {
        if (then == null || then.getEpochSecond() == 0) {
            return "unknown";
        }
        var seconds = Duration.between(then, now).toSeconds();
        if (seconds < 10) {
            return "just now";
        }
        if (seconds < 60) {
            return seconds + " s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h " + (seconds % 3600) / 60 + " min ago";
        }
        return seconds / 86_400 + " d ago";
    }

    public static String exact(Instant then) {
        return then == null || then.getEpochSecond() == 0 ? "" : EXACT.format(then);
    }

    /** LiveKit's Unix nanoseconds (egress, ingress, job times); null when LiveKit has not set it (0). */
    public static Instant fromNanos(long nanos) {
        return nanos > 0 ? Instant.ofEpochSecond(0, nanos) : null;
    }

    public static Instant fromMillisOrSeconds(long millis, long seconds) {
        return Instant.ofEpochMilli(epochMillis(millis, seconds));
    }

    /** LiveKit's time in milliseconds, or in seconds where an older server sends only those. */
    public static long epochMillis(long millis, long seconds) {
        return millis > 0 ? millis : seconds * 1000;
    }
}
