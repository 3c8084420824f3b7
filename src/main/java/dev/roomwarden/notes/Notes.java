package dev.roomwarden.notes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditOutcome;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import dev.roomwarden.display.Durations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Notes on room sessions, for the next shift: written by moderators, read by everyone, edited by their author for a
 * few minutes ({@link NotesProperties#editWindow()}), deleted by an administrator. Writing, editing and deleting are
 * audited, with the note's text (cut) in the detail, so that a deleted note can still be read there.
 */
@Service
public class Notes {

    /** How much of a note's text its audit records keep. */
    private static final int AUDITED_TEXT = 200;

    private final JdbcClient jdbc;
    private final AuditLog auditLog;
    private final TransactionTemplate transactions;
    private final NotesProperties properties;
    private final Clock clock;

    Notes(JdbcClient jdbc, AuditLog auditLog, TransactionTemplate transactions, NotesProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.auditLog = auditLog;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.WRITE_NOTE, room = "room")
    public Note write(String room, String roomSid, String text) {
        var checked = NoteText.check(text);
        var who = Text.cut(SecurityContextHolder.getContext().getAuthentication().getName(), 64);
        var now = clock.instant();
        return transactions.execute(status -> {
            var keys = new GeneratedKeyHolder();
            jdbc.sql("INSERT INTO session_note (room_sid, room_name, body, written_by, written_at) VALUES (?, ?, ?, ?, ?)")
                    .params(roomSid, room, checked, who, Timestamp.from(now)).update(keys, "id");
            var id = keys.getKey().longValue();
            auditLog.record(AuditAction.WRITE_NOTE, Tags.target(room, roomSid), null, AuditOutcome.DONE, detail(id, checked));
            return new Note(id, roomSid, room, checked, who, now, null);
        });
    }

    /** Only by its author, within the edit window; refused with a sentence otherwise, and nothing changes. */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.EDIT_NOTE)
    public Note edit(long id, String text) {
        var checked = NoteText.check(text);
        var who = SecurityContextHolder.getContext().getAuthentication().getName();
        return transactions.execute(status -> {
            var note = editableOrRefused(id, who);
            var now = clock.instant();
            auditLog.record(AuditAction.EDIT_NOTE, Tags.target(note.roomName(), note.roomSid()), null, AuditOutcome.DONE,
                    detail(id, checked));
            jdbc.sql("UPDATE session_note SET body = ?, edited_at = ? WHERE id = ?").params(checked, Timestamp.from(now), id).update();
            return new Note(id, note.roomSid(), note.roomName(), checked, note.writtenBy(), note.writtenAt(), now);
        });
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Audited(value = AuditAction.DELETE_NOTE, reason = "reason")
    public Note delete(long id, String reason) {
        return transactions.execute(status -> {
            var note = find(id).orElseThrow(() -> gone(id));
            auditLog.record(AuditAction.DELETE_NOTE, Tags.target(note.roomName(), note.roomSid()), reason, AuditOutcome.DONE,
                    Text.cut("by " + note.writtenBy() + ", " + note.writtenExact() + ", " + detail(id, note.text()), 300));
            if (jdbc.sql("DELETE FROM session_note WHERE id = ?").param(id).update() != 1) {
                throw gone(id);
            }
            return note;
        });
    }

    /** The note, for its author to edit now; refused with a sentence when it is someone else's or too old. */
    public Note editableOrRefused(long id, String username) {
        var note = find(id).orElseThrow(() -> gone(id));
        if (!note.writtenBy().equals(username)) {
            throw new InvalidInputException("Only the author of a note can edit it; this one is " + note.writtenBy()
                    + "'s. Nothing was changed.");
        }
        if (!note.editableBy(username, clock.instant(), properties.editWindow())) {
            throw new InvalidInputException("A note can be edited for " + windowWords()
                    + " after it was written; this one was written " + note.writtenAgo(clock.instant())
                    + ". Write a new note instead. Nothing was changed.");
        }
        return note;
    }

    public Optional<Note> find(long id) {
        return jdbc.sql("SELECT * FROM session_note WHERE id = ?").param(id).query(Notes::map).optional();
    }

    /** The session's notes in the order they were written. */
    public List<Note> of(String roomSid) {
        return jdbc.sql("SELECT * FROM session_note WHERE room_sid = ? ORDER BY written_at, id").param(roomSid).query(Notes::map).list();
    }

    /** Whether {@code username} may edit this note now (the Edit button; the server checks again). */
    boolean editable(Note note, String username) {
        return note.editableBy(username, clock.instant(), properties.editWindow());
    }

    private static InvalidInputException gone(long id) {
        return new InvalidInputException("There is no note #" + id + " (it may have been deleted). Nothing was changed.");
    }

    private static String detail(long id, String text) {
        return "note #" + id + ": " + Text.abbreviate(text.replace('\n', ' '), AUDITED_TEXT);
    }

    private static Note map(ResultSet rs, int row) throws SQLException {
        var edited = rs.getTimestamp("edited_at");
        return new Note(rs.getLong("id"), rs.getString("room_sid"), rs.getString("room_name"), rs.getString("body"),
                rs.getString("written_by"), rs.getTimestamp("written_at").toInstant(), edited == null ? null : edited.toInstant());
    }

    /** "5 min": the edit window as the section and the refusal say it. */
    String windowWords() {
        var window = properties.editWindow();
        return window.toSecondsPart() == 0 && window.toMinutes() > 0 ? window.toMinutes() + " min" : Durations.words(window);
    }
}
