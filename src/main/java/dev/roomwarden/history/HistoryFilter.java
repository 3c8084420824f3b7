package dev.roomwarden.history;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

import dev.roomwarden.display.QueryString;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import dev.roomwarden.notes.Tags;

/**
 * What the history page shows, exactly as in its URL: {@code room} (the start of a room name, as LiveKit spells it),
 * {@code identity} (a participant's identity or name, exactly), {@code kind} ({@code agent} or {@code sip}),
 * {@code from} and {@code to} (dates the session started on, UTC, inclusive), {@code min} and {@code max}
 * (minutes a session that ended lasted), {@code tag} (a tag staff put on the session) and {@code page}.
 */
record HistoryFilter(String room, String identity, Kind kind, LocalDate from, LocalDate to, Integer min, Integer max, int page,
        String tag) {

    static final int PAGE_SIZE = 50;
    static final int MAX_PAGE = 10_000;
    /** A year of minutes: longer than any room LiveKit keeps. */
    static final int MAX_MINUTES = 525_600;

    /** Which sessions: those an agent was in, or a SIP caller. */
    enum Kind {
        AGENT, SIP;

        String parameter() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static HistoryFilter parse(String room, String identity, String kind, String from, String to, String min, String max,
            String page, String tag) {
        var fromDate = Text.filterDate(from, "from");
        var toDate = Text.filterDate(to, "to");
        if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
            throw new InvalidInputException("The 'from' date " + fromDate + " is after the 'to' date " + toDate + ".");
        }
        var shortest = minutes(min, "shortest");
        var longest = minutes(max, "longest");
        if (shortest != null && longest != null && shortest > longest) {
            throw new InvalidInputException("The shortest duration (" + shortest + " min) is longer than the longest (" + longest + " min).");
        }
        return new HistoryFilter(Text.filterText(room, "room", InsertOnce.MAX_NAME),
                Text.filterText(identity, "identity", InsertOnce.MAX_NAME),
                kind(kind), fromDate, toDate, shortest, longest, Text.pageNumber(page, MAX_PAGE), Tags.filter(tag));
    }

    Instant fromInstant() {
        return from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    Instant toInstantExclusive() {
        return to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public boolean isEmpty() {
        return room == null && identity == null && kind == null && from == null && to == null && min == null && max == null && tag == null;
    }

    /** The query string that shows this filter on {@code atPage} (1 = no page parameter), for links. */
    public String query(int atPage) {
        return new QueryString().add("room", room).add("identity", identity).add("kind", kind == null ? null : kind.parameter())
                .add("from", from).add("to", to).add("min", min).add("max", max).add("tag", tag).page(atPage).toString();
    }

    private static Kind kind(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (var kind : Kind.values()) {
            if (kind.parameter().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new InvalidInputException("Unknown kind '" + Text.abbreviate(value, 40) + "': the kind is agent or sip.");
    }

    private static Integer minutes(String value, String what) {
        var minutes = Text.wholeNumber(value, -1, 0, MAX_MINUTES,
                "The " + what + " duration is a whole number of minutes, from 0 to " + MAX_MINUTES + ".");
        return minutes < 0 ? null : minutes;
    }
}
