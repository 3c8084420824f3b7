package dev.roomwarden.recordings;

import java.util.concurrent.atomic.AtomicReference;

import dev.roomwarden.display.Flash;
import dev.roomwarden.display.Paths;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.web.Answers;
import dev.roomwarden.web.LiveKitBanner;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import livekit.LivekitEgress.EgressInfo;
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
 * Stopping a recording, from its room's page or from /recordings: a confirmation, then LiveKit. {@code from} says which
 * page to go back to; nothing else is accepted, so the answer never sends the browser anywhere a link chose.
 */
@Controller
@RequestMapping("/recordings/{egressId}/stop")
class StopRecordingController {

    static final String RECORDINGS = "/recordings";

    private final RecordingActions actions;
    private final Answers answers;

    StopRecordingController(RecordingActions actions, Answers answers) {
        this.actions = actions;
        this.answers = answers;
    }

    /** The page the stop was asked from: the room's ("room", the default) or the recordings page ("recordings"). */
    static boolean fromRecordings(String from) {
        if (from == null || from.isBlank() || from.equals("room")) {
            return false;
        }
        if (from.equals("recordings")) {
            return true;
        }
        throw new InvalidInputException("A stop is asked from a room page (from=room) or the recordings page (from=recordings).");
    }

    @PreAuthorize("@recordingRoles.allowed(authentication)")
    @GetMapping
    String confirmStop(@PathVariable String egressId, @RequestParam(required = false) String from, HtmxRequest htmx, Model model) {
        var id = RecordingActions.requireEgressId(egressId);
        var toRecordings = fromRecordings(from);
        model.addAttribute("egressId", id);
        model.addAttribute("fromRecordings", toRecordings);
        model.addAttribute("actionPath", Paths.stopRecording(id, toRecordings ? "recordings" : "room"));
        model.addAttribute("roomPath", RECORDINGS);
        LiveKitBanner.fill(model, () -> actions.recording(id).map(RecordingRow::of).ifPresent(row -> {
            model.addAttribute("recording", row);
            model.addAttribute("roomName", row.room());
            if (!toRecordings && !row.room().isEmpty()) {
                model.addAttribute("roomPath", Paths.room(row.room()));
            }
        }));
        return Answers.pageOrDialog(htmx, "recordings/stop");
    }

    @PostMapping
    Object stop(@PathVariable String egressId, @RequestParam(required = false) String from,
            @RequestParam(name = "room", required = false) String roomShown, @RequestParam(required = false) String reason,
            HtmxRequest htmx, Model model, RedirectAttributes redirect) {
        var id = RecordingActions.requireEgressId(egressId);
        var toRecordings = fromRecordings(from);
        var why = LiveKitNames.reason(reason);
        // The room to go back to: LiveKit's, or when LiveKit cannot say (it failed, or forgot the egress) the one the confirmation showed.
        var room = new AtomicReference<>(roomShown == null || roomShown.isBlank() ? null : LiveKitNames.requireRoomName(roomShown));
        var flash = Flash.after(() -> actions.stopRecording(id, why), stopped -> {
            stopped.before().map(EgressInfo::getRoomName).filter(r -> !r.isEmpty()).ifPresent(room::set);
            var what = "The recording " + id + stopped.before().map(e -> " (" + RecordingRow.of(e).kind() + ")").orElse("");
            if (stopped.outcome() == ActionOutcome.DONE) {
                return Flash.success(what + " is stopping: LiveKit ends it once its file is written.");
            }
            return Flash.info(stopped.before().isEmpty() ? "LiveKit no longer knows the recording " + id + "; there is nothing to stop."
                    : what + " had already ended.");
        }, "The recording " + id + " was not stopped");
        if (toRecordings || room.get() == null) {
            return Answers.goTo(htmx, toRecordings ? RECORDINGS : "/rooms", flash, redirect);
        }
        return answers.backToRoom(htmx, room.get(), flash, model, redirect);
    }
}
