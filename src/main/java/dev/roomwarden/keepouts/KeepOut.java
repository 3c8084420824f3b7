package dev.roomwarden.keepouts;

import java.time.Instant;

import dev.roomwarden.display.Times;

/**
 * An identity Roomwarden keeps out of one room ({@code room}), or of every room ({@code room} null), until
 * {@code endsAt} (null: until lifted); who decided, when and why, and the decision's audit record and batch.
 */
public record KeepOut(long id, String identity, String room, Instant decidedAt, String decidedBy, String reason, Instant endsAt,
        Long auditId, String batchId) {

    public boolean everyRoom() {
        return room == null;
    }

    /** “of every room”, “of “class-3”” */
    public String scope() {
        return everyRoom() ? "every room" : "“" + room + "”";
    }

    /** “until lifted”, “until 2026-12-02 05:12:00 UTC” */
    public String until() {
        return endsAt == null ? "until lifted" : "until " + Times.exact(endsAt);
    }

    /** “2026-12-02 05:12:00 UTC”, or “until lifted” */
    public String endsExact() {
        return endsAt == null ? "until lifted" : Times.exact(endsAt);
    }

    public String decidedAgo(Instant now) {
        return Times.ago(decidedAt, now);
    }

    public boolean activeAt(Instant now) {
        return endsAt == null || endsAt.isAfter(now);
    }
}
