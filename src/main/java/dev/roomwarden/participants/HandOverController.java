package dev.roomwarden.participants;

import dev.roomwarden.display.Flash;
import dev.roomwarden.display.Paths;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.web.Answers;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Hand an agent over to a human (MODERATOR): the dialog, the POST that starts it, and its progress, which the
 * dialog asks for every second (any instance can answer: the progress is in the database) until it is done.
 */
@Controller
@RequestMapping("/rooms/{roomName}")
class HandOverController {

    private final HandOverActions actions;
    private final HandOvers handOvers;
    private final Answers answers;

    HandOverController(HandOverActions actions, HandOvers handOvers, Answers answers) {
        this.actions = actions;
        this.handOvers = handOvers;
        this.answers = answers;
    }

    record HandOverForm(String message, String reason, Boolean cancelDispatch) {
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping("/participants/{identity}/hand-over")
    String confirm(@PathVariable("roomName") String roomName, @PathVariable String identity, @RequestParam(required = false) String sid,
            HtmxRequest htmx, Model model) {
        var room = LiveKitNames.requireRoomName(roomName);
        var who = LiveKitNames.requireIdentity(identity);
        var agent = actions.agent(room, who);
        model.addAttribute("roomName", room);
        model.addAttribute("identity", who);
        model.addAttribute("sid", LiveKitNames.sid(sid));
        model.addAttribute("roomPath", Paths.room(room));
        model.addAttribute("dispatchId", agent.dispatchId().orElse(null));
        model.addAttribute("method", actions.settings().method());
        model.addAttribute("waitSeconds", actions.settings().leaveWait().toSeconds());
        model.addAttribute("actionPath", Paths.handOver(room, who, null));
        return Answers.pageOrDialog(htmx, "participants/hand-over");
    }

    @PostMapping("/participants/{identity}/hand-over")
    String start(@PathVariable("roomName") String roomName, @PathVariable String identity, HandOverForm form, HtmxRequest htmx,
            Model model, RedirectAttributes redirect) {
        var room = LiveKitNames.requireRoomName(roomName);
        var who = LiveKitNames.requireIdentity(identity);
        var reason = LiveKitNames.reason(form.reason());
        String id;
        try {
            id = actions.handOver(room, who, form.message(), reason, Boolean.TRUE.equals(form.cancelDispatch()));
        } catch (LiveKitException e) {
            return answers.backToRoom(htmx, room, Flash.error(Flash.notDone("“" + who + "” was not handed over", e)), model, redirect);
        }
        if (!htmx.isHtmxRequest()) {
            return "redirect:" + Paths.handOverStatus(room, id);
        }
        return status(room, id, null, htmx, model);
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping("/hand-overs/{handOverId}")
    String status(@PathVariable("roomName") String roomName, @PathVariable("handOverId") String id, @RequestParam(required = false) String part,
            HtmxRequest htmx, Model model) {
        var room = LiveKitNames.requireRoomName(roomName);
        var handOver = handOvers.find(id).filter(h -> h.room().equals(room))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("handOver", handOver);
        model.addAttribute("roomName", room);
        model.addAttribute("roomPath", Paths.room(room));
        model.addAttribute("statusPath", Paths.handOverStatus(room, id));
        if (!htmx.isHtmxRequest()) {
            return "participants/hand-over-status";
        }
        return "progress".equals(part) ? "participants/hand-over-status :: progress" : "participants/hand-over-status :: dialog";
    }
}
