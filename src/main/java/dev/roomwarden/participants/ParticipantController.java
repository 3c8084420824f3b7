package dev.roomwarden.participants;

import java.util.List;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.input.Metadata;
import dev.roomwarden.input.Text;
import dev.roomwarden.keepouts.KeepOut;
import dev.roomwarden.keepouts.KeepOutChoice;
import dev.roomwarden.keepouts.KeepOuts;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.web.Answers;
import dev.roomwarden.display.Flash;
import dev.roomwarden.display.Paths;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import org.springframework.dao.DataAccessException;
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
 * What a MODERATOR does to one participant: remove them, mute or unmute a track, silence them, edit them,
 * set their permissions. Each is a confirmation (page or dialog) and a POST; the role is checked, and a
 * refusal audited, by {@link ParticipantActions}.
 */
@Controller
@RequestMapping("/rooms/{roomName}/participants/{identity}")
class ParticipantController {

    private final ParticipantActions actions;
    private final KeepOuts keepOuts;
    private final Answers answers;

    ParticipantController(ParticipantActions actions, KeepOuts keepOuts, Answers answers) {
        this.actions = actions;
        this.keepOuts = keepOuts;
        this.answers = answers;
    }

    /** The participant the path names, checked, with the sid the page showed (kept in the audit log). */
    record Target(String room, String identity, String sid) {

        /** “ann” */
        String who() {
            return "“" + identity + "”";
        }

        String notInRoom() {
            return who() + " is no longer in “" + room + "”.";
        }
    }

    /** What every form here sends besides its own fields: the reason, checked. */
    record ReasonForm(String reason) {

        String why() {
            return LiveKitNames.reason(reason);
        }
    }

    @ModelAttribute
    Target target(@PathVariable("roomName") String room, @PathVariable String identity, @RequestParam(required = false) String sid,
            Model model) {
        var target = new Target(LiveKitNames.requireRoomName(room), LiveKitNames.requireIdentity(identity), LiveKitNames.sid(sid));
        model.addAttribute("roomName", target.room());
        model.addAttribute("identity", target.identity());
        model.addAttribute("sid", target.sid());
        model.addAttribute("roomPath", Paths.room(target.room()));
        return target;
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping("/remove")
    String confirmRemove(Target target, @RequestParam(required = false) String kind, HtmxRequest htmx, Model model) {
        model.addAttribute("agent", "AGENT".equals(kind));
        model.addAttribute("actionPath", Paths.removeParticipant(target.room(), target.identity()));
        return Answers.pageOrDialog(htmx, "participants/remove");
    }

    /** The remove dialog's keep-out question ({@link KeepOutChoice}): for how long ("no": not at all), of which rooms. */
    record KeepOutForm(String keepOut, String keepOutOf) {
    }

    @PostMapping("/remove")
    String remove(Target target, ReasonForm form, KeepOutForm keepOutForm, HtmxRequest htmx, Model model, RedirectAttributes redirect) {
        var why = form.why();
        KeepOut kept = null;
        // Kept out first, so that rejoining at once after the removal is already refused.
        if (KeepOutChoice.asked(keepOutForm.keepOut())) {
            try {
                kept = keepOuts.keepOut(target.room(), target.identity(), keepOutForm.keepOut(), keepOutForm.keepOutOf(), why);
            } catch (DataAccessException e) {
                var flash = Flash.error(Flash.notDone(target.who() + " was not kept out or removed", e));
                return answers.backToRoom(htmx, target.room(), flash, model, redirect);
            }
        }
        var keptOut = kept == null ? "" : " Roomwarden keeps them out of " + kept.scope() + " " + kept.until() + ".";
        var flash = Flash.after(() -> actions.removeParticipant(target.room(), target.identity(), target.sid(), why),
                target.who() + " was removed from “" + target.room() + "”." + keptOut,
                target.who() + " had already left “" + target.room() + "”." + keptOut,
                kept == null ? target.who() + " was not removed"
                        : target.who() + " is kept out of " + kept.scope() + " " + kept.until() + ", but was not removed now");
        return answers.backToRoom(htmx, target.room(), flash, model, redirect);
    }

    private static final String TRACK = "/tracks/{trackSid}/{change:mute|unmute}";

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping(TRACK)
    String confirmTrack(Target target, @PathVariable String trackSid, @PathVariable String change, HtmxRequest htmx, Model model) {
        var mute = "mute".equals(change);
        model.addAttribute("track", actions.track(target.room(), target.identity(), requireTrackSid(trackSid)));
        model.addAttribute("mute", mute);
        model.addAttribute("actionPath", Paths.trackMute(target.room(), target.identity(), trackSid, mute, null));
        return Answers.pageOrDialog(htmx, "participants/track");
    }

    @PostMapping(TRACK)
    String changeTrack(Target target, @PathVariable String trackSid, @PathVariable String change, ReasonForm form, HtmxRequest htmx,
            Model model, RedirectAttributes redirect) {
        var mute = "mute".equals(change);
        var track = actions.track(target.room(), target.identity(), requireTrackSid(trackSid));
        var why = form.why();
        var whose = track.name() + " of " + target.who();
        var flash = Flash.after(() -> mute ? actions.muteTrack(target.room(), target.identity(), target.sid(), track, why)
                        : actions.unmuteTrack(target.room(), target.identity(), target.sid(), track, why),
                outcome -> outcome != ActionOutcome.DONE
                        ? Flash.info(target.who() + " or " + track.name() + " is no longer in “" + target.room() + "”.")
                        : Flash.success(capitalized(whose) + (mute ? " is muted. They can unmute it themselves." : " is unmuted.")),
                capitalized(whose) + " was not " + (mute ? "muted" : "unmuted"));
        return answers.backToRoom(htmx, target.room(), flash, model, redirect);
    }

    private static final String SILENCE = "/{change:silence|unsilence}";

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping(SILENCE)
    String confirmSilence(Target target, @PathVariable String change, HtmxRequest htmx, Model model) {
        var silence = "silence".equals(change);
        model.addAttribute("silence", silence);
        model.addAttribute("actionPath", Paths.silence(target.room(), target.identity(), silence, null));
        return Answers.pageOrDialog(htmx, "participants/silence");
    }

    @PostMapping(SILENCE)
    String changeSilence(Target target, @PathVariable String change, ReasonForm form, HtmxRequest htmx, Model model,
            RedirectAttributes redirect) {
        var silence = "silence".equals(change);
        var why = form.why();
        var flash = Flash.after(() -> silence ? actions.silence(target.room(), target.identity(), target.sid(), why)
                        : actions.unsilence(target.room(), target.identity(), target.sid(), why),
                silence ? target.who() + " is silenced: their tracks are unpublished and they cannot publish again until you let them."
                        : target.who() + " may publish again.",
                target.notInRoom(), target.who() + " was not " + (silence ? "silenced" : "allowed to publish again"));
        return answers.backToRoom(htmx, target.room(), flash, model, redirect);
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping("/edit")
    String editForm(Target target, HtmxRequest htmx, Model model) {
        var participant = actions.participant(target.room(), target.identity());
        model.addAttribute("name", participant.map(ParticipantRow::name).orElse(""));
        model.addAttribute("metadata", participant.map(p -> Metadata.pretty(p.metadata())).orElse(""));
        model.addAttribute("attributes", participant.map(p -> ParticipantEdit.text(p.attributes())).orElse(""));
        model.addAttribute("maxKiB", Metadata.MAX_BYTES / 1024);
        model.addAttribute("actionPath", Paths.editParticipant(target.room(), target.identity(), null));
        return Answers.pageOrDialog(htmx, "participants/edit");
    }

    /** The editor's fields as typed; {@link ParticipantActions#edit} checks them after the role. */
    record EditForm(String name, String metadata, String attributes) {
    }

    @PostMapping("/edit")
    String edit(Target target, EditForm edit, ReasonForm form, HtmxRequest htmx, Model model, RedirectAttributes redirect) {
        var why = form.why();
        var flash = Flash.after(() -> actions.edit(target.room(), target.identity(), target.sid(), edit.name(), edit.metadata(),
                        edit.attributes(), why),
                target.who() + " is updated.", target.notInRoom(), target.who() + " was not updated");
        return answers.backToRoom(htmx, target.room(), flash, model, redirect);
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping("/move")
    String confirmMove(Target target, HtmxRequest htmx, Model model) {
        model.addAttribute("rooms", actions.otherRooms(target.room()));
        model.addAttribute("moveNotImplemented", actions.moveNotImplemented());
        model.addAttribute("actionPath", Paths.moveParticipant(target.room(), target.identity(), null));
        return Answers.pageOrDialog(htmx, "participants/move");
    }

    /** The move dialog's fields: a live room chosen ({@code destination}) or a name typed ({@code destinationName}). */
    record MoveForm(String destination, String destinationName) {
    }

    @PostMapping("/move")
    String move(Target target, MoveForm move, ReasonForm form, HtmxRequest htmx, Model model, RedirectAttributes redirect) {
        var why = form.why();
        var flash = Flash.after(() -> actions.moveParticipant(target.room(), target.identity(), target.sid(), move.destination(),
                        move.destinationName(), why),
                moved -> moved.outcome() == ActionOutcome.DONE
                        ? Flash.success(target.who() + " was moved to “" + moved.destination() + "”: they left “" + target.room()
                                + "” and joined it.")
                        : Flash.info(target.notInRoom()),
                target.who() + " was not moved");
        return answers.backToRoom(htmx, target.room(), flash, model, redirect);
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping("/permissions")
    String permissionsForm(Target target, HtmxRequest htmx, Model model) {
        model.addAttribute("permissions", actions.permissions(target.room(), target.identity())
                .orElse(new PermissionForm(true, true, List.of(), true, false, false)));
        model.addAttribute("sources", PermissionForm.SOURCES);
        model.addAttribute("actionPath", Paths.participantPermissions(target.room(), target.identity(), null));
        return Answers.pageOrDialog(htmx, "participants/permissions");
    }

    /** The permission form's boxes as ticked ({@code source}: the sources ticked). */
    record PermissionsForm(String subscribe, String publish, List<String> source, String publishData, String updateMetadata,
            String hidden) {

        PermissionForm parse() {
            return PermissionForm.parse(subscribe, publish, source, publishData, updateMetadata, hidden);
        }
    }

    @PostMapping("/permissions")
    String setPermissions(Target target, PermissionsForm ticked, ReasonForm form, HtmxRequest htmx, Model model,
            RedirectAttributes redirect) {
        var permissions = ticked.parse();
        var why = form.why();
        var flash = Flash.after(() -> actions.setPermissions(target.room(), target.identity(), target.sid(), permissions, why),
                target.who() + " may now: " + permissions.describe() + ".", target.notInRoom(),
                "The permissions of " + target.who() + " were not changed");
        return answers.backToRoom(htmx, target.room(), flash, model, redirect);
    }

    private static String requireTrackSid(String trackSid) {
        var checked = LiveKitNames.sid(trackSid);
        if (checked == null || !checked.startsWith("TR_")) {
            throw new InvalidInputException("'" + Text.abbreviate(trackSid, 40) + "' is not a LiveKit track sid.");
        }
        return checked;
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
