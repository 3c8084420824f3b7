package dev.roomwarden.participants;

import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitNames;
import dev.roomwarden.rooms.RoomPageModel;
import dev.roomwarden.web.Flash;
import dev.roomwarden.web.Paths;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import org.springframework.dao.DataAccessException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Removing a participant from a room: confirmation, then the call to LiveKit. */
@Controller
class ParticipantController {

    private final ParticipantActions actions;
    private final RoomPageModel roomPage;

    ParticipantController(ParticipantActions actions, RoomPageModel roomPage) {
        this.actions = actions;
        this.roomPage = roomPage;
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping("/rooms/{roomName}/participants/{identity}/remove")
    public String confirmRemove(@PathVariable("roomName") String room, @PathVariable String identity,
            @RequestParam(required = false) String kind, @RequestParam(required = false) String sid, Model model) {
        model.addAttribute("roomName", LiveKitNames.requireRoomName(room));
        model.addAttribute("sid", LiveKitNames.sid(sid));
        model.addAttribute("identity", LiveKitNames.requireIdentity(identity));
        model.addAttribute("agent", "AGENT".equals(kind));
        model.addAttribute("roomPath", Paths.room(room));
        model.addAttribute("actionPath", Paths.removeParticipant(room, identity));
        return "participants/remove";
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @HxRequest
    @GetMapping("/rooms/{roomName}/participants/{identity}/remove")
    public String confirmRemoveDialog(@PathVariable("roomName") String room, @PathVariable String identity,
            @RequestParam(required = false) String kind, @RequestParam(required = false) String sid, Model model) {
        confirmRemove(room, identity, kind, sid, model);
        return "participants/remove :: dialog";
    }

    @PostMapping("/rooms/{roomName}/participants/{identity}/remove")
    String removeParticipant(@PathVariable("roomName") String room, @PathVariable String identity,
            @RequestParam(required = false) String sid, @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", remove(room, identity, sid, reason));
        return "redirect:/rooms/{roomName}";
    }

    /** From the room page: answer with the refreshed room and the message, no page load. */
    @HxRequest
    @PostMapping("/rooms/{roomName}/participants/{identity}/remove")
    String removeParticipantFromPage(@PathVariable("roomName") String room, @PathVariable String identity,
            @RequestParam(required = false) String sid, @RequestParam(required = false) String reason, Model model) {
        model.addAttribute("flash", remove(room, identity, sid, reason));
        roomPage.addTo(room, model);
        return "rooms/room :: actionResult";
    }

    private Flash remove(String room, String identity, String sid, String reason) {
        LiveKitNames.requireRoomName(room);
        LiveKitNames.requireIdentity(identity);
        var participantSid = LiveKitNames.sid(sid);
        var why = LiveKitNames.reason(reason);
        try {
            var outcome = actions.removeParticipant(room, identity, participantSid, why);
            return outcome == ActionOutcome.DONE
                    ? Flash.success("“" + identity + "” was removed from “" + room + "”.")
                    : Flash.info("“" + identity + "” had already left “" + room + "”.");
        } catch (LiveKitException e) {
            return Flash.error("“" + identity + "” was not removed. " + e.userMessage());
        } catch (DataAccessException e) {
            return Flash.error("“" + identity + "” was not removed: " + Flash.AUDIT_UNAVAILABLE);
        }
    }
}
