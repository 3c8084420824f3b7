package dev.roomwarden.participants;

import java.util.List;
import java.util.Map;

import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.rooms.RoomPageModel;
import dev.roomwarden.web.Flash;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Metadata;
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

/** Removing a participant from a room, muting and unmuting their tracks: confirmation, then the call to LiveKit. */
@Controller
class ParticipantController {

    private final ParticipantActions actions;
    private final RoomPageModel roomPage;

    ParticipantController(ParticipantActions actions, RoomPageModel roomPage) {
        this.actions = actions;
        this.roomPage = roomPage;
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping("/rooms/{roomName}/participants/{identity}/remove")
    public String confirmRemove(@PathVariable("roomName") String room, @PathVariable String identity,
            @RequestParam(required = false) String kind, @RequestParam(required = false) String sid, Model model) {
        model.addAttribute("roomName", LiveKitNames.requireRoomName(room));
        model.addAttribute("sid", LiveKitNames.sid(sid));
        model.addAttribute("identity", LiveKitNames.requireIdentity(identity));
        model.addAttribute("agent", "AGENT".equals(kind));
        model.addAttribute("roomPath", Paths.room(room));
        model.addAttribute("actionPath", Paths.removeParticipant(room, identity));
        return "participants/remove";
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @HxRequest
    @GetMapping("/rooms/{roomName}/participants/{identity}/remove")
    public String confirmRemoveDialog(@PathVariable("roomName") String room, @PathVariable String identity,
            @RequestParam(required = false) String kind, @RequestParam(required = false) String sid, Model model) {
        confirmRemove(room, identity, kind, sid, model);
        return "participants/remove :: dialog";
    }

    @PostMapping("/rooms/{roomName}/participants/{identity}/remove")
    String removeParticipant(@PathVariable("roomName") String room, @PathVariable String identity,
            @RequestParam(required = false) String sid, @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", remove(room, identity, sid, reason));
        return "redirect:/rooms/{roomName}";
    }

    /** From the room page: answer with the refreshed room and the message, no page load. */
    @HxRequest
    @PostMapping("/rooms/{roomName}/participants/{identity}/remove")
    String removeParticipantFromPage(@PathVariable("roomName") String room, @PathVariable String identity,
            @RequestParam(required = false) String sid, @RequestParam(required = false) String reason, Model model) {
        model.addAttribute("flash", remove(room, identity, sid, reason));
        roomPage.addTo(room, model);
        return "rooms/room :: actionResult";
    }

    private static final String TRACK = "/rooms/{roomName}/participants/{identity}/tracks/{trackSid}/{change:mute|unmute}";

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping(TRACK)
    public String confirmTrack(@PathVariable("roomName") String room, @PathVariable String identity,
            @PathVariable String trackSid, @PathVariable String change, @RequestParam(required = false) String sid, Model model) {
        LiveKitNames.requireRoomName(room);
        LiveKitNames.requireIdentity(identity);
        var mute = "mute".equals(change);
        model.addAttribute("roomName", room);
        model.addAttribute("identity", identity);
        model.addAttribute("sid", LiveKitNames.sid(sid));
        model.addAttribute("track", actions.track(room, identity, requireTrackSid(trackSid)));
        model.addAttribute("mute", mute);
        model.addAttribute("roomPath", Paths.room(room));
        model.addAttribute("actionPath", Paths.trackMute(room, identity, trackSid, mute, null));
        return "participants/track";
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @HxRequest
    @GetMapping(TRACK)
    public String confirmTrackDialog(@PathVariable("roomName") String room, @PathVariable String identity,
            @PathVariable String trackSid, @PathVariable String change, @RequestParam(required = false) String sid, Model model) {
        confirmTrack(room, identity, trackSid, change, sid, model);
        return "participants/track :: dialog";
    }

    @PostMapping(TRACK)
    String changeTrack(@PathVariable("roomName") String room, @PathVariable String identity, @PathVariable String trackSid,
            @PathVariable String change, @RequestParam(required = false) String sid, @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", setMuted(room, identity, trackSid, "mute".equals(change), sid, reason));
        return "redirect:/rooms/{roomName}";
    }

    @HxRequest
    @PostMapping(TRACK)
    String changeTrackFromPage(@PathVariable("roomName") String room, @PathVariable String identity,
            @PathVariable String trackSid, @PathVariable String change, @RequestParam(required = false) String sid,
            @RequestParam(required = false) String reason, Model model) {
        model.addAttribute("flash", setMuted(room, identity, trackSid, "mute".equals(change), sid, reason));
        roomPage.addTo(room, model);
        return "rooms/room :: actionResult";
    }

    private static final String SILENCE = "/rooms/{roomName}/participants/{identity}/{change:silence|unsilence}";

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping(SILENCE)
    public String confirmSilence(@PathVariable("roomName") String room, @PathVariable String identity,
            @PathVariable String change, @RequestParam(required = false) String sid, Model model) {
        var silence = "silence".equals(change);
        model.addAttribute("roomName", LiveKitNames.requireRoomName(room));
        model.addAttribute("identity", LiveKitNames.requireIdentity(identity));
        model.addAttribute("sid", LiveKitNames.sid(sid));
        model.addAttribute("silence", silence);
        model.addAttribute("roomPath", Paths.room(room));
        model.addAttribute("actionPath", Paths.silence(room, identity, silence, null));
        return "participants/silence";
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @HxRequest
    @GetMapping(SILENCE)
    public String confirmSilenceDialog(@PathVariable("roomName") String room, @PathVariable String identity,
            @PathVariable String change, @RequestParam(required = false) String sid, Model model) {
        confirmSilence(room, identity, change, sid, model);
        return "participants/silence :: dialog";
    }

    @PostMapping(SILENCE)
    String changeSilence(@PathVariable("roomName") String room, @PathVariable String identity, @PathVariable String change,
            @RequestParam(required = false) String sid, @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", setSilenced(room, identity, "silence".equals(change), sid, reason));
        return "redirect:/rooms/{roomName}";
    }

    @HxRequest
    @PostMapping(SILENCE)
    String changeSilenceFromPage(@PathVariable("roomName") String room, @PathVariable String identity,
            @PathVariable String change, @RequestParam(required = false) String sid, @RequestParam(required = false) String reason,
            Model model) {
        model.addAttribute("flash", setSilenced(room, identity, "silence".equals(change), sid, reason));
        roomPage.addTo(room, model);
        return "rooms/room :: actionResult";
    }

    private Flash setSilenced(String room, String identity, boolean silence, String sid, String reason) {
        LiveKitNames.requireRoomName(room);
        LiveKitNames.requireIdentity(identity);
        var participantSid = LiveKitNames.sid(sid);
        var why = LiveKitNames.reason(reason);
        var who = "“" + identity + "”";
        return Flash.after(() -> silence ? actions.silence(room, identity, participantSid, why) : actions.unsilence(room, identity, participantSid, why),
                silence ? who + " is silenced: their tracks are unpublished and they cannot publish again until you let them."
                        : who + " may publish again.",
                who + " is no longer in “" + room + "”.",
                who + " was not " + (silence ? "silenced" : "allowed to publish again"));
    }

    private static final String EDIT = "/rooms/{roomName}/participants/{identity}/edit";

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping(EDIT)
    public String editForm(@PathVariable("roomName") String room, @PathVariable String identity,
            @RequestParam(required = false) String sid, Model model) {
        model.addAttribute("roomName", LiveKitNames.requireRoomName(room));
        model.addAttribute("identity", LiveKitNames.requireIdentity(identity));
        model.addAttribute("sid", LiveKitNames.sid(sid));
        var participant = actions.participant(room, identity);
        model.addAttribute("name", participant.map(ParticipantRow::name).orElse(""));
        model.addAttribute("metadata", participant.map(p -> Metadata.pretty(p.metadata())).orElse(""));
        model.addAttribute("attributes", participant.map(p -> ParticipantEdit.text(p.attributes())).orElse(""));
        model.addAttribute("maxKiB", Metadata.MAX_BYTES / 1024);
        model.addAttribute("roomPath", Paths.room(room));
        model.addAttribute("actionPath", Paths.editParticipant(room, identity, null));
        return "participants/edit";
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @HxRequest
    @GetMapping(EDIT)
    public String editDialog(@PathVariable("roomName") String room, @PathVariable String identity,
            @RequestParam(required = false) String sid, Model model) {
        editForm(room, identity, sid, model);
        return "participants/edit :: dialog";
    }

    @PostMapping(EDIT)
    String edit(@PathVariable("roomName") String room, @PathVariable String identity, @RequestParam(required = false) String sid,
            @RequestParam(required = false) String name, @RequestParam(required = false) String metadata,
            @RequestParam(required = false) String attributes, @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", edit(room, identity, sid, new String[] {name, metadata, attributes}, reason));
        return "redirect:/rooms/{roomName}";
    }

    @HxRequest
    @PostMapping(EDIT)
    String editFromPage(@PathVariable("roomName") String room, @PathVariable String identity, @RequestParam(required = false) String sid,
            @RequestParam(required = false) String name, @RequestParam(required = false) String metadata,
            @RequestParam(required = false) String attributes, @RequestParam(required = false) String reason, Model model) {
        model.addAttribute("flash", edit(room, identity, sid, new String[] {name, metadata, attributes}, reason));
        roomPage.addTo(room, model);
        return "rooms/room :: actionResult";
    }

    /** {@code fields}: name, metadata and attributes as typed. */
    private Flash edit(String room, String identity, String sid, String[] fields, String reason) {
        LiveKitNames.requireRoomName(room);
        LiveKitNames.requireIdentity(identity);
        var participantSid = LiveKitNames.sid(sid);
        var why = LiveKitNames.reason(reason);
        return Flash.after(() -> actions.edit(room, identity, participantSid, fields[0], fields[1], fields[2], why),
                "“" + identity + "” is updated.", "“" + identity + "” is no longer in “" + room + "”.",
                "“" + identity + "” was not updated");
    }

    private static final String PERMISSIONS = "/rooms/{roomName}/participants/{identity}/permissions";

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping(PERMISSIONS)
    public String permissionsForm(@PathVariable("roomName") String room, @PathVariable String identity,
            @RequestParam(required = false) String sid, Model model) {
        model.addAttribute("roomName", LiveKitNames.requireRoomName(room));
        model.addAttribute("identity", LiveKitNames.requireIdentity(identity));
        model.addAttribute("sid", LiveKitNames.sid(sid));
        model.addAttribute("permissions", actions.permissions(room, identity)
                .orElse(new PermissionForm(true, true, List.of(), true, false, false)));
        model.addAttribute("sources", PermissionForm.SOURCES);
        model.addAttribute("roomPath", Paths.room(room));
        model.addAttribute("actionPath", Paths.participantPermissions(room, identity, null));
        return "participants/permissions";
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @HxRequest
    @GetMapping(PERMISSIONS)
    public String permissionsDialog(@PathVariable("roomName") String room, @PathVariable String identity,
            @RequestParam(required = false) String sid, Model model) {
        permissionsForm(room, identity, sid, model);
        return "participants/permissions :: dialog";
    }

    @PostMapping(PERMISSIONS)
    String setPermissions(@PathVariable("roomName") String room, @PathVariable String identity,
            @RequestParam(required = false) String sid, @RequestParam(required = false) String reason,
            @RequestParam Map<String, String> fields, @RequestParam(required = false) List<String> source, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", setPermissions(room, identity, sid, form(fields, source), reason));
        return "redirect:/rooms/{roomName}";
    }

    @HxRequest
    @PostMapping(PERMISSIONS)
    String setPermissionsFromPage(@PathVariable("roomName") String room, @PathVariable String identity,
            @RequestParam(required = false) String sid, @RequestParam(required = false) String reason,
            @RequestParam Map<String, String> fields, @RequestParam(required = false) List<String> source, Model model) {
        model.addAttribute("flash", setPermissions(room, identity, sid, form(fields, source), reason));
        roomPage.addTo(room, model);
        return "rooms/room :: actionResult";
    }

    private static PermissionForm form(Map<String, String> fields, List<String> sources) {
        return PermissionForm.parse(fields.get("subscribe"), fields.get("publish"), sources, fields.get("publishData"),
                fields.get("updateMetadata"), fields.get("hidden"));
    }

    private Flash setPermissions(String room, String identity, String sid, PermissionForm form, String reason) {
        LiveKitNames.requireRoomName(room);
        LiveKitNames.requireIdentity(identity);
        var participantSid = LiveKitNames.sid(sid);
        var why = LiveKitNames.reason(reason);
        return Flash.after(() -> actions.setPermissions(room, identity, participantSid, form, why),
                "“" + identity + "” may now: " + form.describe() + ".", "“" + identity + "” is no longer in “" + room + "”.",
                "The permissions of “" + identity + "” were not changed");
    }

    private static String requireTrackSid(String trackSid) {
        var checked = LiveKitNames.sid(trackSid);
        if (checked == null || !checked.startsWith("TR_")) {
            throw new InvalidInputException("'" + (trackSid.length() > 40 ? trackSid.substring(0, 40) : trackSid) + "' is not a LiveKit track sid.");
        }
        return checked;
    }

    private Flash setMuted(String room, String identity, String trackSid, boolean mute, String sid, String reason) {
        LiveKitNames.requireRoomName(room);
        LiveKitNames.requireIdentity(identity);
        var track = actions.track(room, identity, requireTrackSid(trackSid));
        var participantSid = LiveKitNames.sid(sid);
        var why = LiveKitNames.reason(reason);
        var whose = track.name() + " of “" + identity + "”";
        try {
            var outcome = mute ? actions.muteTrack(room, identity, participantSid, track, why)
                    : actions.unmuteTrack(room, identity, participantSid, track, why);
            if (outcome != ActionOutcome.DONE) {
                return Flash.info("“" + identity + "” or " + track.name() + " is no longer in “" + room + "”.");
            }
            return mute ? Flash.success(capitalized(whose) + " is muted. They can unmute it themselves.")
                    : Flash.success(capitalized(whose) + " is unmuted.");
        } catch (LiveKitException e) {
            if (!mute && "failed_precondition".equals(e.twirpCode())) {
                return Flash.error("LiveKit did not unmute " + whose + ": this LiveKit server does not let anyone unmute "
                        + "another participant's track (remote unmute is off in its configuration, room.enable_remote_unmute). "
                        + "Ask them to unmute themselves.");
            }
            return Flash.error(capitalized(whose) + " was not " + (mute ? "muted" : "unmuted") + ". " + e.userMessage());
        } catch (DataAccessException e) {
            return Flash.error(capitalized(whose) + " was not " + (mute ? "muted" : "unmuted") + ": " + Flash.AUDIT_UNAVAILABLE);
        }
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private Flash remove(String room, String identity, String sid, String reason) {
        LiveKitNames.requireRoomName(room);
        LiveKitNames.requireIdentity(identity);
        var participantSid = LiveKitNames.sid(sid);
        var why = LiveKitNames.reason(reason);
        return Flash.after(() -> actions.removeParticipant(room, identity, participantSid, why),
                "“" + identity + "” was removed from “" + room + "”.", "“" + identity + "” had already left “" + room + "”.",
                "“" + identity + "” was not removed");
    }
}
