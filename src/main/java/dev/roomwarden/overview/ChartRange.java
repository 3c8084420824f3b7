package dev.roomwarden.overview;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;

/** What "How the day went" covers: the last 24 hours by the hour, or the last 7 days by the day, in UTC. */
enum ChartRange {
    LAST_24_HOURS("24h", "the last 24 hours", "hour", ChronoUnit.HOURS, 24, DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)),
    LAST_7_DAYS("7d", "the last 7 days", "day", ChronoUnit.DAYS, 7, DateTimeFormatter.ofPattern("EEE d", Locale.ROOT),
            DateTimeFormatter.ofPattern("yyyy-MM-dd (EEE)", Locale.ROOT));

    private final String parameter;
    private final String words;
    private final String bucketWord;
    private final ChronoUnit unit;
    private final int buckets;
    private final DateTimeFormatter shortLabel;
    private final DateTimeFormatter longLabel;

    ChartRange(String parameter, String words, String bucketWord, ChronoUnit unit, int buckets, DateTimeFormatter shortLabel,
            DateTimeFormatter longLabel) {
        this.parameter = parameter;
        this.words = words;
        this.bucketWord = bucketWord;
        this.unit = unit;
        this.buckets = buckets;
        this.shortLabel = shortLabel.withZone(ZoneOffset.UTC);
        this.longLabel = longLabel.withZone(ZoneOffset.UTC);
    }

    /** The {@code range} parameter of /overview: none means the last 24 hours. */
    static ChartRange parse(String value) {
        if (value == null || value.isBlank()) {
            return LAST_24_HOURS;
        }
        for (var range : values()) {
            if (range.parameter.equals(value.strip())) {
                return range;
            }
        }
        throw new InvalidInputException("There is no range “" + Text.abbreviate(value, 40)
                + "”: the charts cover 24h (the last 24 hours) or 7d (the last 7 days).");
    }

    public String parameter() {
        return parameter;
    }

    /** "the last 24 hours". */
    public String words() {
        return words;
    }

    /** "hour" or "day": what one bar counts. */
    String bucketWord() {
        return bucketWord;
    }

    Duration bucketLength() {
        return unit.getDuration();
    }

    /** The start of each bucket, oldest first; the last one holds {@code now} (so far). */
    List<Instant> bucketsUntil(Instant now) {
        var last = now.truncatedTo(unit);
        var starts = new ArrayList<Instant>(buckets);
        for (int i = buckets - 1; i >= 0; i--) {
            starts.add(last.minus(bucketLength().multipliedBy(i)));
        }
        return starts;
    }

    /** The label under a bar: "13:00", "Thu 3". */
    String shortLabel(Instant bucket) {
        return shortLabel.format(bucket);
    }

    /** The label in the table: "2026-12-03 13:00", "2026-12-03 (Thu)". */
    String longLabel(Instant bucket) {
        return longLabel.format(bucket);
    }

    /** Every sixth hour or every day carries its label on the axis, so that labels never collide. */
    boolean labelled(Instant bucket) {
        return this == LAST_7_DAYS || bucket.atZone(ZoneOffset.UTC).getHour() % 6 == 0;
    }
}
