package dev.roomwarden.rooms;

import java.time.Clock;
import java.util.List;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.web.InvalidViewException;
import dev.roomwarden.web.Metadata;
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
    @Audited(value = AuditAction.DELETE_ROOM, target = Audited.Kind.ROOM, reasonArgument = 2)
    public ActionOutcome deleteRoom(String room, String roomSid, String reason) {
        return auditLog.perform(AuditAction.DELETE_ROOM, AuditTarget.room(room).withSids(roomSid, null), reason,
                () -> livekit.deleteRoom(room));
    }

    /**
     * Sends a message into the room (LiveKit's SendData), e.g. to tell a customer that a human is joining.
     * The form's fields are checked here, after the role: a refused role is refused, and recorded, first.
     */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.SEND_MESSAGE, target = Audited.Kind.ROOM)
    public ActionOutcome sendMessage(String room, String roomSid, String text, String topic, List<String> recipients) {
        var message = RoomMessage.parse(text, topic, recipients);
        return auditLog.perform(AuditAction.SEND_MESSAGE, AuditTarget.room(room).withSids(roomSid, null), null, message.describe(),
                () -> livekit.sendData(room, message.payload(clock.instant()), message.recipients(), message.topic()));
    }

    /** Replaces the room's metadata; JSON is checked first and sent compact (after the role check). */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.UPDATE_ROOM_METADATA, target = Audited.Kind.ROOM, reasonArgument = 3)
    public ActionOutcome updateMetadata(String room, String roomSid, String metadata, String reason) {
        var checked = Metadata.check(metadata);
        return auditLog.perform(AuditAction.UPDATE_ROOM_METADATA, AuditTarget.room(room).withSids(roomSid, null), reason,
                "metadata: " + checked, () -> livekit.updateRoomMetadata(room, checked));
    }

    /**
     * Creates a room ahead of its participants. A name LiveKit already has is refused with a message:
     * LiveKit would answer with that room unchanged, which is not what staff asked for.
     */
    @PreAuthorize("hasRole('ADMIN')")
    @Audited(value = AuditAction.CREATE_ROOM, target = Audited.Kind.ROOM)
    public NewRoom createRoom(String name, String emptyTimeout, String departureTimeout, String maxParticipants, String metadata) {
        var room = NewRoom.parse(name, emptyTimeout, departureTimeout, maxParticipants, metadata);
        if (livekit.lookUpRoom(room.name()).isPresent()) {
            throw new InvalidViewException("A room named “" + room.name() + "” already exists.");
        }
        auditLog.perform(AuditAction.CREATE_ROOM, AuditTarget.room(room.name()), null, room.describe(), () -> {
            livekit.createRoom(room.name(), room.emptyTimeout(), room.departureTimeout(), room.maxParticipants(), room.metadata());
            return ActionOutcome.DONE;
        });
        return room;
    }
}
