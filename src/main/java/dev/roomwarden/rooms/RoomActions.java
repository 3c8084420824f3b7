package dev.roomwarden.rooms;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditOutcome;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.audit.Recheck;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.audit.BatchResult;
import livekit.LivekitModels.Room;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Metadata;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** What staff may do to a room; each call is audited, refused ones too. */
@Service
public class RoomActions {

    private final LiveKitGateway livekit;
    private final AuditLog auditLog;
    private final Clock clock;

    RoomActions(LiveKitGateway livekit, AuditLog auditLog, Clock clock) {
        this.livekit = livekit;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** Ends the room for everyone in it. */
    @PreAuthorize("hasRole('ADMIN')")
    @Audited(value = AuditAction.DELETE_ROOM, room = "room", reason = "reason")
    public ActionOutcome deleteRoom(String room, String roomSid, String reason) {
        return auditLog.perform(AuditAction.DELETE_ROOM, AuditTarget.room(room).withSids(roomSid, null), reason, null, null,
                () -> livekit.deleteRoom(room), ended(room));
    }

    /** After a timeout: LiveKit no longer has the room. */
    private Recheck ended(String room) {
        return () -> livekit.lookUpRoom(room).isEmpty();
    }

    static final BatchResult.Wording ENDED = new BatchResult.Wording("room", "rooms", "ended", "had already ended", "not ended");

    /**
     * Ends several rooms with one confirmation, each audited on its own with a shared batch id. With
     * {@code onlyEmpty} (End all empty rooms) LiveKit is asked again first, and a room someone has joined
     * since the preview is left alone.
     */
    @PreAuthorize("hasRole('ADMIN')")
    @Audited(value = AuditAction.DELETE_ROOM, room = "ticked", reason = "reason")
    public BatchResult deleteRooms(List<String> ticked, boolean onlyEmpty, String reason) {
        var names = tickedRooms(ticked);
        var batchId = BatchResult.newBatchId();
        var detail = "one of " + names.size() + (onlyEmpty ? " empty rooms" : " rooms") + " ended together";
        var now = onlyEmpty ? livekit.lookUpRooms(names).stream().collect(Collectors.toMap(Room::getName, r -> r)) : Map.<String, Room>of();
        return BatchResult.run(batchId, ENDED, names, name -> name, new BatchResult.Action<>() {
            @Override
            public ActionOutcome perform(String name) {
                LiveKitNames.checkRoomName(name);
                var room = now.get(name);
                var target = AuditTarget.room(name).withSids(room == null ? null : room.getSid(), null);
                if (room != null && room.getNumParticipants() > 0) {
                    var why = room.getNumParticipants() + (room.getNumParticipants() == 1 ? " participant has" : " participants have")
                            + " joined since the preview";
                    auditLog.record(AuditAction.DELETE_ROOM, target, reason, AuditOutcome.SKIPPED, detail + "; " + why, batchId);
                    throw new BatchResult.Skipped(why);
                }
                return auditLog.perform(AuditAction.DELETE_ROOM, target, reason, detail, batchId, () -> livekit.deleteRoom(name), ended(name));
            }

            @Override
            public void notTried(String name, String why) {
                auditLog.record(AuditAction.DELETE_ROOM, AuditTarget.room(name), reason, AuditOutcome.SKIPPED, "not tried: " + why, batchId);
            }
        });
    }

    /** The room names ticked for a batch; each is checked on its turn. */
    static List<String> tickedRooms(List<String> names) {
        return LiveKitNames.requireSelection(names, "Tick the rooms to end first.", BatchResult.MAX_TARGETS);
    }

    /**
     * Sends a message into the room (LiveKit's SendData), e.g. to tell a customer that a human is joining.
     * The form's fields are checked here, after the role: a refused role is refused, and recorded, first.
     */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.SEND_MESSAGE, room = "room")
    public SentMessage sendMessage(String room, String roomSid, String text, String topic, List<String> recipients) {
        var message = RoomMessage.parse(text, topic, recipients);
        return new SentMessage(message, auditLog.perform(AuditAction.SEND_MESSAGE, AuditTarget.room(room).withSids(roomSid, null),
                null, message.describe(),
                () -> livekit.sendData(room, message.payload(clock.instant()), message.recipients(), message.topic())));
    }

    /** The message as checked and sent, and whether LiveKit delivered it (the room may have ended). */
    public record SentMessage(RoomMessage message, ActionOutcome outcome) {
    }

    /** Replaces the room's metadata; JSON is checked first and sent compact (after the role check). */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.UPDATE_ROOM_METADATA, room = "room", reason = "reason")
    public ActionOutcome updateMetadata(String room, String roomSid, String metadata, String reason) {
        var checked = Metadata.check(metadata);
        return auditLog.perform(AuditAction.UPDATE_ROOM_METADATA, AuditTarget.room(room).withSids(roomSid, null), reason,
                "metadata: " + checked, null, () -> livekit.updateRoomMetadata(room, checked),
                () -> livekit.lookUpRoom(room).map(r -> r.getMetadata().equals(checked)).orElse(false));
    }

    /**
     * Creates a room ahead of its participants. A name LiveKit already has is refused with a message:
     * LiveKit would answer with that room unchanged, which is not what staff asked for.
     */
    @PreAuthorize("hasRole('ADMIN')")
    @Audited(value = AuditAction.CREATE_ROOM, room = "name")
    public NewRoom createRoom(String name, String emptyTimeout, String departureTimeout, String maxParticipants, String metadata) {
        var room = NewRoom.parse(name, emptyTimeout, departureTimeout, maxParticipants, metadata);
        if (livekit.lookUpRoom(room.name()).isPresent()) {
            throw new InvalidInputException("A room named “" + room.name() + "” already exists.");
        }
        auditLog.perform(AuditAction.CREATE_ROOM, AuditTarget.room(room.name()), null, room.describe(), null, () -> {
            livekit.createRoom(room.name(), room.emptyTimeout(), room.departureTimeout(), room.maxParticipants(), room.metadata());
            return ActionOutcome.DONE;
        }, () -> livekit.lookUpRoom(room.name()).isPresent());
        return room;
    }
}
