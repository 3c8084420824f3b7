package dev.roomwarden.participants;

import dev.roomwarden.display.Flash;
import dev.roomwarden.display.Paths;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.telephony.TransferActions;
import dev.roomwarden.web.Answers;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Transfer a phone caller's call to another number or SIP address (MODERATOR): the dialog, and the POST, which waits
 * for LiveKit's answer (the other end accepting) while the dialog says so, then answers with the room and what came
 * of it. The role is checked, the address checked and the transfer audited by {@link TransferActions}.
 */
@Controller
@RequestMapping("/rooms/{roomName}/participants/{identity}/transfer")
class TransferCallController {

    private final TransferActions actions;
    private final Answers answers;

    TransferCallController(TransferActions actions, Answers answers) {
        this.actions = actions;
        this.answers = answers;
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping
    String confirm(@PathVariable("roomName") String roomName, @PathVariable String identity, @RequestParam(required = false) String sid,
            HtmxRequest htmx, Model model) {
        var room = LiveKitNames.requireRoomName(roomName);
        var who = LiveKitNames.requireIdentity(identity);
        ParticipantRow caller;
        try {
            caller = ParticipantRow.of(actions.caller(room, who));
        } catch (LiveKitException e) {
            // Told where staff look (the page's message area), as a refusal is, instead of an error page.
            throw new InvalidInputException(Flash.notDone("The call of “" + who + "” cannot be transferred now", e));
        }
        model.addAttribute("roomName", room);
        model.addAttribute("identity", who);
        model.addAttribute("sid", caller.sid());
        model.addAttribute("caller", caller);
        model.addAttribute("roomPath", Paths.room(room));
        model.addAttribute("defaultRinging", TransferActions.DEFAULT_RINGING_SECONDS);
        model.addAttribute("maxRinging", TransferActions.MAX_RINGING_SECONDS);
        model.addAttribute("actionPath", Paths.transferCall(room, who, null));
        return Answers.pageOrDialog(htmx, "participants/transfer");
    }

    /** The dialog's fields as typed; {@link TransferActions#transfer} checks them after the role. */
    record TransferForm(String transferTo, Boolean playDialtone, String ringingTimeout, String reason, String sid) {
    }

    @PostMapping
    String transfer(@PathVariable("roomName") String roomName, @PathVariable String identity, TransferForm form, HtmxRequest htmx,
            Model model, RedirectAttributes redirect) {
        var room = LiveKitNames.requireRoomName(roomName);
        var who = "“" + LiveKitNames.requireIdentity(identity) + "”";
        var reason = LiveKitNames.reason(form.reason());
        var flash = Flash.after(() -> actions.transfer(room, LiveKitNames.requireIdentity(identity), LiveKitNames.sid(form.sid()),
                        form.transferTo(), Boolean.TRUE.equals(form.playDialtone()), form.ringingTimeout(), reason),
                transferred -> transferred.outcome() == ActionOutcome.DONE
                        ? Flash.success("The call of " + who + " is transferred to " + transferred.to().uri() + ": the other end "
                                + "accepted it, and LiveKit ends their participant in this room in about a second.")
                        : Flash.info(who + " is no longer in “" + room + "”: their call had already ended."),
                "The call of " + who + " was not transferred");
        return answers.backToRoom(htmx, room, flash, model, redirect);
    }
}
