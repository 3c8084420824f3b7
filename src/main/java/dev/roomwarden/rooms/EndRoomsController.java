package dev.roomwarden.rooms;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.audit.BatchResult;
import dev.roomwarden.web.Flash;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.web.Paths;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRedirectView;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Ending several rooms at once (ADMIN): the ticked ones, or every empty one. One confirmation lists
 * exactly which rooms will end; the answer says what came of each.
 */
@Controller
class EndRoomsController {

    private final LiveKitGateway livekit;
    private final RoomActions actions;

    EndRoomsController(LiveKitGateway livekit, RoomActions actions) {
        this.livekit = livekit;
        this.actions = actions;
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping(Paths.END_ROOMS)
    public String confirmEndRooms(@RequestParam(name = "name", required = false) List<String> names,
            @RequestParam(required = false) String empty, Model model) {
        var onlyEmpty = onlyEmpty(empty);
        var ticked = onlyEmpty ? List.<String>of() : RoomActions.tickedRooms(names);
        model.addAttribute("onlyEmpty", onlyEmpty);
        model.addAttribute("roomPath", "/rooms");
        model.addAttribute("actionPath", Paths.END_ROOMS);
        model.addAttribute("maxTargets", BatchResult.MAX_TARGETS);
        try {
            var all = livekit.listRooms();
            List<RoomRow> targets;
            if (onlyEmpty) {
                var emptyRooms = all.stream().filter(room -> room.getNumParticipants() == 0).map(RoomRow::of)
                        .sorted(Comparator.comparing(RoomRow::name)).toList();
                targets = emptyRooms.stream().limit(BatchResult.MAX_TARGETS).toList();
                model.addAttribute("more", emptyRooms.size() - targets.size());
            } else {
                var byName = all.stream().collect(Collectors.toMap(room -> room.getName(), RoomRow::of, (a, b) -> a));
                targets = ticked.stream().filter(byName::containsKey).map(byName::get).toList();
                model.addAttribute("more", 0);
            }
            Set<String> found = targets.stream().map(RoomRow::name).collect(Collectors.toSet());
            model.addAttribute("targets", targets);
            model.addAttribute("gone", ticked.stream().filter(name -> !found.contains(name)).toList());
            model.addAttribute("people", targets.stream().mapToInt(RoomRow::participants).sum());
        } catch (LiveKitException e) {
            model.addAttribute("targets", List.of());
            model.addAttribute("gone", List.of());
            model.addAttribute("more", 0);
            model.addAttribute("people", 0);
            model.addAttribute("livekitError", e.userMessage());
        }
        return "rooms/end-many";
    }

    @PreAuthorize("hasRole('ADMIN')")
    @HxRequest
    @GetMapping(Paths.END_ROOMS)
    public String confirmEndRoomsDialog(@RequestParam(name = "name", required = false) List<String> names,
            @RequestParam(required = false) String empty, Model model) {
        confirmEndRooms(names, empty, model);
        return "rooms/end-many :: dialog";
    }

    @PostMapping(Paths.END_ROOMS)
    String endRooms(@RequestParam(name = "name", required = false) List<String> names,
            @RequestParam(required = false) String empty, @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        end(names, empty, reason, redirect);
        return "redirect:/rooms";
    }

    /** From a dialog: the whole browser goes to the rooms list, with what came of each room. */
    @HxRequest
    @PostMapping(Paths.END_ROOMS)
    View endRoomsFromPage(@RequestParam(name = "name", required = false) List<String> names,
            @RequestParam(required = false) String empty, @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        end(names, empty, reason, redirect);
        // Context-relative, as a "redirect:" view is: under /roomwarden when Roomwarden is served there.
        return new HtmxRedirectView("/rooms", true);
    }

    private void end(List<String> names, String empty, String reason, RedirectAttributes redirect) {
        var onlyEmpty = onlyEmpty(empty);
        var why = LiveKitNames.reason(reason);
        try {
            redirect.addFlashAttribute("batch", actions.deleteRooms(names, onlyEmpty, why));
        } catch (LiveKitException e) {
            // LiveKit could not say which rooms are still empty: none was touched.
            redirect.addFlashAttribute("flash", Flash.error("No room was ended. " + e.userMessage()));
        }
    }

    private static boolean onlyEmpty(String empty) {
        if (empty == null || empty.isEmpty()) {
            return false;
        }
        if (!"true".equals(empty)) {
            throw new InvalidInputException("'empty' can only be 'true'.");
        }
        return true;
    }
}
