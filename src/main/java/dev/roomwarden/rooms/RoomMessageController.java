package dev.roomwarden.rooms;

import java.util.List;

import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.input.LiveKitNames;
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

/** Sending a message into a room: the form (with the room's participants to choose from), then SendData. */
@Controller
class RoomMessageController {

    private static final String MESSAGE = "/rooms/{name}/message";

    private final RoomActions actions;
    private final RoomPageModel roomPage;

    RoomMessageController(RoomActions actions, RoomPageModel roomPage) {
        this.actions = actions;
        this.roomPage = roomPage;
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping(MESSAGE)
    public String compose(@PathVariable String name, @RequestParam(required = false) String sid, Model model) {
        roomPage.addTo(name, model);
        model.addAttribute("sid", LiveKitNames.sid(sid));
        model.addAttribute("chatTopic", RoomMessage.CHAT_TOPIC);
        model.addAttribute("actionPath", Paths.roomMessage(name, null));
        return "rooms/message";
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @HxRequest
    @GetMapping(MESSAGE)
    public String composeDialog(@PathVariable String name, @RequestParam(required = false) String sid, Model model) {
        compose(name, sid, model);
        return "rooms/message :: dialog";
    }

    @PostMapping(MESSAGE)
    String send(@PathVariable String name, @RequestParam(required = false) String sid, @RequestParam(required = false) String text,
            @RequestParam(required = false) String topic, @RequestParam(required = false) List<String> to, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", send(name, sid, text, topic, to));
        return "redirect:/rooms/{name}";
    }

    @HxRequest
    @PostMapping(MESSAGE)
    String sendFromPage(@PathVariable String name, @RequestParam(required = false) String sid,
            @RequestParam(required = false) String text, @RequestParam(required = false) String topic,
            @RequestParam(required = false) List<String> to, Model model) {
        model.addAttribute("flash", send(name, sid, text, topic, to));
        roomPage.addTo(name, model);
        return "rooms/room :: actionResult";
    }

    private Flash send(String room, String sid, String text, String topic, List<String> to) {
        LiveKitNames.requireRoomName(room);
        var roomSid = LiveKitNames.sid(sid);
        try {
            var outcome = actions.sendMessage(room, roomSid, text, topic, to);
            // Checked by sendMessage already: read again only to say what was sent.
            var message = RoomMessage.parse(text, topic, to);
            return outcome == ActionOutcome.DONE
                    ? Flash.success("Message sent to " + message.audience() + " in “" + room + "” (topic " + message.topic() + ").")
                    : Flash.info("“" + room + "” has ended; the message was not sent.");
        } catch (LiveKitException e) {
            return Flash.error("The message was not sent. " + e.userMessage());
        } catch (DataAccessException e) {
            return Flash.error("The message was not sent: " + Flash.AUDIT_UNAVAILABLE);
        }
    }
}
