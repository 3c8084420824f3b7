package dev.roomwarden.rooms;

import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.web.Flash;
import dev.roomwarden.web.Paths;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRedirectView;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import org.springframework.dao.DataAccessException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Creating a room (ADMIN). The form lives at /new-room, not /rooms/new, which would hide a LiveKit room
 * named "new"; the room is created by POST /rooms and then opened.
 */
@Controller
class NewRoomController {

    private final RoomActions actions;

    NewRoomController(RoomActions actions) {
        this.actions = actions;
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping("/new-room")
    public String form(Model model) {
        model.addAttribute("roomPath", "/rooms");
        return "rooms/new";
    }

    @PreAuthorize("hasRole('ADMIN')")
    @HxRequest
    @GetMapping("/new-room")
    public String formDialog(Model model) {
        form(model);
        return "rooms/new :: dialog";
    }

    @PostMapping("/rooms")
    String create(@RequestParam(required = false) String name, @RequestParam(required = false) String emptyTimeout,
            @RequestParam(required = false) String departureTimeout, @RequestParam(required = false) String maxParticipants,
            @RequestParam(required = false) String metadata, RedirectAttributes redirect) {
        return "redirect:" + createAndGo(name, emptyTimeout, departureTimeout, maxParticipants, metadata, redirect);
    }

    /** From the dialog: the whole browser goes to the new room, as after a plain form post. */
    @HxRequest
    @PostMapping("/rooms")
    View createFromDialog(@RequestParam(required = false) String name, @RequestParam(required = false) String emptyTimeout,
            @RequestParam(required = false) String departureTimeout, @RequestParam(required = false) String maxParticipants,
            @RequestParam(required = false) String metadata, RedirectAttributes redirect) {
        // Context-relative, as a "redirect:" view is: under /roomwarden when Roomwarden is served there.
        return new HtmxRedirectView(createAndGo(name, emptyTimeout, departureTimeout, maxParticipants, metadata, redirect), true);
    }

    /** Creates the room and returns where to go next: the new room, or the rooms list when LiveKit failed. */
    private String createAndGo(String name, String emptyTimeout, String departureTimeout, String maxParticipants, String metadata,
            RedirectAttributes redirect) {
        try {
            var room = actions.createRoom(name, emptyTimeout, departureTimeout, maxParticipants, metadata);
            redirect.addFlashAttribute("flash", Flash.success("Room “" + room.name() + "” is created. LiveKit closes it "
                    + "if nobody joins within " + (room.emptyTimeout() == 0 ? 300 : room.emptyTimeout()) + " s."));
            return Paths.room(room.name());
        } catch (LiveKitException e) {
            redirect.addFlashAttribute("flash", Flash.error("The room was not created. " + e.userMessage()));
            return "/rooms";
        } catch (DataAccessException e) {
            redirect.addFlashAttribute("flash", Flash.error("The room was not created: " + Flash.AUDIT_UNAVAILABLE));
            return "/rooms";
        }
    }
}
