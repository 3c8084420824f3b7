package dev.roomwarden.keepouts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditOutcome;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.audit.BatchResult;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.input.Text;
import dev.roomwarden.display.Times;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The identities Roomwarden keeps out, in the database so that every instance enforces them and a restart forgets
 * none. Deciding and lifting are audited; {@link KeepOutEnforcer} removes a kept-out identity each time it joins.
 */
@Service
public class KeepOuts {

    private final JdbcClient jdbc;
    private final AuditLog auditLog;
    private final TransactionTemplate transactions;
    private final Clock clock;

    KeepOuts(JdbcClient jdbc, AuditLog auditLog, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.auditLog = auditLog;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Keeps {@code identity} out of {@code room} (or of every room) as the form chose ({@link KeepOutChoice}); the
     * decision's audit record and the keep-out are written together. It does not remove them now: the remove action
     * that goes with it does.
     */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.KEEP_OUT, room = "room", participant = "identity", reason = "reason")
    public KeepOut keepOut(String room, String identity, String keepOutFor, String keepOutOf, String reason) {
        return decide(room, List.of(identity), keepOutFor, keepOutOf, reason).get(0);
    }

    /** The same for each of several identities, with one confirmation: all are checked first, then all kept out, or none. */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.KEEP_OUT, room = "room", reason = "reason")
    public List<KeepOut> keepOutAll(String room, List<String> identities, String keepOutFor, String keepOutOf, String reason) {
        return decide(room, identities, keepOutFor, keepOutOf, reason);
    }

    private List<KeepOut> decide(String room, List<String> identities, String keepOutFor, String keepOutOf, String reason) {
        LiveKitNames.checkRoomName(room);
        identities.forEach(LiveKitNames::checkIdentity);
        var choice = KeepOutChoice.parse(keepOutFor, keepOutOf)
                .orElseThrow(() -> new InvalidInputException("Choose how long to keep them out. Nothing was done."));
        var now = clock.instant();
        var endsAt = choice.endsAt(now);
        var scope = choice.everyRoom() ? null : room;
        var who = SecurityContextHolder.getContext().getAuthentication().getName();
        var detail = "keep out of " + (scope == null ? "every room" : "this room") + " " + choice.words()
                + (endsAt == null ? "" : " (until " + Times.exact(endsAt) + ")");
        return transactions.execute(status -> identities.stream().map(identity -> {
            var batchId = BatchResult.newBatchId();
            var auditId = auditLog.record(AuditAction.KEEP_OUT, AuditTarget.participant(room, identity), reason, AuditOutcome.DONE,
                    detail, batchId);
            var keys = new GeneratedKeyHolder();
            jdbc.sql("""
                    INSERT INTO keep_out (participant, room, decided_at, decided_by, reason, ends_at, audit_id, batch_id)
                    VALUES (:identity, :room, :at, :by, :reason, :endsAt, :auditId, :batch)""")
                    .param("identity", identity).param("room", scope).param("at", Timestamp.from(now))
                    .param("by", Text.cut(who, 64)).param("reason", reason == null || reason.isBlank() ? null : reason)
                    .param("endsAt", endsAt == null ? null : Timestamp.from(endsAt)).param("auditId", auditId)
                    .param("batch", batchId)
                    .update(keys, "id");
            return new KeepOut(keys.getKey().longValue(), identity, scope, now, who, reason, endsAt, auditId, batchId);
        }).toList());
    }

    /** Lets the identity in again from now on; lifting one already lifted or expired is refused and changes nothing. */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.LIFT_KEEP_OUT, reason = "reason")
    public KeepOut lift(long id, String reason) {
        return transactions.execute(status -> {
            var keepOut = activeOrRefused(id);
            var who = SecurityContextHolder.getContext().getAuthentication().getName();
            var lifted = jdbc.sql("UPDATE keep_out SET lifted_at = ?, lifted_by = ?, lift_reason = ? WHERE id = ? AND lifted_at IS NULL")
                    .params(Timestamp.from(clock.instant()), Text.cut(who, 64), reason == null || reason.isBlank() ? null : reason, id)
                    .update();
            if (lifted != 1) {
                throw new InvalidInputException("This keep-out was lifted meanwhile. Nothing was changed.");
            }
            auditLog.record(AuditAction.LIFT_KEEP_OUT, AuditTarget.participant(keepOut.room(), keepOut.identity()), reason,
                    AuditOutcome.DONE, "kept out of " + keepOut.scope() + " " + keepOut.until() + " (audit record #"
                            + keepOut.auditId() + "); lifted", keepOut.batchId());
            return keepOut;
        });
    }

    /** The keep-out as it is now, for the lift confirmation: refused (400) when unknown, lifted or expired. */
    public KeepOut activeOrRefused(long id) {
        var row = jdbc.sql("SELECT * FROM keep_out WHERE id = ?").param(id).query(KeepOuts::map).optional();
        if (row.isEmpty()) {
            throw new InvalidInputException("There is no keep-out #" + id + ".");
        }
        var lifted = jdbc.sql("SELECT lifted_by FROM keep_out WHERE id = ? AND lifted_at IS NOT NULL").param(id).query(String.class)
                .optional();
        if (lifted.isPresent()) {
            throw new InvalidInputException("The keep-out of “" + row.get().identity() + "” was already lifted by " + lifted.get()
                    + ". Nothing was changed.");
        }
        if (!row.get().activeAt(clock.instant())) {
            throw new InvalidInputException("The keep-out of “" + row.get().identity() + "” has already ended. Nothing was changed.");
        }
        return row.get();
    }

    /** Every keep-out in force now, the newest first. */
    public List<KeepOut> active() {
        return jdbc.sql("SELECT * FROM keep_out WHERE lifted_at IS NULL AND (ends_at IS NULL OR ends_at > ?) ORDER BY decided_at DESC, id DESC")
                .param(Timestamp.from(clock.instant())).query(KeepOuts::map).list();
    }

    /** The keep-outs in force now in this room: its own and those of every room. */
    public List<KeepOut> activeIn(String room) {
        return jdbc.sql("""
                SELECT * FROM keep_out WHERE lifted_at IS NULL AND (ends_at IS NULL OR ends_at > ?) AND (room IS NULL OR room = ?)
                ORDER BY decided_at DESC, id DESC""")
                .params(Timestamp.from(clock.instant()), room).query(KeepOuts::map).list();
    }

    /** The keep-out in force now that keeps this identity out of this room, the oldest decided first (the same on every instance). */
    Optional<KeepOut> keepingOut(String identity, String room, Instant now) {
        return jdbc.sql("""
                SELECT * FROM keep_out WHERE participant = ? AND (room IS NULL OR room = ?) AND lifted_at IS NULL
                AND (ends_at IS NULL OR ends_at > ?) ORDER BY id LIMIT 1""")
                .params(identity, room, Timestamp.from(now)).query(KeepOuts::map).optional();
    }

    private static KeepOut map(ResultSet rs, int row) throws SQLException {
        var endsAt = rs.getTimestamp("ends_at");
        var auditId = rs.getLong("audit_id");
        var noAudit = rs.wasNull();
        return new KeepOut(rs.getLong("id"), rs.getString("participant"), rs.getString("room"), rs.getTimestamp("decided_at").toInstant(),
                rs.getString("decided_by"), rs.getString("reason"), endsAt == null ? null : endsAt.toInstant(),
                noAudit ? null : auditId, rs.getString("batch_id"));
    }
}
