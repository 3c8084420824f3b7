package dev.roomwarden.recordings;

import java.util.List;

import dev.roomwarden.display.Flash;
import dev.roomwarden.display.Paths;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.web.Answers;
import dev.roomwarden.web.LiveKitBanner;
import dev.roomwarden.web.RoomTarget;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import livekit.LivekitModels.ParticipantInfo;
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

/** Recording a room, or one participant in it, from the room page: the dialog, then LiveKit Egress. */
@Controller
@RequestMapping("/rooms/{roomName}/record")
class RoomRecordingController {

    private final RecordingActions actions;
    private final RecordingProperties properties;
    private final LiveKitGateway livekit;
    private final Answers answers;

    RoomRecordingController(RecordingActions actions, RecordingProperties properties, LiveKitGateway livekit, Answers answers) {
        this.actions = actions;
        this.properties = properties;
        this.livekit = livekit;
        this.answers = answers;
    }

    @ModelAttribute
    RoomTarget target(@PathVariable("roomName") String room, @RequestParam(required = false) String sid, Model model) {
        return RoomTarget.of(room, sid, model);
    }

    @PreAuthorize("@recordingRoles.allowed(authentication)")
    @GetMapping
    String recordForm(RoomTarget target, HtmxRequest htmx, Model model) {
        model.addAttribute("actionPath", Paths.recordRoom(target.room(), null));
        model.addAttribute("layouts", RecordingActions.LAYOUTS);
        model.addAttribute("filePath", properties.filePath());
        model.addAttribute("allowTypedPath", properties.allowTypedPath());
        model.addAttribute("participants", List.of());
        // Only people are offered: agents, egresses and ingresses are not what staff record one by one.
        LiveKitBanner.fill(model, () -> model.addAttribute("participants", livekit.listParticipants(target.room()).stream()
                .filter(p -> p.getKind() == ParticipantInfo.Kind.STANDARD || p.getKind() == ParticipantInfo.Kind.SIP)
                .map(ParticipantInfo::getIdentity).toList()));
        return Answers.pageOrDialog(htmx, "recordings/record");
    }

    /** The dialog as sent: {@code what} "room" (with a layout, or audio only) or "participant" (with an identity). */
    record RecordForm(String what, String layout, String audioOnly, String identity, String filePath, String reason) {

        boolean participant() {
            if (what == null || what.isBlank() || what.equals("room")) {
                return false;
            }
            if (what.equals("participant")) {
                return true;
            }
            throw new InvalidInputException("Choose what to record: the whole room or one participant.");
        }
    }

    @PostMapping
    String record(RoomTarget target, RecordForm form, HtmxRequest htmx, Model model, RedirectAttributes redirect) {
        var why = LiveKitNames.reason(form.reason());
        if (form.participant()) {
            var identity = LiveKitNames.requireIdentity(form.identity() == null ? "" : form.identity().strip());
            var who = "“" + identity + "”";
            var flash = Flash.after(() -> actions.recordParticipant(target.room(), target.sid(), identity, form.filePath(), why),
                    started -> started.egress().isEmpty()
                            ? Flash.info(who + " is no longer in " + target.quoted() + "; nothing is recorded.")
                            : Flash.success("LiveKit is starting to record " + who + " in " + target.quoted() + " to “"
                                    + started.filepath() + "” (" + started.egress().get().getEgressId() + ")."),
                    who + " is not being recorded");
            return answers.backToRoom(htmx, target.room(), flash, model, redirect);
        }
        var audioOnly = "true".equals(form.audioOnly()) || "on".equals(form.audioOnly());
        var flash = Flash.after(() -> actions.recordRoom(target.room(), target.sid(), form.layout(), audioOnly, form.filePath(), why),
                started -> started.egress().isEmpty()
                        ? Flash.info(target.quoted() + " has ended; nothing is recorded.")
                        : Flash.success("LiveKit is starting to record " + target.quoted() + (audioOnly ? " (audio only)" : "")
                                + " to “" + started.filepath() + "” (" + started.egress().get().getEgressId() + ")."),
                target.quoted() + " is not being recorded");
        return answers.backToRoom(htmx, target.room(), flash, model, redirect);
    }
}
