package dev.roomwarden.participants;

import java.util.List;
import java.util.stream.Collectors;

import dev.roomwarden.audit.BatchResult;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.keepouts.KeepOutChoice;
import dev.roomwarden.keepouts.KeepOuts;
import dev.roomwarden.web.Answers;
import dev.roomwarden.web.LiveKitBanner;
import dev.roomwarden.display.Paths;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Removing several participants at once: the ticked ones, or every agent of the room. One confirmation
 * lists exactly who will be removed; the answer says what came of each.
 */
@Controller
@RequestMapping("/rooms/{roomName}/remove-participants")
class RemoveParticipantsController {

    private final ParticipantActions actions;
    private final KeepOuts keepOuts;
    private final Answers answers;

    RemoveParticipantsController(ParticipantActions actions, KeepOuts keepOuts, Answers answers) {
        this.actions = actions;
        this.keepOuts = keepOuts;
        this.answers = answers;
    }

    @ModelAttribute("roomName")
    String room(@PathVariable("roomName") String segment, Model model) {
        var room = LiveKitNames.requireRoomName(segment);
        model.addAttribute("roomPath", Paths.room(room));
        model.addAttribute("actionPath", Paths.removeParticipants(room));
        return room;
    }

    /**
     * The ticked identities, or {@code all=agents}; a reason and the keep-out question ({@link KeepOutChoice}) come
     * with the POST.
     */
    record Selection(List<String> identity, String all, String reason, String keepOut, String keepOutOf) {

        boolean agents() {
            if (all != null && !"agents".equals(all)) {
                throw new InvalidInputException("'all' can only be 'agents'.");
            }
            return all != null;
        }
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping
    String confirmRemoveParticipants(@ModelAttribute("roomName") String room, Selection selection, HtmxRequest htmx, Model model) {
        var agents = selection.agents();
        var ticked = agents ? List.<String>of() : ParticipantActions.ticked(selection.identity());
        model.addAttribute("agents", agents);
        model.addAttribute("targets", List.of());
        model.addAttribute("gone", List.of());
        LiveKitBanner.fill(model, () -> {
            var inRoom = actions.participants(room);
            var targets = agents ? inRoom.stream().filter(ParticipantRow::agent).limit(BatchResult.MAX_TARGETS).toList()
                    : ticked.stream().flatMap(identity -> inRoom.stream().filter(p -> p.identity().equals(identity))).toList();
            var found = targets.stream().map(ParticipantRow::identity).collect(Collectors.toSet());
            model.addAttribute("targets", targets);
            model.addAttribute("gone", ticked.stream().filter(identity -> !found.contains(identity)).toList());
        });
        return Answers.pageOrDialog(htmx, "participants/remove-many");
    }

    @PostMapping
    String removeParticipants(@ModelAttribute("roomName") String room, Selection selection, HtmxRequest htmx, Model model,
            RedirectAttributes redirect) {
        var why = LiveKitNames.reason(selection.reason());
        // Kept out first, all or none, so that rejoining at once after the removal is already refused.
        if (KeepOutChoice.asked(selection.keepOut())) {
            keepOuts.keepOutAll(room, ParticipantActions.ticked(selection.identity()), selection.keepOut(), selection.keepOutOf(), why);
        }
        var result = actions.removeParticipants(room, selection.identity(), why);
        return answers.backToRoom(htmx, room, result, model, redirect);
    }
}
