package dev.roomwarden.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import dev.roomwarden.display.QueryString;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;

/**
 * What the audit page shows, exactly as in its URL: {@code user}, {@code action}, {@code room},
 * {@code outcome}, {@code from} and {@code to} (dates, UTC, inclusive), {@code batch} (the actions taken
 * together) and {@code page}.
 */
public record AuditFilter(String user, AuditAction action, String room, AuditOutcome outcome, LocalDate from,
        LocalDate to, String batch, int page) {

    public static final int PAGE_SIZE = 50;
    static final int MAX_PAGE = 100_000;

    public static AuditFilter parse(String user, String action, String room, String outcome, String from, String to,
            String batch, String page) {
        return new AuditFilter(Text.filterText(user, "user", 64), parseEnum(AuditAction.class, action, "action"),
                Text.filterText(room, "room", 256), parseEnum(AuditOutcome.class, outcome, "outcome"), Text.filterDate(from, "from"),
                Text.filterDate(to, "to"), batch(batch), Text.pageNumber(page, MAX_PAGE));
    }

    private static String batch(String value) {
        var batch = Text.filterText(value, "batch", 40);
        if (batch != null && !batch.matches("[0-9a-f-]{1,40}")) {
            throw new InvalidInputException("The batch filter is a batch id from the audit log, like 3f2a9c1e-….");
        }
        return batch;
    }

    public Instant fromInstant() {
        return from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public Instant toInstantExclusive() {
        return to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The query string that shows this filter on {@code page} (1 = no page parameter), for links. */
    public String query(int atPage) {
        return new QueryString().add("user", user).add("action", action == null ? null : action.name()).add("room", room)
                .add("outcome", outcome == null ? null : outcome.name())
                .add("from", from).add("to", to).add("batch", batch).page(atPage).toString();
    }

    public boolean isEmpty() {
        return user == null && action == null && room == null && outcome == null && from == null && to == null && batch == null;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String what) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Unknown " + what + " '" + Text.abbreviate(value, 40) + "'.");
        }
    }
}
