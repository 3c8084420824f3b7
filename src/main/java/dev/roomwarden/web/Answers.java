package dev.roomwarden.web;

import dev.roomwarden.display.ActionMessage;
import dev.roomwarden.display.Paths;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRedirectView;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * How every confirm-then-act action answers, with or without htmx. A confirmation is one page that
 * htmx asks for as a dialog; an action is one POST that answers a form with a redirect and its message,
 * and htmx with the refreshed room and the message, or sends the whole browser elsewhere.
 */
@Component
public class Answers {

    private final RoomPart roomPart;

    Answers(RoomPart roomPart) {
        this.roomPart = roomPart;
    }

    /** The confirmation {@code template}: the whole page, or for htmx its {@code dialog} fragment. */
    public static String pageOrDialog(HtmxRequest htmx, String template) {
        return htmx.isHtmxRequest() ? template + " :: dialog" : template;
    }

    /**
     * After an action on {@code room} or something in it: back to the room page with the message, or for
     * htmx the room's refreshed live part, the message and a closed dialog, without a page load.
     */
    public String backToRoom(HtmxRequest htmx, String room, ActionMessage message, Model model, RedirectAttributes redirect) {
        if (!htmx.isHtmxRequest()) {
            redirect.addFlashAttribute(message.modelAttribute(), message);
            return "redirect:" + Paths.room(room);
        }
        model.addAttribute(message.modelAttribute(), message);
        roomPart.addTo(room, model);
        return RoomPart.ACTION_RESULT;
    }

    /**
     * After an action that leaves the page (a room ended, a room created): the browser goes to {@code path}
     * with the message, as after a plain form post, for htmx too.
     */
    public static View goTo(HtmxRequest htmx, String path, ActionMessage message, RedirectAttributes redirect) {
        redirect.addFlashAttribute(message.modelAttribute(), message);
        // Context-relative, as a "redirect:" view is: under /roomwarden when Roomwarden is served there.
        return htmx.isHtmxRequest() ? new HtmxRedirectView(path, true) : new RedirectView(path, true);
    }
}
