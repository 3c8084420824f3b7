package dev.roomwarden.rooms;

import dev.roomwarden.web.Answers;
import dev.roomwarden.display.Flash;
import dev.roomwarden.display.Paths;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
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
    String form(HtmxRequest htmx, Model model) {
        model.addAttribute("roomPath", "/rooms");
        return Answers.pageOrDialog(htmx, "rooms/new");
    }

    /** The form as typed; {@link RoomActions#createRoom} checks it after the role. */
    record NewRoomForm(String name, String emptyTimeout, String departureTimeout, String maxParticipants, String metadata) {
    }

    /** Creates the room; the browser goes to it, or back to the rooms list when LiveKit failed. */
    @PostMapping("/rooms")
    View create(NewRoomForm form, HtmxRequest htmx, RedirectAttributes redirect) {
        var flash = Flash.after(() -> actions.createRoom(form.name(), form.emptyTimeout(), form.departureTimeout(),
                        form.maxParticipants(), form.metadata()),
                room -> Flash.success("Room “" + room.name() + "” is created. LiveKit closes it if nobody joins within "
                        + (room.emptyTimeout() == 0 ? 300 : room.emptyTimeout()) + " s."),
                "The room was not created");
        // Created, the name was valid: the room's name is the one typed, without surrounding spaces.
        return Answers.goTo(htmx, flash.failed() ? "/rooms" : Paths.room(form.name().strip()), flash, redirect);
    }
}
