package dev.roomwarden.overview;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditOutcome;
import dev.roomwarden.display.Times;
import dev.roomwarden.history.DisconnectReasons;
import livekit.LivekitEgress.EgressStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The attention rules, evaluated on the server every few seconds from what history, keep-outs and recordings stored
 * (the same for every instance on one database), whether anyone has the overview open. The latest result is what the
 * overview shows and what alerts notify; a change of it is published as {@link Changed}.
 */
@Component
public class NeedsAttention implements SchedulingConfigurer {

    /** The items now (acknowledged ones left out), newest first; published when the set of items changed. */
    public record Changed(List<AttentionItem> items) {
    }

    /** The window a kept-out identity's removals are counted in. */
    static final Duration RETURNING_WINDOW = Duration.ofMinutes(15);
    /** Acknowledgements are kept this long, well past any item they silence. */
    static final Duration ACK_KEPT = Duration.ofDays(8);
    private static final Set<String> NOT_PEOPLE = Set.of("AGENT", "EGRESS", "INGRESS");
    /** Why an agent leaves when nothing is wrong: by itself, its room ending or closing, a removal, a move. */
    private static final Set<String> NORMAL_ENDS = Set.of("CLIENT_INITIATED", "ROOM_DELETED", "ROOM_CLOSED", "PARTICIPANT_REMOVED",
            "MIGRATION", "DUPLICATE_IDENTITY");
    private static final List<String> FAILED_RECORDINGS = List.of(EgressStatus.EGRESS_FAILED.name(), EgressStatus.EGRESS_ABORTED.name());
    /** Room sids asked about in one statement. */
    private static final int CHUNK = 500;
    private static final Logger log = LoggerFactory.getLogger(NeedsAttention.class);

    private final JdbcClient jdbc;
    private final AttentionSettings settings;
    private final OverviewProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private volatile List<AttentionItem> latest = List.of();
    private volatile Instant evaluatedAt;

    NeedsAttention(JdbcClient jdbc, AttentionSettings settings, OverviewProperties properties, ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        var interval = properties.evaluateInterval();
        if (interval != null && !interval.isNegative() && !interval.isZero()) {
            registrar.addFixedDelayTask(this::scheduled, interval);
        }
    }

    private void scheduled() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            // The database: the last result stays, the next round tries again.
            log.warn("Evaluating the attention rules failed: {}", e.toString());
        }
    }

    /** The items of the last evaluation, acknowledged ones left out, newest first. */
    public List<AttentionItem> current() {
        return latest;
    }

    /** When the rules were last evaluated (null: not yet). */
    public Instant evaluatedAt() {
        return evaluatedAt;
    }

    /** Evaluates every enabled rule now, keeps and returns the result, and publishes it if it changed. */
    public List<AttentionItem> evaluate() {
        return evaluateAt(clock.instant());
    }

    /** The same as of {@code now}: a test sees what a later evaluation would, without waiting for it. */
    public synchronized List<AttentionItem> evaluateAt(Instant now) {
        var rules = settings.all();
        var items = new ArrayList<AttentionItem>();
        for (var setting : rules.values()) {
            if (setting.enabled() && setting.rule().aboutARoom()) {
                items.addAll(evaluate(setting, now));
            }
        }
        var acknowledged = acknowledged(now);
        var open = items.stream().filter(item -> !acknowledged.contains(item.key()))
                .sorted(Comparator.comparing(AttentionItem::since).reversed().thenComparing(AttentionItem::key)).toList();
        var before = latest;
        latest = open;
        evaluatedAt = now;
        if (!keys(before).equals(keys(open))) {
            events.publishEvent(new Changed(open));
        }
        return open;
    }

    private static Set<String> keys(List<AttentionItem> items) {
        return items.stream().map(AttentionItem::key).collect(Collectors.toSet());
    }

    private List<AttentionItem> evaluate(AttentionSetting setting, Instant now) {
        return switch (setting.rule()) {
            case CUSTOMER_ALONE -> customersAlone(now.minus(setting.duration()));
            case AGENT_LEFT -> agentsLeft(now.minus(setting.duration()));
            case LONG_ROOM -> longRooms(now.minus(setting.duration()), setting);
            case KEPT_OUT_RETURNING -> keptOutReturning(now.minus(RETURNING_WINDOW), setting.threshold());
            case RECORDING_FAILED -> failedRecordings(now.minus(setting.duration()));
            case SIP_CALL_FAILED -> failedCalls(now.minus(setting.duration()));
            case LIVEKIT_UNREACHABLE, NO_WEBHOOK -> List.of();
        };
    }

    /** An open participant session in an open room. */
    private record Present(String roomSid, String room, String identity, String name, String kind, Instant joined) {
    }

    /**
     * Rooms whose one person (a participant who is not an agent, a recorder or an ingress) has had no agent and nobody
     * else with them since before the cutoff: since they joined, or since the last other participant left. Grouped
     * here rather than in SQL, and the rooms' ended sessions read by room: both use an index on every database.
     */
    private List<AttentionItem> customersAlone(Instant cutoff) {
        var byRoom = new LinkedHashMap<String, List<Present>>();
        jdbc.sql("""
                SELECT p.room_sid, r.room_name, p.identity, p.name, p.kind, p.joined_at FROM room_session r
                JOIN participant_session p ON p.room_sid = r.room_sid
                WHERE r.ended_at IS NULL AND p.left_at IS NULL""")
                .query((rs, row) -> new Present(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()))
                .list().forEach(present -> byRoom.computeIfAbsent(present.roomSid(), sid -> new ArrayList<>()).add(present));
        var alone = new HashMap<String, Present>();
        byRoom.forEach((sid, present) -> {
            var people = present.stream().filter(p -> p.kind() == null || !NOT_PEOPLE.contains(p.kind())).toList();
            if (people.size() == 1 && present.stream().noneMatch(p -> "AGENT".equals(p.kind()))) {
                alone.put(sid, people.get(0));
            }
        });
        var lastLeft = new HashMap<String, Instant>();
        eachSessionOf(alone.keySet(), (roomSid, kind, left) -> {
            if (left != null && !"EGRESS".equals(kind) && !"INGRESS".equals(kind)) {
                lastLeft.merge(roomSid, left, (one, other) -> one.isAfter(other) ? one : other);
            }
        });
        var items = new ArrayList<AttentionItem>();
        alone.forEach((sid, person) -> {
            var since = person.joined();
            var left = lastLeft.get(sid);
            if (since == null || (left != null && left.isAfter(since))) {
                since = left;
            }
            if (since != null && !since.isAfter(cutoff)) {
                items.add(AttentionItem.of(AttentionRule.CUSTOMER_ALONE, person.room(), sid, person.identity(), since,
                        person(person.identity(), person.name(), person.kind()) + " is alone in the room: no agent and nobody else with them."));
            }
        });
        return items;
    }

    private static String person(String identity, String name, String kind) {
        var who = name == null || name.isBlank() || name.equals(identity) ? "“" + identity + "”" : name + " (“" + identity + "”)";
        return "SIP".equals(kind) ? "The caller " + who : who;
    }

    /** Agents that left a room still open for another reason than a normal end, while no agent has joined since. */
    private List<AttentionItem> agentsLeft(Instant listedSince) {
        var left = jdbc.sql("""
                SELECT p.room_sid, r.room_name, p.identity, p.left_at, p.disconnect_reason FROM participant_session p
                JOIN room_session r ON r.room_sid = p.room_sid
                WHERE p.kind = 'AGENT' AND p.left_at > :since AND r.ended_at IS NULL
                  AND (p.disconnect_reason IS NULL OR p.disconnect_reason NOT IN (:normal))""")
                .param("since", Timestamp.from(listedSince)).param("normal", NORMAL_ENDS)
                .query((rs, row) -> AttentionItem.of(AttentionRule.AGENT_LEFT, rs.getString(2), rs.getString(1), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), "The agent “" + rs.getString(3) + "” dropped out: "
                                + reasonWords(rs.getString(5)) + ". No agent has joined since."))
                .list();
        var withAnAgent = new HashSet<String>();
        eachSessionOf(left.stream().map(AttentionItem::roomSid).collect(Collectors.toSet()), (roomSid, kind, leftAt) -> {
            if ("AGENT".equals(kind) && leftAt == null) {
                withAnAgent.add(roomSid);
            }
        });
        return left.stream().filter(item -> !withAnAgent.contains(item.roomSid())).toList();
    }

    private static String reasonWords(String reason) {
        return reason == null ? "LiveKit gave no reason" : DisconnectReasons.words(reason);
    }

    private List<AttentionItem> longRooms(Instant startedBefore, AttentionSetting setting) {
        return jdbc.sql("SELECT room_sid, room_name, started_at FROM room_session WHERE ended_at IS NULL AND started_at < ?")
                .param(Timestamp.from(startedBefore))
                .query((rs, row) -> {
                    var started = rs.getTimestamp(3).toInstant();
                    return AttentionItem.of(AttentionRule.LONG_ROOM, rs.getString(2), rs.getString(1), null,
                            started.plus(setting.duration()), "The room has been open for more than " + setting.thresholdWords()
                                    + " (since " + Times.exact(started) + ").");
                }).list();
    }

    /**
     * Keep-outs (not lifted) whose identity was removed again at least {@code times} times in the window. The item
     * dates from the keep-out's decision, which does not move as the window does (one item, acknowledged once).
     */
    private List<AttentionItem> keptOutReturning(Instant windowStart, int times) {
        return jdbc.sql("""
                SELECT k.id, k.participant, k.room, COUNT(*), k.decided_at FROM keep_out k
                JOIN keep_out_removal x ON x.keep_out_id = k.id
                WHERE k.lifted_at IS NULL AND x.claimed_at > ?
                GROUP BY k.id, k.participant, k.room, k.decided_at HAVING COUNT(*) >= ?""")
                .params(Timestamp.from(windowStart), times)
                .query((rs, row) -> {
                    var id = rs.getLong(1);
                    var identity = rs.getString(2);
                    var room = rs.getString(3);
                    var latestRoom = room != null ? room : latestRemovalRoom(id);
                    return AttentionItem.of(AttentionRule.KEPT_OUT_RETURNING, latestRoom, null, "keep-out " + id,
                            rs.getTimestamp(5).toInstant(), "“" + identity + "” is kept out of " + (room == null ? "every room" : "this room")
                                    + " and came back " + rs.getInt(4) + " times in the last " + RETURNING_WINDOW.toMinutes()
                                    + " minutes; Roomwarden removed them each time.");
                }).list();
    }

    private String latestRemovalRoom(long keepOutId) {
        return jdbc.sql("""
                SELECT r.room_name FROM keep_out_removal x JOIN participant_session p ON p.participant_sid = x.participant_sid
                JOIN room_session r ON r.room_sid = p.room_sid WHERE x.keep_out_id = ? ORDER BY x.claimed_at DESC""")
                .param(keepOutId).query(String.class).list().stream().findFirst().orElse(null);
    }

    /** Egresses that failed or were aborted recently (LiveKit's updated_at), whatever room. */
    private List<AttentionItem> failedRecordings(Instant since) {
        var sinceNanos = since.getEpochSecond() * 1_000_000_000L + since.getNano();
        return jdbc.sql("SELECT egress_id, room_name, status, updated_nanos FROM recording WHERE status IN (:failed) AND updated_nanos > :since")
                .param("failed", FAILED_RECORDINGS).param("since", sinceNanos)
                .query((rs, row) -> AttentionItem.of(AttentionRule.RECORDING_FAILED, rs.getString(2), null, rs.getString(1),
                        Times.fromNanos(rs.getLong(4)), "The recording " + rs.getString(1)
                                + (EgressStatus.EGRESS_ABORTED.name().equals(rs.getString(3)) ? " was aborted." : " failed.")
                                + " /recordings has LiveKit's error."))
                .list();
    }

    /** Phone calls from Roomwarden (dial or transfer) that failed, and callers whose trunk failed, recently. */
    private List<AttentionItem> failedCalls(Instant since) {
        var items = new ArrayList<AttentionItem>(jdbc.sql("""
                SELECT id, room, participant, action, at FROM audit_record
                WHERE at > :since AND action IN (:actions) AND outcome = :failed""")
                .param("since", Timestamp.from(since)).param("actions", List.of(AuditAction.CALL_PHONE_NUMBER.name(), AuditAction.TRANSFER_CALL.name()))
                .param("failed", AuditOutcome.FAILED.name())
                .query((rs, row) -> AttentionItem.of(AttentionRule.SIP_CALL_FAILED, rs.getString(2), null, "audit " + rs.getLong(1),
                        rs.getTimestamp(5).toInstant(), (AuditAction.TRANSFER_CALL.name().equals(rs.getString(4))
                                ? "Transferring the call of “" + rs.getString(3) + "” failed." : "A phone call from Roomwarden failed.")
                                + " The audit log has LiveKit's answer."))
                .list());
        items.addAll(jdbc.sql("""
                SELECT p.room_sid, r.room_name, p.identity, p.left_at FROM participant_session p JOIN room_session r ON r.room_sid = p.room_sid
                WHERE p.kind = 'SIP' AND p.left_at > ? AND p.disconnect_reason = 'SIP_TRUNK_FAILURE'""")
                .param(Timestamp.from(since))
                .query((rs, row) -> AttentionItem.of(AttentionRule.SIP_CALL_FAILED, rs.getString(2), rs.getString(1), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), "The call of “" + rs.getString(3) + "” ended because the SIP trunk failed."))
                .list());
        return items;
    }

    private Set<String> acknowledged(Instant now) {
        return Set.copyOf(jdbc.sql("SELECT item_key FROM attention_ack WHERE acknowledged_at > ?")
                .param(Timestamp.from(now.minus(ACK_KEPT))).query(String.class).list());
    }

    /** A participant session of one of the rooms asked about: its room, kind, and end (null while it lasts). */
    private interface SessionOf {
        void accept(String roomSid, String kind, Instant left);
    }

    /**
     * Every participant session of these rooms, by room ({@code ix_participant_session_room}), in statements of at most
     * {@link #CHUNK} rooms: the rooms a rule found are few beside the sessions history keeps.
     */
    private void eachSessionOf(Set<String> roomSids, SessionOf session) {
        var sids = List.copyOf(roomSids);
        for (var from = 0; from < sids.size(); from += CHUNK) {
            jdbc.sql("SELECT room_sid, kind, left_at FROM participant_session WHERE room_sid IN (:sids)")
                    .param("sids", sids.subList(from, Math.min(sids.size(), from + CHUNK)))
                    .query(rs -> {
                        var left = rs.getTimestamp(3);
                        session.accept(rs.getString(1), rs.getString(2), left == null ? null : left.toInstant());
                    });
        }
    }
}
