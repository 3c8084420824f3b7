package dev.roomwarden.participants;

import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.web.ActionLog;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** What staff may do to a participant. */
@Service
public class ParticipantActions {

    private final LiveKitGateway livekit;
    private final ActionLog actionLog;

    ParticipantActions(LiveKitGateway livekit, ActionLog actionLog) {
        this.livekit = livekit;
        this.actionLog = actionLog;
    }

    /** Disconnects the participant. LiveKit does not ban: they can rejoin with a still-valid token. */
    @PreAuthorize("hasRole('MODERATOR')")
    public ActionOutcome removeParticipant(String room, String identity, String reason) {
        try {
            var outcome = livekit.removeParticipant(room, identity);
            actionLog.record("remove-participant", room + " / " + identity, reason, outcome.name());
            return outcome;
        } catch (LiveKitException e) {
            actionLog.record("remove-participant", room + " / " + identity, reason, "FAILED " + e.failure());
            throw e;
        }
    }
}
