package dev.roomwarden.notes;


import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.display.Flash;
import dev.roomwarden.display.Paths;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.input.Text;
import dev.roomwarden.input.UrlNames;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.web.Answers;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import livekit.LivekitModels.Room;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Notes and tags of a room session, from its live room page or its timeline: each action answers htmx with the
 * refreshed section (and the message), a plain form with a redirect back to the page it came from. The roles are
 * checked here, before the session is looked up (a refusal is audited), and again on {@link Notes} and {@link Tags}.
 */
@Controller
@RequestMapping("/history/{roomSid}")
class NotesController {

    private static final String ANSWER = "notes/notes :: answer";

    private final Notes notes;
    private final Tags tags;
    private final SessionNotes section;
    private final LiveKitGateway livekit;

    NotesController(Notes notes, Tags tags, SessionNotes section, LiveKitGateway livekit) {
        this.notes = notes;
        this.tags = tags;
        this.section = section;
        this.livekit = livekit;
    }

    /** What the section's forms send: the text or tag, the room (UrlNames) and the page they are on. */
    record SectionForm(String text, String tag, String room, String on) {
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(AuditAction.WRITE_NOTE)
    @PostMapping("/notes")
    String write(@PathVariable String roomSid, SectionForm form, HtmxRequest htmx, Authentication viewer, Model model,
            RedirectAttributes redirect) {
        var sid = LiveKitNames.requireRoomSid(roomSid);
        var room = roomOf(sid, form.room());
        notes.write(room, sid, form.text());
        return answer(htmx, room, sid, SessionNotes.On.of(form.on()), Flash.success("Your note is saved with this session."), viewer,
                model, redirect);
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping("/notes/{id}/edit")
    String confirmEdit(@PathVariable String roomSid, @PathVariable String id, @RequestParam(required = false) String on,
            HtmxRequest htmx, Authentication viewer, Model model) {
        var note = noteOf(LiveKitNames.requireRoomSid(roomSid), noteId(id));
        notes.editableOrRefused(note.id(), viewer.getName());
        addDialog(note, SessionNotes.On.of(on), model);
        return Answers.pageOrDialog(htmx, "notes/edit");
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(AuditAction.EDIT_NOTE)
    @PostMapping("/notes/{id}/edit")
    String edit(@PathVariable String roomSid, @PathVariable String id, SectionForm form, HtmxRequest htmx, Authentication viewer,
            Model model, RedirectAttributes redirect) {
        var note = noteOf(LiveKitNames.requireRoomSid(roomSid), noteId(id));
        var edited = notes.edit(note.id(), form.text());
        return answer(htmx, edited.roomName(), edited.roomSid(), SessionNotes.On.of(form.on()), Flash.success("Your note is changed."),
                viewer, model, redirect);
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping("/notes/{id}/delete")
    String confirmDelete(@PathVariable String roomSid, @PathVariable String id, @RequestParam(required = false) String on,
            HtmxRequest htmx, Model model) {
        var note = noteOf(LiveKitNames.requireRoomSid(roomSid), noteId(id));
        addDialog(note, SessionNotes.On.of(on), model);
        return Answers.pageOrDialog(htmx, "notes/delete");
    }

    /** What the delete confirmation sends. */
    record DeleteForm(String reason, String on) {
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Audited(AuditAction.DELETE_NOTE)
    @PostMapping("/notes/{id}/delete")
    String delete(@PathVariable String roomSid, @PathVariable String id, DeleteForm form, HtmxRequest htmx, Authentication viewer,
            Model model, RedirectAttributes redirect) {
        var note = noteOf(LiveKitNames.requireRoomSid(roomSid), noteId(id));
        var deleted = notes.delete(note.id(), LiveKitNames.reason(form.reason()));
        return answer(htmx, deleted.roomName(), deleted.roomSid(), SessionNotes.On.of(form.on()),
                Flash.success("The note by " + deleted.writtenBy() + " is deleted; the audit log keeps its text."), viewer, model, redirect);
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(AuditAction.ADD_TAG)
    @PostMapping("/tags")
    String addTag(@PathVariable String roomSid, SectionForm form, HtmxRequest htmx, Authentication viewer, Model model,
            RedirectAttributes redirect) {
        var sid = LiveKitNames.requireRoomSid(roomSid);
        var room = roomOf(sid, form.room());
        var tag = Tags.check(form.tag());
        tags.add(room, sid, tag);
        return answer(htmx, room, sid, SessionNotes.On.of(form.on()), Flash.success("This session is tagged “" + tag + "”."), viewer,
                model, redirect);
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(AuditAction.REMOVE_TAG)
    @PostMapping("/tags/{tag}/remove")
    String removeTag(@PathVariable String roomSid, @PathVariable String tag, SectionForm form, HtmxRequest htmx, Authentication viewer,
            Model model, RedirectAttributes redirect) {
        var sid = LiveKitNames.requireRoomSid(roomSid);
        var room = roomOf(sid, form.room());
        var checked = Tags.check(tag);
        tags.remove(room, sid, checked);
        return answer(htmx, room, sid, SessionNotes.On.of(form.on()), Flash.success("The tag “" + checked + "” is removed."), viewer,
                model, redirect);
    }

    private String answer(HtmxRequest htmx, String room, String sid, SessionNotes.On on, Flash message, Authentication viewer,
            Model model, RedirectAttributes redirect) {
        if (!htmx.isHtmxRequest()) {
            redirect.addFlashAttribute(message.modelAttribute(), message);
            return "redirect:" + (on == SessionNotes.On.ROOM ? Paths.room(room) : Paths.roomHistory(sid));
        }
        model.addAttribute(message.modelAttribute(), message);
        section.addTo(room, sid, on, viewer, model);
        return ANSWER;
    }

    private void addDialog(Note note, SessionNotes.On on, Model model) {
        model.addAttribute("note", note);
        model.addAttribute("notesOn", on.value());
        model.addAttribute("noteMaxLength", NoteText.MAX_LENGTH);
        // The confirmation kit's Cancel goes back to the page the section is on.
        model.addAttribute("roomPath", on == SessionNotes.On.ROOM ? Paths.room(note.roomName()) : Paths.roomHistory(note.roomSid()));
    }

    /**
     * The room of this session: the one history keeps for it, or (a live room whose start history has not seen) the
     * room the form names, when LiveKit says its session now is this one. Anything else is refused.
     */
    private String roomOf(String sid, String fromForm) {
        var kept = section.roomOf(sid);
        if (kept.isPresent()) {
            return kept.get();
        }
        if (fromForm != null && !fromForm.isBlank()) {
            var room = LiveKitNames.checkRoomName(UrlNames.decode(fromForm));
            if (livekit.findRoom(room).map(Room::getSid).filter(sid::equals).isPresent()) {
                return room;
            }
            throw new InvalidInputException("The session of “" + Text.abbreviate(room, 60)
                    + "” that this page showed has ended, and history has not kept it. Nothing was saved.");
        }
        throw new InvalidInputException("There is no room session " + sid + ". Nothing was saved.");
    }

    private Note noteOf(String sid, long id) {
        return notes.find(id).filter(note -> note.roomSid().equals(sid))
                .orElseThrow(() -> new InvalidInputException("This session has no note #" + id + " (it may have been deleted). "
                        + "Nothing was changed."));
    }


    private static long noteId(String id) {
        if (id == null || !id.matches("[0-9]{1,18}")) {
            throw new InvalidInputException("'" + Text.abbreviate(id, 40) + "' is not a note number.");
        }
        return Long.parseLong(id);
    }
}
