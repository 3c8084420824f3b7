package dev.roomwarden.agents;

import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.rooms.RoomPageModel;
import dev.roomwarden.web.Flash;
import dev.roomwarden.input.Metadata;
import dev.roomwarden.web.Paths;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Dispatching an agent into a room by its name, and cancelling a dispatch: form or confirmation, then LiveKit. */
@Controller
class AgentDispatchController {

    private static final String DISPATCH = "/rooms/{roomName}/dispatch";
    private static final String CANCEL = "/rooms/{roomName}/dispatches/{dispatchId}/cancel";

    private final AgentActions actions;
    private final RoomPageModel roomPage;

    AgentDispatchController(AgentActions actions, RoomPageModel roomPage) {
        this.actions = actions;
        this.roomPage = roomPage;
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping(DISPATCH)
    public String dispatchForm(@PathVariable("roomName") String room, @RequestParam(required = false) String sid, Model model) {
        model.addAttribute("roomName", LiveKitNames.requireRoomName(room));
        model.addAttribute("sid", LiveKitNames.sid(sid));
        model.addAttribute("roomPath", Paths.room(room));
        model.addAttribute("actionPath", Paths.dispatchAgent(room, null));
        model.addAttribute("maxKiB", Metadata.MAX_BYTES / 1024);
        return "agents/dispatch";
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @HxRequest
    @GetMapping(DISPATCH)
    public String dispatchDialog(@PathVariable("roomName") String room, @RequestParam(required = false) String sid, Model model) {
        dispatchForm(room, sid, model);
        return "agents/dispatch :: dialog";
    }

    @PostMapping(DISPATCH)
    String dispatchAgent(@PathVariable("roomName") String room, @RequestParam(required = false) String sid,
            @RequestParam(required = false) String agentName, @RequestParam(required = false) String metadata,
            @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", dispatch(room, sid, agentName, metadata, reason));
        return "redirect:/rooms/{roomName}";
    }

    @HxRequest
    @PostMapping(DISPATCH)
    String dispatchAgentFromPage(@PathVariable("roomName") String room, @RequestParam(required = false) String sid,
            @RequestParam(required = false) String agentName, @RequestParam(required = false) String metadata,
            @RequestParam(required = false) String reason, Model model) {
        model.addAttribute("flash", dispatch(room, sid, agentName, metadata, reason));
        roomPage.addTo(room, model);
        return "rooms/room :: actionResult";
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping(CANCEL)
    public String confirmCancel(@PathVariable("roomName") String room, @PathVariable String dispatchId, Model model) {
        LiveKitNames.requireRoomName(room);
        var id = AgentActions.requireDispatchId(dispatchId);
        model.addAttribute("roomName", room);
        model.addAttribute("dispatchId", id);
        model.addAttribute("roomPath", Paths.room(room));
        model.addAttribute("actionPath", Paths.cancelDispatch(room, id));
        try {
            model.addAttribute("dispatch", actions.dispatch(room, id).orElse(null));
        } catch (LiveKitException e) {
            model.addAttribute("livekitError", e.userMessage());
        }
        return "agents/cancel";
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @HxRequest
    @GetMapping(CANCEL)
    public String confirmCancelDialog(@PathVariable("roomName") String room, @PathVariable String dispatchId, Model model) {
        confirmCancel(room, dispatchId, model);
        return "agents/cancel :: dialog";
    }

    @PostMapping(CANCEL)
    String cancelDispatch(@PathVariable("roomName") String room, @PathVariable String dispatchId,
            @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", cancel(room, dispatchId, reason));
        return "redirect:/rooms/{roomName}";
    }

    @HxRequest
    @PostMapping(CANCEL)
    String cancelDispatchFromPage(@PathVariable("roomName") String room, @PathVariable String dispatchId,
            @RequestParam(required = false) String reason, Model model) {
        model.addAttribute("flash", cancel(room, dispatchId, reason));
        roomPage.addTo(room, model);
        return "rooms/room :: actionResult";
    }

    private Flash dispatch(String room, String sid, String agentName, String metadata, String reason) {
        LiveKitNames.requireRoomName(room);
        var roomSid = LiveKitNames.sid(sid);
        var why = LiveKitNames.reason(reason);
        var name = agentName == null ? "" : agentName.strip();
        return Flash.after(() -> actions.dispatchAgent(room, roomSid, agentName, metadata, why),
                "Agent “" + name + "” is dispatched to “" + room + "”: it joins as soon as a worker takes the job.",
                "“" + room + "” has ended; no agent was dispatched.", "Agent “" + name + "” was not dispatched");
    }

    private Flash cancel(String room, String dispatchId, String reason) {
        LiveKitNames.requireRoomName(room);
        var why = LiveKitNames.reason(reason);
        return Flash.after(() -> actions.cancelDispatch(room, dispatchId, why),
                "The dispatch " + dispatchId + " is cancelled: its agents leave “" + room + "”.",
                "The dispatch " + dispatchId + " was already gone from “" + room + "”.", "The dispatch " + dispatchId + " was not cancelled");
    }
}
