package dev.roomwarden.audit;

import java.time.Instant;

import dev.roomwarden.display.Times;
import dev.roomwarden.display.Paths;

/** One line of the audit log. */
public record AuditRecord(
        long id,
        Instant at,
        String username,
        String role,
        AuditAction action,
        AuditTarget target,
        String reason,
        AuditOutcome outcome,
        String detail,
        String clientAddress,
        String batchId) {

    /** The first part of the batch id, enough to tell batches apart on the page. */
    public String batchShort() {
        return batchId == null ? null : batchId.substring(0, Math.min(8, batchId.length()));
    }

    public String atExact() {
        return Times.exact(at);
    }

    public String atAgo(Instant now) {
        return Times.ago(at, now);
    }

    public String roomPath() {
        return target.room() == null ? null : Paths.room(target.room());
    }
}
