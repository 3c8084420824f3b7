package dev.roomwarden.rooms;

import dev.roomwarden.display.Flash;
import dev.roomwarden.display.Paths;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.telephony.CallActions;
import dev.roomwarden.telephony.CallForm;
import dev.roomwarden.telephony.PhoneCall;
import dev.roomwarden.web.Answers;
import dev.roomwarden.web.LiveKitBanner;
import dev.roomwarden.web.RoomTarget;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponse;
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
 * Calling a phone number into a room from the room page: the dialog, then LiveKit SIP through an outbound trunk
 * ({@link CallActions}). Here, not in telephony, which the layout and live updates need for masking numbers.
 */
@Controller
@RequestMapping("/rooms/{roomName}/call")
class CallController {

    private final CallActions actions;
    private final Answers answers;

    CallController(CallActions actions, Answers answers) {
        this.actions = actions;
        this.answers = answers;
    }

    @ModelAttribute
    RoomTarget target(@PathVariable("roomName") String room, @RequestParam(required = false) String sid, Model model) {
        return RoomTarget.of(room, sid, model);
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping
    String callForm(RoomTarget target, HtmxRequest htmx, Model model) {
        model.addAttribute("actionPath", Paths.callNumber(target.room(), null));
        model.addAttribute("defaultRinging", PhoneCall.DEFAULT_RINGING_SECONDS);
        model.addAttribute("maxRinging", PhoneCall.MAX_RINGING_SECONDS);
        LiveKitBanner.fill(model, () -> {
            try {
                model.addAttribute("trunks", actions.outboundTrunks());
            } catch (LiveKitException e) {
                // A LiveKit without SIP: its sentence instead of the form.
                if (e.explanation() == null) {
                    throw e;
                }
                model.addAttribute("notAvailable", e.explanation());
            }
        });
        return Answers.pageOrDialog(htmx, "rooms/call");
    }

    @PostMapping
    String call(RoomTarget target, CallForm form, HtmxRequest htmx, HtmxResponse answer, Model model, RedirectAttributes redirect) {
        var why = LiveKitNames.reason(form.reason());
        var flash = Flash.after(() -> actions.call(target.room(), target.sid(), form, why),
                called -> called.call().waitUntilAnswered()
                        ? Flash.success(called.call().number() + " answered and is in the room as " + called.call().quotedIdentity() + ".")
                        : Flash.success("LiveKit is calling " + called.call().number() + " as " + called.call().quotedIdentity()
                                + "; the room page shows it ringing, then in the call once answered."),
                "The call was not made");
        // The room's live part may have been refreshed while the call rang: the answer goes into the one there is now.
        answer.setRetarget("#room-live");
        return answers.backToRoom(htmx, target.room(), flash, model, redirect);
    }
}
