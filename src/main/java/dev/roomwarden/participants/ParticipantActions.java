package dev.roomwarden.participants;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.audit.Recheck;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.input.Text;
import dev.roomwarden.input.UrlNames;
import dev.roomwarden.audit.AuditOutcome;
import dev.roomwarden.audit.BatchResult;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** What staff may do to a participant; each call is audited, refused ones too. */
@Service
public class ParticipantActions {

    private final LiveKitGateway livekit;
    private final AuditLog auditLog;

    ParticipantActions(LiveKitGateway livekit, AuditLog auditLog) {
        this.livekit = livekit;
        this.auditLog = auditLog;
    }

    /** Disconnects the participant. LiveKit does not ban: they can rejoin with a still-valid token. */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.REMOVE_PARTICIPANT, room = "room", participant = "identity", reason = "reason")
    public ActionOutcome removeParticipant(String room, String identity, String participantSid, String reason) {
        return auditLog.perform(AuditAction.REMOVE_PARTICIPANT, target(room, identity, participantSid), reason, null, null,
                () -> livekit.removeParticipant(room, identity), left(room, identity));
    }

    /**
     * Moves the participant into another live room (MoveParticipant). LiveKit Cloud implements it; the open-source
     * server answers "not implemented", which the gateway remembers. Each refusal is told in words.
     */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.MOVE_PARTICIPANT, room = "room", participant = "identity", reason = "reason")
    public Moved moveParticipant(String room, String identity, String participantSid, String chosen, String typed, String reason) {
        var to = MoveDestination.of(chosen, typed).name();
        if (!to.equals(room) && livekit.findRoom(to).isEmpty()) {
            throw new InvalidInputException("There is no live room “" + Text.abbreviate(to, 80) + "” on LiveKit at "
                    + livekit.connection().displayHost() + ": choose one of the live rooms, or type the name of one.");
        }
        try {
            // Asked first: for someone who is not connected LiveKit would wait about 3 s, then answer 503.
            return new Moved(to, auditLog.perform(AuditAction.MOVE_PARTICIPANT, target(room, identity, participantSid), reason,
                    "to room “" + to + "”", null,
                    () -> livekit.lookUpParticipant(room, identity).isEmpty() ? ActionOutcome.ALREADY_GONE
                            : livekit.moveParticipant(room, identity, to),
                    () -> livekit.lookUpParticipant(to, identity).isPresent()));
        } catch (LiveKitException e) {
            throw MoveRefusals.explained(e, room, identity, to, livekit.connection().displayHost());
        }
    }

    /** Where the participant was to go, and what LiveKit answered. */
    public record Moved(String destination, ActionOutcome outcome) {
    }

    static final BatchResult.Wording REMOVED = new BatchResult.Wording("participant", "participants", "removed",
            "had already left", "not removed");

    /**
     * Removes several participants with one confirmation: each is removed and audited on its own, all
     * records sharing one batch id; what came of each is reported, a failure never hidden in a total.
     */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.REMOVE_PARTICIPANT, room = "room", reason = "reason")
    public BatchResult removeParticipants(String room, List<String> ticked, String reason) {
        var identities = ticked(ticked);
        var batchId = BatchResult.newBatchId();
        var detail = "one of " + identities.size() + " removed together";
        var sids = new java.util.HashMap<String, String>();
        try {
            livekit.listParticipants(room).forEach(p -> sids.put(p.getIdentity(), p.getSid()));
        } catch (LiveKitException e) {
            // The records then go without sids; each removal still asks LiveKit itself.
        }
        return BatchResult.run(batchId, REMOVED, identities, identity -> identity, new BatchResult.Action<>() {
            @Override
            public ActionOutcome perform(String identity) {
                LiveKitNames.checkIdentity(identity);
                return auditLog.perform(AuditAction.REMOVE_PARTICIPANT, target(room, identity, sids.get(identity)), reason,
                        detail, batchId, () -> livekit.removeParticipant(room, identity), left(room, identity));
            }

            @Override
            public void notTried(String identity, String why) {
                auditLog.record(AuditAction.REMOVE_PARTICIPANT, target(room, identity, sids.get(identity)), reason,
                        AuditOutcome.SKIPPED, "not tried: " + why, batchId);
            }
        });
    }

    /** The identities ticked for a batch; each is checked on its turn. */
    static List<String> ticked(List<String> identities) {
        return LiveKitNames.requireSelection(identities, "Tick the participants to remove first.", BatchResult.MAX_TARGETS);
    }

    /** Mutes a published track; the participant can unmute it again unless they also lose the right to publish. */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.MUTE_TRACK, room = "room", participant = "identity", reason = "reason")
    public ActionOutcome muteTrack(String room, String identity, String participantSid, TrackRef track, String reason) {
        return setMuted(AuditAction.MUTE_TRACK, room, identity, participantSid, track, reason, true);
    }

    /** Unmutes a track, where the LiveKit server allows remote unmute (it refuses otherwise). */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.UNMUTE_TRACK, room = "room", participant = "identity", reason = "reason")
    public ActionOutcome unmuteTrack(String room, String identity, String participantSid, TrackRef track, String reason) {
        try {
            return setMuted(AuditAction.UNMUTE_TRACK, room, identity, participantSid, track, reason, false);
        } catch (LiveKitException e) {
            if ("failed_precondition".equals(e.twirpCode())) {
                throw e.explained("LiveKit did not unmute " + track.name() + " of “" + identity + "”: this LiveKit server does not "
                        + "let anyone unmute another participant's track (remote unmute is off in its configuration, "
                        + "room.enable_remote_unmute). Ask them to unmute themselves.");
            }
            throw e;
        }
    }

    private ActionOutcome setMuted(AuditAction action, String room, String identity, String participantSid, TrackRef track,
            String reason, boolean muted) {
        return auditLog.perform(action, target(room, identity, participantSid), reason, track.describe(), null,
                () -> livekit.setTrackMuted(room, identity, track.sid(), muted),
                () -> livekit.lookUpParticipant(room, identity).stream().flatMap(p -> p.getTracksList().stream())
                        .anyMatch(t -> t.getSid().equals(track.sid()) && t.getMuted() == muted));
    }

    /** After a timeout: the participant is no longer in the room. */
    private Recheck left(String room, String identity) {
        return () -> livekit.lookUpParticipant(room, identity).isEmpty();
    }

    /** After a timeout: the participant's permission is what the change makes of it (changing it again changes nothing). */
    private Recheck permitted(String room, String identity, UnaryOperator<ParticipantPermission> change) {
        return () -> livekit.lookUpParticipant(room, identity)
                .map(p -> change.apply(p.getPermission()).equals(p.getPermission())).orElse(false);
    }

    private ActionOutcome changePermission(AuditAction action, String room, String identity, String participantSid, String reason,
            String detail, UnaryOperator<ParticipantPermission> change) {
        return auditLog.perform(action, target(room, identity, participantSid), reason, detail, null,
                () -> livekit.updatePermission(room, identity, change), permitted(room, identity, change));
    }

    /**
     * Silences a participant: they stop publishing (LiveKit unpublishes their tracks) and may not publish
     * again, media or data, until allowed to. They stay in the room and still hear and see the others.
     */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.SILENCE_PARTICIPANT, room = "room", participant = "identity", reason = "reason")
    public ActionOutcome silence(String room, String identity, String participantSid, String reason) {
        return changePermission(AuditAction.SILENCE_PARTICIPANT, room, identity, participantSid, reason,
                "may publish: no; may publish data: no",
                permission -> permission.toBuilder().setCanPublish(false).setCanPublishData(false).build());
    }

    /** Lets a silenced participant publish again: media from any source, and data. */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.UNSILENCE_PARTICIPANT, room = "room", participant = "identity", reason = "reason")
    public ActionOutcome unsilence(String room, String identity, String participantSid, String reason) {
        return changePermission(AuditAction.UNSILENCE_PARTICIPANT, room, identity, participantSid, reason,
                "may publish: yes, any source; may publish data: yes",
                permission -> permission.toBuilder().setCanPublish(true).clearCanPublishSources().setCanPublishData(true).build());
    }

    /** Changes the participant's name, metadata and attributes (checked after the role: refusals first). */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.UPDATE_PARTICIPANT, room = "room", participant = "identity", reason = "reason")
    public ActionOutcome edit(String room, String identity, String participantSid, String name, String metadata, String attributes,
            String reason) {
        var edit = ParticipantEdit.parse(name, metadata, attributes);
        return auditLog.perform(AuditAction.UPDATE_PARTICIPANT, target(room, identity, participantSid), reason, edit.describe(), null,
                () -> livekit.updateParticipant(room, identity, edit.name(), edit.metadata(), edit.attributes()),
                () -> livekit.lookUpParticipant(room, identity).map(p -> (edit.name().isEmpty() || p.getName().equals(edit.name()))
                        && (edit.metadata() == null || edit.metadata().isEmpty() || p.getMetadata().equals(edit.metadata()))
                        && p.getAttributesMap().equals(edit.attributes())).orElse(false));
    }

    /** Sets what the participant may do; LiveKit unpublishes tracks the new permission no longer allows. */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.CHANGE_PERMISSIONS, room = "room", participant = "identity", reason = "reason")
    public ActionOutcome setPermissions(String room, String identity, String participantSid, PermissionForm form, String reason) {
        return changePermission(AuditAction.CHANGE_PERMISSIONS, room, identity, participantSid, reason, form.describe(), form::applyTo);
    }

    /** The participant's permission as the room's (shared) participant list has it, for the form; empty when gone. */
    public Optional<PermissionForm> permissions(String room, String identity) {
        return listed(room, identity).map(p -> PermissionForm.of(p.getPermission()));
    }

    /** The live rooms other than this one, by name, for the move dialog; empty when LiveKit does not answer. */
    public List<MoveTarget> otherRooms(String room) {
        try {
            return livekit.listRooms().stream().map(r -> r.getName()).filter(name -> !name.equals(room)).sorted()
                    .map(MoveTarget::new).toList();
        } catch (LiveKitException e) {
            return List.of();
        }
    }

    /** A live room to move someone to: its name, and the select's value for it. */
    public record MoveTarget(String name) {

        public String field() {
            return UrlNames.encode(name);
        }
    }

    /** Whether this LiveKit has answered MoveParticipant "not implemented" (in this instance's memory). */
    public boolean moveNotImplemented() {
        return livekit.moveNotImplemented();
    }

    /** The room's participants as its (shared) participant list has them, agents first, for a batch's preview. */
    public List<ParticipantRow> participants(String room) {
        return livekit.listParticipants(room).stream().map(ParticipantRow::of).toList();
    }

    /** The participant as the room's (shared) participant list has them, for the editor; empty when gone. */
    public Optional<ParticipantRow> participant(String room, String identity) {
        return listed(room, identity).map(ParticipantRow::of);
    }

    /**
     * The track as the room's participant list (shared, possibly a few seconds old) knows it, for the
     * dialog and the record; a track it does not know is still named by its sid.
     */
    public TrackRef track(String room, String identity, String trackSid) {
        try {
            return listed(room, identity).stream()
                    .flatMap(participant -> participant.getTracksList().stream())
                    .filter(track -> track.getSid().equals(trackSid))
                    .findFirst()
                    .map(track -> new TrackRef(trackSid, ParticipantRow.TrackRow.of(track).sourceLabel(), track.getMuted()))
                    .orElse(new TrackRef(trackSid, null, false));
        } catch (LiveKitException e) {
            return new TrackRef(trackSid, null, false);
        }
    }

    /** The participant in the room's shared participant list (one ListParticipants serves every page). */
    private Optional<ParticipantInfo> listed(String room, String identity) {
        return livekit.listParticipants(room).stream().filter(p -> p.getIdentity().equals(identity)).findFirst();
    }

    private static AuditTarget target(String room, String identity, String participantSid) {
        return AuditTarget.participant(room, identity).withSids(null, participantSid);
    }

    /** A published track: its sid, what it is ("Microphone", null if unknown), and whether it is muted. */
    public record TrackRef(String sid, String label, boolean muted) {

        /** "the Microphone", or "the track TR_..." when Roomwarden does not know what it is. */
        public String name() {
            return label == null ? "the track " + sid : "the " + label;
        }

        String describe() {
            return "track " + sid + (label == null ? "" : " (" + label + ")");
        }
    }
}
