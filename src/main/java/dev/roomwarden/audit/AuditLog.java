package dev.roomwarden.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.roomwarden.input.Text;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who did what, when, why, and what came of it. Actions on LiveKit are recorded before they are
 * carried out ({@link #perform}): if the record cannot be written, nothing happens. An action LiveKit did
 * not answer in time is recorded as {@link AuditOutcome#UNKNOWN} and settled once LiveKit has been re-read.
 */
@Service
public class AuditLog implements DisposableBean {

    private static final int MAX_DETAIL = 300;
    private static final int MAX_REASON = 500;
    static final String CHECKING = "outcome unknown: LiveKit did not answer in time; checking with LiveKit";
    static final String CANNOT_CHECK = "outcome unknown: LiveKit did not answer in time, and this cannot be checked afterwards";
    static final String CONFIRMED = "done, confirmed after a timeout";
    /** What staff read when LiveKit did not answer an action in time, and Roomwarden re-reads LiveKit to find out. */
    public static final String CHECKING_MESSAGE = "LiveKit did not answer in time; Roomwarden is checking whether it was done. "
            + "The audit log will show the outcome.";
    public static final String CANNOT_CHECK_MESSAGE = "LiveKit did not answer in time, so Roomwarden cannot tell whether it was done; "
            + "it may still take effect.";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ApplicationEventPublisher events;
    private final Rechecks rechecks;

    AuditLog(JdbcClient jdbc, Clock clock, MeterRegistry meters, AuditProperties properties, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.meters = meters;
        this.events = events;
        this.rechecks = new Rechecks(properties.recheckAfter(), this::settle);
    }

    /** An audit record about this room got its outcome later (after a timeout): its open pages show it. */
    public record Settled(String room) {
    }

    /** Records the attempt, runs the LiveKit call, and records what LiveKit answered. */
    public ActionOutcome perform(AuditAction action, AuditTarget target, String reason, Supplier<ActionOutcome> call) {
        return perform(action, target, reason, null, call);
    }

    /** The same, with what exactly the action touched ({@code detail}, e.g. a track), kept in every outcome. */
    public ActionOutcome perform(AuditAction action, AuditTarget target, String reason, String detail,
            Supplier<ActionOutcome> call) {
        return perform(action, target, reason, detail, null, call);
    }

    /** The same, for one target of a batch: every record of the batch carries its {@code batchId}. */
    public ActionOutcome perform(AuditAction action, AuditTarget target, String reason, String detail, String batchId,
            Supplier<ActionOutcome> call) {
        return perform(action, target, reason, detail, batchId, call, null);
    }

    /**
     * The same, for an action that can be checked afterwards: when LiveKit does not answer in time, the record
     * says the outcome is unknown, and {@code recheck} reads LiveKit in the background until it is settled.
     */
    public ActionOutcome perform(AuditAction action, AuditTarget target, String reason, String detail, String batchId,
            Supplier<ActionOutcome> call, Recheck recheck) {
        return perform(currentUser(), action, target, reason, detail, batchId, call, recheck, () -> detail);
    }

    /**
     * One action of several LiveKit calls, recorded once: {@code detailAtEnd} says, when it has ended (done or
     * failed), what came of each step, and replaces {@code detail}.
     */
    public ActionOutcome performInSteps(AuditAction action, AuditTarget target, String reason, String detail,
            Supplier<ActionOutcome> call, Supplier<String> detailAtEnd) {
        return perform(currentUser(), action, target, reason, detail, null, call, null, detailAtEnd);
    }

    /**
     * The same for what Roomwarden does by itself, on a decision staff made earlier (a keep-out): recorded as done by
     * {@link #SYSTEM}, with no client address, whoever's request thread it runs on.
     */
    public ActionOutcome performAsSystem(AuditAction action, AuditTarget target, String reason, String detail, String batchId,
            Supplier<ActionOutcome> call) {
        return perform(new Who(SYSTEM, SYSTEM_ROLE), action, target, reason, detail, batchId, call, null, () -> detail);
    }

    private ActionOutcome perform(Who who, AuditAction action, AuditTarget target, String reason, String initialDetail,
            String batchId, Supplier<ActionOutcome> call, Recheck recheck, Supplier<String> detailAtEnd) {
        var id = insert(action, target, reason, AuditOutcome.PENDING, initialDetail, who, batchId);
        String detail = initialDetail;
        try {
            var outcome = call.get();
            detail = detailAtEnd.get();
            finish(id, action, outcome == ActionOutcome.DONE ? AuditOutcome.DONE : AuditOutcome.ALREADY_GONE, detail);
            return outcome;
        } catch (LiveKitException e) {
            detail = detailAtEnd.get();
            if (e.failure() == LiveKitFailure.TIMEOUT) {
                finish(id, action, AuditOutcome.UNKNOWN, joined(detail, recheck == null ? CANNOT_CHECK : CHECKING));
                if (recheck != null) {
                    rechecks.watch(id, recheck);
                }
                throw e.explained(recheck == null ? CANNOT_CHECK_MESSAGE : CHECKING_MESSAGE);
            }
            // LiveKit's own message too: it is what tells its refusals apart ("not implemented", "same as source room").
            finish(id, action, AuditOutcome.FAILED, joined(detail, e.failure() + (e.twirpCode() == null ? "" : " (" + e.twirpCode() + ")")
                    + (e.twirpMessage() == null ? "" : ": " + e.twirpMessage())));
            throw e;
        } catch (RuntimeException e) {
            detail = detailAtEnd.get();
            finish(id, action, AuditOutcome.FAILED, joined(detail, e.getClass().getSimpleName()));
            throw e;
        }
    }

    private static String joined(String detail, String failure) {
        return detail == null ? failure : detail + "; " + failure;
    }

    /** Records something that has happened, as the current user. */
    public void record(AuditAction action, AuditTarget target, String reason, AuditOutcome outcome, String detail) {
        record(action, target, reason, outcome, detail, null);
    }

    /** The same, for one target of a batch; returns the record's id. */
    public long record(AuditAction action, AuditTarget target, String reason, AuditOutcome outcome, String detail,
            String batchId) {
        return insert(action, target, reason, outcome, detail, currentUser(), batchId);
    }

    /** Records something done by or to someone who is not (yet) the logged-in user: logins, logouts. */
    public void recordFor(String username, String role, AuditAction action, AuditOutcome outcome, String detail) {
        insert(action, AuditTarget.account(username), null, outcome, detail, new Who(username, role), null);
    }

    private record Who(String username, String role) {
    }

    /** Who Roomwarden's own actions are recorded as: no staff username can have a space or brackets. */
    public static final String SYSTEM = "Roomwarden (system)";
    static final String SYSTEM_ROLE = "SYSTEM";

    private static Who currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            return new Who("anonymous", null);
        }
        return new Who(authentication.getName(), roleOf(authentication));
    }

    /** The highest role of an authentication, as it was at that moment. */
    public static String roleOf(Authentication authentication) {
        String best = null;
        for (var role : List.of("ADMIN", "MODERATOR", "VIEWER")) {
            if (authentication.getAuthorities().stream().anyMatch(a -> ("ROLE_" + role).equals(a.getAuthority()))) {
                best = role;
                break;
            }
        }
        return best;
    }

    /** The client address of work a request handed to another thread (that thread has no request). */
    private static final ThreadLocal<String> HANDED_ON_CLIENT = new ThreadLocal<>();

    private static String clientAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return attributes.getRequest().getRemoteAddr();
        }
        return HANDED_ON_CLIENT.get();
    }

    /** Work the current request hands to another thread, whose audit records keep the request's client address. */
    public static Runnable handedOn(Runnable work) {
        var address = clientAddress();
        return () -> {
            HANDED_ON_CLIENT.set(address);
            try {
                work.run();
            } finally {
                HANDED_ON_CLIENT.remove();
            }
        };
    }

    private long insert(AuditAction action, AuditTarget target, String reason, AuditOutcome outcome, String detail, Who who,
            String batchId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO audit_record (at, username, role, action, room, room_sid, participant, participant_sid, account,
                                          reason, outcome, detail, client_address, batch_id)
                VALUES (:at, :username, :role, :action, :room, :roomSid, :participant, :participantSid, :account,
                        :reason, :outcome, :detail, :client, :batch)""")
                .param("at", Timestamp.from(clock.instant()))
                .param("username", Text.cut(who.username(), 64))
                .param("role", who.role())
                .param("action", action.name())
                .param("room", Text.cut(target.room(), 256))
                .param("roomSid", Text.cut(target.roomSid(), 40))
                .param("participant", Text.cut(target.participant(), 256))
                .param("participantSid", Text.cut(target.participantSid(), 40))
                .param("account", Text.cut(target.account(), 64))
                .param("reason", reason == null || reason.isBlank() ? null : Text.cut(reason, MAX_REASON))
                .param("outcome", outcome.name())
                .param("detail", Text.cut(detail, MAX_DETAIL))
                .param("client", SYSTEM.equals(who.username()) ? null : clientAddress())
                .param("batch", batchId)
                .update(keys, "id");
        if (outcome != AuditOutcome.PENDING) {
            count(action, outcome);
        }
        return keys.getKey().longValue();
    }

    /** The outcome of an action LiveKit did not answer in time, from what LiveKit shows now; the record's room's pages follow. */
    private void settle(long id, Rechecks.Verdict verdict, Duration after) {
        var record = jdbc.sql("SELECT * FROM audit_record WHERE id = ? AND outcome = ?").params(id, AuditOutcome.UNKNOWN.name())
                .query(AuditLog::map).optional();
        if (record.isEmpty()) {
            return;
        }
        var detail = record.get().detail();
        var before = detail == null ? null : detail.replace("; " + CHECKING, "").replace(CHECKING, "");
        var now = switch (verdict) {
            case DONE -> AuditOutcome.DONE;
            case NOT_DONE -> AuditOutcome.FAILED;
            case UNREADABLE -> AuditOutcome.UNKNOWN;
        };
        var said = switch (verdict) {
            case DONE -> CONFIRMED;
            case NOT_DONE -> "not done: LiveKit did not answer in time, and had not done it " + after.toSeconds() + " s later";
            case UNREADABLE -> "outcome unknown: LiveKit did not answer in time, and could not be read " + after.toSeconds() + " s later";
        };
        var updated = jdbc.sql("UPDATE audit_record SET outcome = ?, detail = ? WHERE id = ? AND outcome = ?")
                .params(now.name(), Text.cut(before == null || before.isEmpty() ? said : before + "; " + said, MAX_DETAIL), id,
                        AuditOutcome.UNKNOWN.name())
                .update();
        if (updated == 1) {
            if (now != AuditOutcome.UNKNOWN) {
                count(record.get().action(), now);
            }
            if (record.get().target().room() != null) {
                events.publishEvent(new Settled(record.get().target().room()));
            }
        }
    }

    @Override
    public void destroy() {
        rechecks.close();
    }

    private void finish(long id, AuditAction action, AuditOutcome outcome, String detail) {
        jdbc.sql("UPDATE audit_record SET outcome = ?, detail = ? WHERE id = ?")
                .params(outcome.name(), Text.cut(detail, MAX_DETAIL), id)
                .update();
        count(action, outcome);
    }

    /** Every record that has its outcome, by action and outcome: what staff did and how it went, for monitoring. */
    private void count(AuditAction action, AuditOutcome outcome) {
        Counter.builder("roomwarden.staff.actions")
                .description("Audited staff actions (logins and account changes included), by outcome")
                .tags("action", action.name().toLowerCase(Locale.ROOT), "outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(meters)
                .increment();
    }

    /** One page of the records the filter selects, newest first, and whether there are more. */
    public AuditPage search(AuditFilter filter) {
        var records = query(filter, AuditFilter.PAGE_SIZE + 1, (filter.page() - 1) * AuditFilter.PAGE_SIZE);
        var more = records.size() > AuditFilter.PAGE_SIZE;
        return new AuditPage(filter, more ? records.subList(0, AuditFilter.PAGE_SIZE) : records, more);
    }

    /** Every record the filter selects (for export), newest first, at most {@code limit}. */
    public List<AuditRecord> all(AuditFilter filter, int limit) {
        return query(filter, limit, 0);
    }

    public List<AuditRecord> recentForRoom(String room, int limit) {
        return jdbc.sql("SELECT * FROM audit_record WHERE room = ? ORDER BY at DESC, id DESC LIMIT " + limit)
                .param(room)
                .query(AuditLog::map)
                .list();
    }

    /** What was done to the room or a participant in it from {@code from} to {@code to}, oldest first, at most {@code limit}. */
    public List<AuditRecord> forRoomBetween(String room, Instant from, Instant to, int limit) {
        return jdbc.sql("SELECT * FROM audit_record WHERE room = ? AND at >= ? AND at <= ? ORDER BY at, id LIMIT " + limit)
                .params(room, Timestamp.from(from), Timestamp.from(to))
                .query(AuditLog::map)
                .list();
    }

    /**
     * The oldest record of {@code action} from {@code from} to {@code to} whose detail begins with {@code id} (an
     * egress or ingress id, as those actions write it), followed by nothing or a space.
     */
    public Optional<AuditRecord> firstWithDetail(AuditAction action, String id, Instant from, Instant to) {
        var like = id.replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return jdbc.sql("""
                SELECT * FROM audit_record WHERE action = ? AND at >= ? AND at <= ? AND (detail = ? OR detail LIKE ? ESCAPE '!')
                ORDER BY at, id LIMIT 1""")
                .params(action.name(), Timestamp.from(from), Timestamp.from(to), id, like + " %")
                .query(AuditLog::map)
                .optional();
    }

    private List<AuditRecord> query(AuditFilter filter, int limit, int offset) {
        var where = new ArrayList<String>();
        var params = new ArrayList<Object>();
        if (filter.user() != null) {
            where.add("username = ?");
            params.add(filter.user());
        }
        if (filter.action() != null) {
            where.add("action = ?");
            params.add(filter.action().name());
        }
        if (filter.room() != null) {
            where.add("room = ?");
            params.add(filter.room());
        }
        if (filter.batch() != null) {
            where.add("batch_id = ?");
            params.add(filter.batch());
        }
        if (filter.outcome() != null) {
            where.add("outcome = ?");
            params.add(filter.outcome().name());
        }
        if (filter.fromInstant() != null) {
            where.add("at >= ?");
            params.add(Timestamp.from(filter.fromInstant()));
        }
        if (filter.toInstantExclusive() != null) {
            where.add("at < ?");
            params.add(Timestamp.from(filter.toInstantExclusive()));
        }
        var sql = "SELECT * FROM audit_record" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY at DESC, id DESC LIMIT " + limit + " OFFSET " + offset;
        return jdbc.sql(sql).params(params).query(AuditLog::map).list();
    }

    /** Failed logins of the last hour, by the name tried: how many, from how many client addresses. */
    public Map<String, FailedLogins> failedLoginsInTheLastHour() {
        var result = new LinkedHashMap<String, FailedLogins>();
        jdbc.sql("""
                SELECT account, COUNT(*) AS failures, COUNT(DISTINCT client_address) AS addresses FROM audit_record
                WHERE action = 'LOGIN_FAILED' AND at >= ? AND account IS NOT NULL GROUP BY account""")
                .param(Timestamp.from(clock.instant().minus(Duration.ofHours(1))))
                .query(rs -> {
                    result.put(rs.getString("account"), new FailedLogins(rs.getLong("failures"), rs.getLong("addresses")));
                });
        return result;
    }

    /** Deletes records older than the retention; returns how many. */
    public int pruneOlderThan(Instant cutoff) {
        return jdbc.sql("DELETE FROM audit_record WHERE at < ?").param(Timestamp.from(cutoff)).update();
    }

    static AuditRecord map(ResultSet rs, int row) throws SQLException {
        return new AuditRecord(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("username"),
                rs.getString("role"), AuditAction.valueOf(rs.getString("action")),
                new AuditTarget(rs.getString("room"), rs.getString("room_sid"), rs.getString("participant"),
                        rs.getString("participant_sid"), rs.getString("account")),
                rs.getString("reason"), AuditOutcome.valueOf(rs.getString("outcome")), rs.getString("detail"),
                rs.getString("client_address"), rs.getString("batch_id"));
    }

    public record AuditPage(AuditFilter filter, List<AuditRecord> records, boolean hasNext) {
    }
}
