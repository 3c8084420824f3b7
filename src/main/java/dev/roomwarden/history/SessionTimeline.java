package dev.roomwarden.history;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.roomwarden.display.Durations;
import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditFilter;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditRecord;
import dev.roomwarden.display.Times;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import dev.roomwarden.notes.Note;
import dev.roomwarden.notes.SessionNotes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One room session as a timeline: its events in the order LiveKit created them (then as they were stored), a page
 * at a time by keyset on (created_at, id), with staff actions from the audit log beside them for those who may read
 * it. Staff actions are read, not copied: the audit log stays the one record of what staff did.
 */
@Component
class SessionTimeline {

    /** How long around the session a staff action on its room still belongs to it (clocks, and a removal just before a leave). */
    private static final Duration STAFF_MARGIN = Duration.ofSeconds(60);
    static final int MAX_STAFF_ACTIONS = 2_000;
    private static final Set<String> EFFECTS = Set.of("participant_left", "participant_connection_aborted",
            "track_unpublished", "room_finished", "egress_ended", "agent_job_ended");
    private static final Pattern CURSOR = Pattern.compile("(-?\\d{1,19})\\.(\\d{1,19})");

    private final JdbcClient jdbc;
    private final HistorySessions sessions;
    private final AuditLog auditLog;
    private final SessionNotes notes;
    private final Clock clock;

    SessionTimeline(JdbcClient jdbc, HistorySessions sessions, AuditLog auditLog, SessionNotes notes, Clock clock) {
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.auditLog = auditLog;
        this.notes = notes;
        this.clock = clock;
    }

    /** Where a page starts: after the event created at {@code micros} (epoch microseconds) with this id. */
    record Cursor(long micros, long id) {

        static Cursor parse(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            var match = CURSOR.matcher(value.strip());
            if (!match.matches()) {
                throw new InvalidInputException("The 'after' position '" + Text.abbreviate(value, 40) + "' is not one this page makes.");
            }
            try {
                return new Cursor(Long.parseLong(match.group(1)), Long.parseLong(match.group(2)));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("The 'after' position is out of range.");
            }
        }

        static Cursor of(Instant at, long id) {
            return new Cursor(ChronoUnit.MICROS.between(Instant.EPOCH, at), id);
        }

        Instant at() {
            return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        }

        String value() {
            return micros + "." + id;
        }
    }

    /** One line of the timeline: a LiveKit event (from a webhook, or seen by polling) or a staff action. */
    public record Entry(Instant at, String offset, String type, String participant, String words, String source,
            AuditRecord staff, String auditPath, Note note) {

        public boolean isStaffNote() {
            return note != null;
        }

        public boolean polling() {
            return HistoryEvents.Source.POLLING.column().equals(source);
        }

        public boolean isStaffAction() {
            return "staff".equals(source);
        }

        public String atExact() {
            return Times.exact(at);
        }

        public String atAgo(Instant now) {
            return Times.ago(at, now);
        }
    }

    /** A participant session for the table. */
    public record ParticipantRow(String identity, String name, String kind, Instant joined, Instant left, String duration,
            String reason, String reasonCode, int tracksPublished, String auditPath) {

        public String joinedExact() {
            return Times.exact(joined);
        }

        public String leftExact() {
            return Times.exact(left);
        }
    }

    /** What the page's header says of the session. */
    public record Header(HistorySessions.RoomSession session, String duration, boolean ended) {

        public String startedExact() {
            return Times.exact(session.started());
        }

        public String endedExact() {
            return Times.exact(session.ended());
        }
    }

    /** A page of the timeline; {@code next} is where the following page starts, null on the last. */
    record Page(Header header, List<ParticipantRow> participants, List<Entry> entries, Cursor next, boolean staffVisible,
            int staffActions, long events, boolean startSeen) {
    }

    Optional<HistorySessions.RoomSession> session(String roomSid) {
        return sessions.room(roomSid);
    }

    /** The page after {@code after} (null: the first), at most {@code size} events and the staff actions among them. */
    Page page(HistorySessions.RoomSession session, Cursor after, int size, boolean staffVisible) {
        var rows = events(session.roomSid(), after, size + 1);
        var more = rows.size() > size;
        var shown = more ? rows.subList(0, size) : rows;
        var staff = staffVisible ? staffActions(session) : List.<AuditRecord>of();
        var last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
        // Staff actions between the page's first and last event (the first page from the start, the last to the end).
        var from = after == null ? null : after.at();
        var to = more ? last.createdAt() : null;
        var entries = withNotes(session, merge(session, shown, staff.stream()
                .filter(r -> (from == null || key(r).isAfter(from)) && (to == null || !key(r).isAfter(to))).toList(), staff),
                notes.of(session.roomSid()).stream()
                        .filter(n -> (from == null || n.writtenAt().isAfter(from)) && (to == null || !n.writtenAt().isAfter(to))).toList());
        return new Page(header(session), participants(session, staff), entries,
                more ? Cursor.of(last.createdAt(), last.id()) : null, staffVisible, staff.size(), count(session.roomSid()),
                startSeen(session.roomSid()));
    }

    /** The whole session, for an export. */
    Page all(HistorySessions.RoomSession session, boolean staffVisible) {
        var staff = staffVisible ? staffActions(session) : List.<AuditRecord>of();
        var events = events(session.roomSid(), null, Integer.MAX_VALUE);
        return new Page(header(session), participants(session, staff),
                withNotes(session, merge(session, events, staff, staff), notes.of(session.roomSid())), null, staffVisible,
                staff.size(), events.size(), startSeen(session.roomSid()));
    }

    private long count(String roomSid) {
        return jdbc.sql("SELECT COUNT(*) FROM history_event WHERE room_sid = ?").param(roomSid).query(Long.class).single();
    }

    /** Whether LiveKit's room_started was kept: without it, the room began before Roomwarden saw its events. */
    private boolean startSeen(String roomSid) {
        return jdbc.sql("SELECT COUNT(*) FROM history_event WHERE room_sid = ? AND event_type = 'room_started'").param(roomSid)
                .query(Long.class).single() > 0;
    }

    record Row(long id, String type, Instant createdAt, String identity, String json, String source) {
    }

    private List<Row> events(String roomSid, Cursor after, int limit) {
        var sql = "SELECT id, event_type, created_at, participant_identity, event_json, source FROM history_event WHERE room_sid = ?"
                + (after == null ? "" : " AND (created_at > ? OR (created_at = ? AND id > ?))") + " ORDER BY created_at, id"
                + (limit == Integer.MAX_VALUE ? "" : " LIMIT " + limit);
        var params = new ArrayList<Object>(List.of(roomSid));
        if (after != null) {
            var at = Timestamp.from(after.at());
            params.addAll(List.of(at, at, after.id()));
        }
        return jdbc.sql(sql).params(params).query((rs, n) -> new Row(rs.getLong("id"), rs.getString("event_type"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("participant_identity"), rs.getString("event_json"),
                rs.getString("source"))).list();
    }

    /** The audit records about this room while the session lasted (a live one: until now), of this session's room sid or none. */
    private List<AuditRecord> staffActions(HistorySessions.RoomSession session) {
        var start = session.started() == null ? clock.instant() : session.started();
        var end = session.ended() == null ? clock.instant() : session.ended();
        return auditLog.forRoomBetween(session.name(), start.minus(STAFF_MARGIN), end.plus(STAFF_MARGIN), MAX_STAFF_ACTIONS).stream()
                .filter(r -> r.target().roomSid() == null || r.target().roomSid().equals(session.roomSid()))
                // A note shows itself on the timeline; its writing would say it twice.
                .filter(r -> r.action() != AuditAction.WRITE_NOTE && r.action() != AuditAction.EDIT_NOTE)
                .toList();
    }

    /**
     * A staff action's place among LiveKit's events, which are dated in whole seconds: in its second, before the
     * leaves and ends (which it may have caused) and after the rest.
     */
    private static Instant key(AuditRecord record) {
        return record.at().truncatedTo(ChronoUnit.SECONDS);
    }

    private static List<Entry> merge(HistorySessions.RoomSession session, List<Row> rows, List<AuditRecord> shownStaff,
            List<AuditRecord> allStaff) {
        var start = session.started();
        var entries = new ArrayList<Entry>(rows.size() + shownStaff.size());
        var staff = shownStaff.stream().sorted(Comparator.comparing(AuditRecord::at).thenComparing(AuditRecord::id)).iterator();
        var nextStaff = staff.hasNext() ? staff.next() : null;
        for (var row : rows) {
            while (nextStaff != null && (key(nextStaff).isBefore(row.createdAt())
                    || key(nextStaff).equals(row.createdAt()) && EFFECTS.contains(row.type()))) {
                entries.add(staffEntry(start, nextStaff));
                nextStaff = staff.hasNext() ? staff.next() : null;
            }
            var words = EventWords.of(row.type(), row.json(), row.createdAt(), allStaff);
            entries.add(new Entry(row.createdAt(), Durations.offset(start, row.createdAt()), row.type(), row.identity(),
                    words.text(), row.source(), null, words.cause() == null ? null : auditPath(words.cause()), null));
        }
        while (nextStaff != null) {
            entries.add(staffEntry(start, nextStaff));
            nextStaff = staff.hasNext() ? staff.next() : null;
        }
        return entries;
    }

    /** Staff's notes among the entries, each after what happened before it was written (LiveKit's events are in whole seconds). */
    private static List<Entry> withNotes(HistorySessions.RoomSession session, List<Entry> entries, List<Note> shownNotes) {
        if (shownNotes.isEmpty()) {
            return entries;
        }
        var merged = new ArrayList<Entry>(entries.size() + shownNotes.size());
        var next = shownNotes.iterator();
        var note = next.next();
        for (var entry : entries) {
            while (note != null && note.writtenAt().isBefore(entry.at())) {
                merged.add(noteEntry(session.started(), note));
                note = next.hasNext() ? next.next() : null;
            }
            merged.add(entry);
        }
        while (note != null) {
            merged.add(noteEntry(session.started(), note));
            note = next.hasNext() ? next.next() : null;
        }
        return merged;
    }

    private static Entry noteEntry(Instant start, Note note) {
        return new Entry(note.writtenAt(), Durations.offset(start, note.writtenAt()), "note", null,
                "note by “" + note.writtenBy() + "”: " + note.text(), "note", null, null, note);
    }

    private static Entry staffEntry(Instant start, AuditRecord record) {
        var words = "“" + record.username() + "”" + (record.role() == null ? "" : " (" + record.role() + ")") + ": "
                + record.action().label() + (record.target().participant() == null ? "" : " “" + record.target().participant() + "”")
                + EventWords.reason(record) + "; LiveKit: " + record.outcome().label()
                + (record.detail() == null ? "" : " (" + record.detail() + ")");
        return new Entry(record.at(), Durations.offset(start, record.at()), record.action().name(), record.target().participant(),
                words, "staff", record, auditPath(record), null);
    }

    /** The audit log filtered to the day, user, action and room of this record, where it can be read in full. */
    static String auditPath(AuditRecord record) {
        var day = record.at().atZone(ZoneOffset.UTC).toLocalDate();
        return "/audit" + new AuditFilter(record.username(), record.action(), record.target().room(), null, day, day,
                record.batchId(), 1).query(1);
    }

    private static Header header(HistorySessions.RoomSession session) {
        var end = session.ended();
        return new Header(session, end == null ? "" : Durations.words(Durations.between(session.started(), end)), end != null);
    }

    private List<ParticipantRow> participants(HistorySessions.RoomSession session, List<AuditRecord> staff) {
        return sessions.participants(session.roomSid()).stream().map(p -> {
            var code = p.disconnectReason();
            var action = "PARTICIPANT_REMOVED".equals(code) ? AuditAction.REMOVE_PARTICIPANT
                    : "ROOM_DELETED".equals(code) ? AuditAction.DELETE_ROOM : null;
            var cause = action == null || p.left() == null ? Optional.<AuditRecord>empty()
                    : EventWords.cause(staff, action, action == AuditAction.REMOVE_PARTICIPANT ? p.identity() : null, p.left());
            var reason = cause.map(c -> (action == AuditAction.REMOVE_PARTICIPANT ? "removed by “" : "the room was ended by “")
                    + c.username() + "”" + EventWords.reason(c)).orElse(p.left() == null ? "" : DisconnectReasons.words(code));
            return new ParticipantRow(p.identity(), p.name(), EventWords.kind(p.kind()), p.joined(), p.left(),
                    p.left() == null ? "" : Durations.words(Durations.between(p.joined(), p.left())), reason, code,
                    p.tracksPublished(), cause.map(SessionTimeline::auditPath).orElse(null));
        }).toList();
    }
}
