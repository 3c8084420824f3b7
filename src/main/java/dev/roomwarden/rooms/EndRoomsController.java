package dev.roomwarden.rooms;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.roomwarden.audit.BatchResult;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.web.Answers;
import dev.roomwarden.display.Flash;
import dev.roomwarden.web.LiveKitBanner;
import dev.roomwarden.display.Paths;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Ending several rooms at once (ADMIN): the ticked ones, or every empty one. One confirmation lists
 * exactly which rooms will end; the answer says what came of each.
 */
@Controller
@RequestMapping(Paths.END_ROOMS)
class EndRoomsController {

    private final LiveKitGateway livekit;
    private final RoomActions actions;

    EndRoomsController(LiveKitGateway livekit, RoomActions actions) {
        this.livekit = livekit;
        this.actions = actions;
    }

    /** The ticked room names ({@code name}), or {@code empty=true} for every empty room; a reason comes with the POST. */
    record Selection(List<String> name, String empty, String reason) {

        boolean onlyEmpty() {
            if (empty == null || empty.isEmpty()) {
                return false;
            }
            if (!"true".equals(empty)) {
                throw new InvalidInputException("'empty' can only be 'true'.");
            }
            return true;
        }
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping
    String confirmEndRooms(Selection selection, HtmxRequest htmx, Model model) {
        var onlyEmpty = selection.onlyEmpty();
        var ticked = onlyEmpty ? List.<String>of() : RoomActions.tickedRooms(selection.name());
        model.addAttribute("onlyEmpty", onlyEmpty);
        model.addAttribute("roomPath", "/rooms");
        model.addAttribute("actionPath", Paths.END_ROOMS);
        model.addAttribute("maxTargets", BatchResult.MAX_TARGETS);
        model.addAttribute("targets", List.of());
        model.addAttribute("gone", List.of());
        model.addAttribute("more", 0);
        model.addAttribute("people", 0);
        LiveKitBanner.fill(model, () -> {
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
            }
            Set<String> found = targets.stream().map(RoomRow::name).collect(Collectors.toSet());
            model.addAttribute("targets", targets);
            model.addAttribute("gone", ticked.stream().filter(name -> !found.contains(name)).toList());
            model.addAttribute("people", targets.stream().mapToInt(RoomRow::participants).sum());
        });
        return Answers.pageOrDialog(htmx, "rooms/end-many");
    }

    /** The browser goes to the rooms list, with what came of each room. */
    @PostMapping
    View endRooms(Selection selection, HtmxRequest htmx, RedirectAttributes redirect) {
        var onlyEmpty = selection.onlyEmpty();
        var why = LiveKitNames.reason(selection.reason());
        // When LiveKit cannot say which rooms are still empty, no room is touched.
        var answer = Flash.after(() -> actions.deleteRooms(selection.name(), onlyEmpty, why), batch -> batch, "No room was ended");
        return Answers.goTo(htmx, "/rooms", answer, redirect);
    }
}
