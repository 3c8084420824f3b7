package dev.roomwarden.participants;

import java.util.List;

import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.rooms.RoomPageModel;
import dev.roomwarden.audit.BatchResult;
import dev.roomwarden.web.Paths;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Removing several participants at once: the ticked ones, or every agent of the room. One confirmation
 * lists exactly who will be removed; the answer says what came of each.
 */
@Controller
class RemoveParticipantsController {

    private static final String PATH = "/rooms/{roomName}/remove-participants";

    private final ParticipantActions actions;
    private final RoomPageModel roomPage;

    RemoveParticipantsController(ParticipantActions actions, RoomPageModel roomPage) {
        this.actions = actions;
        this.roomPage = roomPage;
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping(PATH)
    public String confirmRemoveParticipants(@PathVariable("roomName") String room,
            @RequestParam(name = "identity", required = false) List<String> identities,
            @RequestParam(required = false) String all, Model model) {
        LiveKitNames.requireRoomName(room);
        var agents = "agents".equals(all);
        if (all != null && !agents) {
            throw new dev.roomwarden.input.InvalidInputException("'all' can only be 'agents'.");
        }
        var ticked = agents ? List.<String>of()
                : ParticipantActions.ticked(identities);
        model.addAttribute("roomName", room);
        model.addAttribute("roomPath", Paths.room(room));
        model.addAttribute("actionPath", Paths.removeParticipants(room));
        model.addAttribute("agents", agents);
        try {
            var inRoom = actions.participants(room);
            var targets = agents ? inRoom.stream().filter(ParticipantRow::agent).limit(BatchResult.MAX_TARGETS).toList()
                    : ticked.stream().flatMap(identity -> inRoom.stream().filter(p -> p.identity().equals(identity))).toList();
            var found = targets.stream().map(ParticipantRow::identity).collect(java.util.stream.Collectors.toSet());
            model.addAttribute("targets", targets);
            model.addAttribute("gone", ticked.stream().filter(identity -> !found.contains(identity)).toList());
        } catch (LiveKitException e) {
            model.addAttribute("targets", List.of());
            model.addAttribute("gone", List.of());
            model.addAttribute("livekitError", e.userMessage());
        }
        return "participants/remove-many";
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @HxRequest
    @GetMapping(PATH)
    public String confirmRemoveParticipantsDialog(@PathVariable("roomName") String room,
            @RequestParam(name = "identity", required = false) List<String> identities,
            @RequestParam(required = false) String all, Model model) {
        confirmRemoveParticipants(room, identities, all, model);
        return "participants/remove-many :: dialog";
    }

    @PostMapping(PATH)
    String removeParticipants(@PathVariable("roomName") String room,
            @RequestParam(name = "identity", required = false) List<String> identities,
            @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        redirect.addFlashAttribute("batch", remove(room, identities, reason));
        return "redirect:/rooms/{roomName}";
    }

    /** From the room page: the refreshed room and what came of each, no page load. */
    @HxRequest
    @PostMapping(PATH)
    String removeParticipantsFromPage(@PathVariable("roomName") String room,
            @RequestParam(name = "identity", required = false) List<String> identities,
            @RequestParam(required = false) String reason, Model model) {
        model.addAttribute("batch", remove(room, identities, reason));
        roomPage.addTo(room, model);
        return "rooms/room :: actionResult";
    }

    private BatchResult remove(String room, List<String> identities, String reason) {
        LiveKitNames.requireRoomName(room);
        return actions.removeParticipants(room, identities, LiveKitNames.reason(reason));
    }
}
