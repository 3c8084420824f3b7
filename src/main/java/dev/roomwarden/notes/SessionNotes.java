package dev.roomwarden.notes;

import java.util.List;
import java.util.Optional;

import dev.roomwarden.display.Paths;
import dev.roomwarden.security.Permissions;
import dev.roomwarden.security.Role;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * The notes and tags section of a session, as the live room page and the session's timeline show it (templates
 * notes/notes :: section), rendered in a request only: its forms carry the CSRF token and its buttons are this viewer's.
 */
@Component
public class SessionNotes {

    /** Which page the section is on, which its forms go back to without htmx. */
    public enum On {
        ROOM, HISTORY;

        static On of(String value) {
            return "room".equals(value) ? ROOM : HISTORY;
        }

        public String value() {
            return this == ROOM ? "room" : "history";
        }
    }

    /** A note as this viewer sees it: whether they may edit it now, or delete it. */
    public record Shown(Note note, boolean editable, boolean deletable) {
    }

    private final Notes notes;
    private final Tags tags;
    private final JdbcClient jdbc;
    private final RoleHierarchy roles;

    SessionNotes(Notes notes, Tags tags, JdbcClient jdbc, RoleHierarchy roles) {
        this.notes = notes;
        this.tags = tags;
        this.jdbc = jdbc;
        this.roles = roles;
    }

    /** Adds the section of session {@code roomSid} of room {@code room}; without it when the database cannot answer. */
    public void addTo(String room, String roomSid, On on, Authentication viewer, Model model) {
        var can = Permissions.of(viewer, roles);
        var username = viewer == null ? null : viewer.getName();
        try {
            model.addAttribute("sessionNotes", notes.of(roomSid).stream()
                    .map(n -> new Shown(n, can.moderate() && notes.editable(n, username), can.atLeast(Role.ADMIN))).toList());
            model.addAttribute("sessionTags", tags.of(roomSid));
        } catch (DataAccessException e) {
            model.addAttribute("sessionNotes", List.of());
            model.addAttribute("sessionTags", List.of());
            model.addAttribute("notesUnavailable", true);
        }
        model.addAttribute("notesRoom", room);
        model.addAttribute("notesSid", roomSid);
        model.addAttribute("notesOn", on.value());
        model.addAttribute("notesPath", Paths.roomHistory(roomSid) + "/notes");
        model.addAttribute("tagsPath", Paths.roomHistory(roomSid) + "/tags");
        model.addAttribute("noteMaxLength", NoteText.MAX_LENGTH);
        model.addAttribute("tagMaxLength", Tags.MAX_LENGTH);
        model.addAttribute("editWindow", notes.windowWords());
    }

    /** The session's notes, for its timeline. */
    public List<Note> of(String roomSid) {
        return notes.of(roomSid);
    }

    /** The room name history keeps for this session. */
    Optional<String> roomOf(String roomSid) {
        return jdbc.sql("SELECT room_name FROM room_session WHERE room_sid = ?").param(roomSid).query(String.class).optional();
    }
}
