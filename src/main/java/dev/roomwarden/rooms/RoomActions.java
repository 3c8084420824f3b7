package dev.roomwarden.rooms;

import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.web.ActionLog;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** What staff may do to a room. */
@Service
public class RoomActions {

    private final LiveKitGateway livekit;
    private final ActionLog actionLog;

    RoomActions(LiveKitGateway livekit, ActionLog actionLog) {
        this.livekit = livekit;
        this.actionLog = actionLog;
    }

    /** Ends the room for everyone in it. */
    @PreAuthorize("hasRole('ADMIN')")
    public ActionOutcome deleteRoom(String room, String reason) {
        try {
            var outcome = livekit.deleteRoom(room);
            actionLog.record("delete-room", room, reason, outcome.name());
            return outcome;
        } catch (LiveKitException e) {
            actionLog.record("delete-room", room, reason, "FAILED " + e.failure());
            throw e;
        }
    }
}
