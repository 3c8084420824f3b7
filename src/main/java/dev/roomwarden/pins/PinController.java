package dev.roomwarden.pins;

import dev.roomwarden.display.Paths;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.input.InvalidInputException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The star of a room on /rooms and on its page. One form posts {@code pin} or {@code unpin} with the room's name (as
 * {@link dev.roomwarden.input.UrlNames} writes it). htmx gets the star as it is now, and an event that refreshes the
 * rooms table; a plain form goes back to {@code back}, a path of /rooms.
 */
@Controller
class PinController {

    /** The event the rooms table refreshes on, from a pin or an unpin in this tab. */
    static final String PINS_CHANGED = "rw:pins-changed";

    private final Pins pins;

    PinController(Pins pins) {
        this.pins = pins;
    }

    /** What a star sends: the room to pin or to unpin, and where a plain form returns. */
    record PinForm(String pin, String unpin, String back) {
    }

    @PreAuthorize("hasRole('VIEWER')")
    @PostMapping("/pins")
    String pinOrUnpin(PinForm form, Authentication viewer, HtmxRequest htmx, HtmxResponse answer, Model model) {
        if ((form.pin() == null) == (form.unpin() == null)) {
            throw new InvalidInputException("Say which room to pin or to unpin. Nothing was changed.");
        }
        var pinning = form.pin() != null;
        var room = LiveKitNames.requireRoomName(pinning ? form.pin() : form.unpin());
        if (pinning) {
            pins.pin(viewer.getName(), room);
        } else {
            pins.unpin(viewer.getName(), room);
        }
        if (!htmx.isHtmxRequest()) {
            return "redirect:" + backTo(form.back(), room);
        }
        // The room page swaps its star for this one; the rooms table's form swaps nothing and refreshes the table.
        answer.addTrigger(PINS_CHANGED);
        model.addAttribute("star", new Star(room, pinning));
        return "pins/star :: room";
    }

    /** Only back to a room page or a view of /rooms: never a page of someone else's choosing. */
    private static String backTo(String back, String room) {
        if (back != null && (back.equals("/rooms") || back.startsWith("/rooms?") || back.startsWith("/rooms/"))
                && !back.contains("//") && !back.contains("\\") && back.chars().noneMatch(Character::isISOControl)) {
            return back;
        }
        return Paths.room(room);
    }
}
