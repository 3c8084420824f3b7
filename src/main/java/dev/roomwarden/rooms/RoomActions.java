package dev.roomwarden.rooms;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitGateway;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** What staff may do to a room; each call is audited, refused ones too. */
@Service
public class RoomActions {

    private final LiveKitGateway livekit;
    private final AuditLog auditLog;

    RoomActions(LiveKitGateway livekit, AuditLog auditLog) {
        this.livekit = livekit;
        this.auditLog = auditLog;
    }

    /** Ends the room for everyone in it. */
    @PreAuthorize("hasRole('ADMIN')")
    @Audited(value = AuditAction.DELETE_ROOM, target = Audited.Kind.ROOM, reasonArgument = 2)
    public ActionOutcome deleteRoom(String room, String roomSid, String reason) {
        return auditLog.perform(AuditAction.DELETE_ROOM, AuditTarget.room(room).withSids(roomSid, null), reason,
                () -> livekit.deleteRoom(room));
    }
}
