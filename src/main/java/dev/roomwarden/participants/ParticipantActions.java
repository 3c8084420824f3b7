package dev.roomwarden.participants;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitGateway;
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
    @Audited(value = AuditAction.REMOVE_PARTICIPANT, target = Audited.Kind.PARTICIPANT, reasonArgument = 3)
    public ActionOutcome removeParticipant(String room, String identity, String participantSid, String reason) {
        return auditLog.perform(AuditAction.REMOVE_PARTICIPANT,
                AuditTarget.participant(room, identity).withSids(null, participantSid), reason,
                () -> livekit.removeParticipant(room, identity));
    }
}
