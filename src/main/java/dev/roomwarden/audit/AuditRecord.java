package dev.roomwarden.audit;

import java.time.Instant;

import dev.roomwarden.web.Paths;
import dev.roomwarden.web.Times;

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
        String clientAddress) {

    public String atExact() {
        return Times.exact(at);
    }

    public String atAgo() {
        return Times.ago(at, Instant.now());
    }

    public String roomPath() {
        return target.room() == null ? null : Paths.room(target.room());
    }
}
