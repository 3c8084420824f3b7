package dev.roomwarden.agents;

import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.input.Metadata;
import dev.roomwarden.web.Answers;
import dev.roomwarden.web.RoomTarget;
import dev.roomwarden.display.Flash;
import dev.roomwarden.web.LiveKitBanner;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Dispatching an agent into a room by its name, and cancelling a dispatch: form or confirmation, then LiveKit. */
@Controller
@RequestMapping("/rooms/{roomName}")
class AgentDispatchController {

    private final AgentActions actions;
    private final Answers answers;

    AgentDispatchController(AgentActions actions, Answers answers) {
        this.actions = actions;
        this.answers = answers;
    }

    @ModelAttribute
    RoomTarget target(@PathVariable("roomName") String room, @RequestParam(required = false) String sid, Model model) {
        return RoomTarget.of(room, sid, model);
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping("/dispatch")
    String dispatchForm(RoomTarget target, HtmxRequest htmx, Model model) {
        model.addAttribute("actionPath", Paths.dispatchAgent(target.room(), null));
        model.addAttribute("maxKiB", Metadata.MAX_BYTES / 1024);
        return Answers.pageOrDialog(htmx, "agents/dispatch");
    }

    /** The dispatch form as typed; {@link AgentActions#dispatchAgent} checks it after the role. */
    record DispatchForm(String agentName, String metadata, String reason) {
    }

    @PostMapping("/dispatch")
    String dispatchAgent(RoomTarget target, DispatchForm form, HtmxRequest htmx, Model model, RedirectAttributes redirect) {
        var why = LiveKitNames.reason(form.reason());
        var name = form.agentName() == null ? "" : form.agentName().strip();
        var flash = Flash.after(() -> actions.dispatchAgent(target.room(), target.sid(), form.agentName(), form.metadata(), why),
                "Agent “" + name + "” is dispatched to “" + target.room() + "”: it joins as soon as a worker takes the job.",
                "“" + target.room() + "” has ended; no agent was dispatched.", "Agent “" + name + "” was not dispatched");
        return answers.backToRoom(htmx, target.room(), flash, model, redirect);
    }

    private static final String CANCEL = "/dispatches/{dispatchId}/cancel";

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping(CANCEL)
    String confirmCancel(RoomTarget target, @PathVariable String dispatchId, HtmxRequest htmx, Model model) {
        var id = AgentActions.requireDispatchId(dispatchId);
        model.addAttribute("dispatchId", id);
        model.addAttribute("actionPath", Paths.cancelDispatch(target.room(), id));
        LiveKitBanner.fill(model, () -> model.addAttribute("dispatch", actions.dispatch(target.room(), id).orElse(null)));
        return Answers.pageOrDialog(htmx, "agents/cancel");
    }

    @PostMapping(CANCEL)
    String cancelDispatch(RoomTarget target, @PathVariable String dispatchId, @RequestParam(required = false) String reason,
            HtmxRequest htmx, Model model, RedirectAttributes redirect) {
        var why = LiveKitNames.reason(reason);
        var flash = Flash.after(() -> actions.cancelDispatch(target.room(), dispatchId, why),
                "The dispatch " + dispatchId + " is cancelled: its agents leave “" + target.room() + "”.",
                "The dispatch " + dispatchId + " was already gone from “" + target.room() + "”.",
                "The dispatch " + dispatchId + " was not cancelled");
        return answers.backToRoom(htmx, target.room(), flash, model, redirect);
    }
}
