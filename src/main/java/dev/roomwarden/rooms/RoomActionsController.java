package dev.roomwarden.rooms;

import java.util.List;

import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.input.Metadata;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.web.Answers;
import dev.roomwarden.web.RoomTarget;
import dev.roomwarden.display.Flash;
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
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What staff do to one room: end it (ADMIN), send a message into it and edit its metadata (MODERATOR).
 * Each is a confirmation or form (page or dialog) and a POST; the role is checked, and a refusal
 * audited, by {@link RoomActions}.
 */
@Controller
@RequestMapping("/rooms/{name}")
class RoomActionsController {

    private final RoomActions actions;
    private final RoomPageModel roomPage;
    private final Answers answers;

    RoomActionsController(RoomActions actions, RoomPageModel roomPage, Answers answers) {
        this.actions = actions;
        this.roomPage = roomPage;
        this.answers = answers;
    }

    @ModelAttribute
    RoomTarget target(@PathVariable String name, @RequestParam(required = false) String sid, Model model) {
        return RoomTarget.of(name, sid, model);
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping("/delete")
    String confirmDelete(RoomTarget target, HtmxRequest htmx, Model model) {
        model.addAttribute("actionPath", Paths.deleteRoom(target.room()));
        return Answers.pageOrDialog(htmx, "rooms/delete");
    }

    /** Ends the room; the browser goes to the rooms list, or back to the room when it was not ended. */
    @PostMapping("/delete")
    View deleteRoom(RoomTarget target, @RequestParam(required = false) String reason, HtmxRequest htmx, RedirectAttributes redirect) {
        var why = LiveKitNames.reason(reason);
        var flash = Flash.after(() -> actions.deleteRoom(target.room(), target.sid(), why),
                "Room " + target.quoted() + " has ended for everyone in it.", "Room " + target.quoted() + " had already ended.",
                "Room " + target.quoted() + " was not ended");
        return Answers.goTo(htmx, flash.failed() ? Paths.room(target.room()) : "/rooms", flash, redirect);
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping("/message")
    String compose(RoomTarget target, HtmxRequest htmx, Model model) {
        roomPage.addTo(target.room(), model);
        model.addAttribute("chatTopic", RoomMessage.CHAT_TOPIC);
        model.addAttribute("actionPath", Paths.roomMessage(target.room(), null));
        return Answers.pageOrDialog(htmx, "rooms/message");
    }

    /** The message form as typed ({@code to}: the participants ticked); checked by {@link RoomActions#sendMessage} after the role. */
    record MessageForm(String text, String topic, List<String> to) {
    }

    @PostMapping("/message")
    String send(RoomTarget target, MessageForm form, HtmxRequest htmx, Model model, RedirectAttributes redirect) {
        var flash = Flash.after(() -> actions.sendMessage(target.room(), target.sid(), form.text(), form.topic(), form.to()),
                sent -> sent.outcome() == ActionOutcome.DONE
                        ? Flash.success("Message sent to " + sent.message().audience() + " in " + target.quoted()
                                + " (topic " + sent.message().topic() + ").")
                        : Flash.info(target.quoted() + " has ended; the message was not sent."),
                "The message was not sent");
        return answers.backToRoom(htmx, target.room(), flash, model, redirect);
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping("/metadata")
    String editMetadata(RoomTarget target, HtmxRequest htmx, Model model) {
        roomPage.addTo(target.room(), model);
        var room = (RoomRow) model.getAttribute("room");
        model.addAttribute("metadata", room == null ? "" : Metadata.pretty(room.metadata()));
        model.addAttribute("maxKiB", Metadata.MAX_BYTES / 1024);
        model.addAttribute("actionPath", Paths.roomMetadata(target.room(), null));
        return Answers.pageOrDialog(htmx, "rooms/metadata");
    }

    @PostMapping("/metadata")
    String saveMetadata(RoomTarget target, @RequestParam(required = false) String metadata, @RequestParam(required = false) String reason,
            HtmxRequest htmx, Model model, RedirectAttributes redirect) {
        var why = LiveKitNames.reason(reason);
        var flash = Flash.after(() -> actions.updateMetadata(target.room(), target.sid(), metadata, why),
                "The metadata of " + target.quoted() + " is saved.", target.quoted() + " has ended; its metadata was not changed.",
                "The metadata of " + target.quoted() + " was not changed");
        return answers.backToRoom(htmx, target.room(), flash, model, redirect);
    }
}
