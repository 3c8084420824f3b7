package dev.roomwarden.agents;

import java.util.List;
import java.util.Optional;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.history.AgentJobs;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Metadata;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** Sending agents into a room and calling them back (LiveKit's AgentDispatchService); each call audited. */
@Service
public class AgentActions {

    private final LiveKitGateway livekit;
    private final AuditLog auditLog;
    private final AgentJobs agentJobs;

    AgentActions(LiveKitGateway livekit, AuditLog auditLog, AgentJobs agentJobs) {
        this.livekit = livekit;
        this.auditLog = auditLog;
        this.agentJobs = agentJobs;
    }

    /** The room's dispatches, oldest first; history keeps those it had not seen (LiveKit sends no webhook for them). */
    public List<DispatchRow> dispatches(String room) {
        var dispatches = livekit.listDispatches(room);
        agentJobs.listed(room, dispatches);
        return dispatches.stream().map(DispatchRow::of).toList();
    }

    /**
     * Dispatches the agent registered under {@code agentName}, which joins the room with the metadata as
     * its job's metadata. The form is checked here, after the role: refusals are refused, and recorded, first.
     */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.DISPATCH_AGENT, room = "room", reason = "reason")
    public ActionOutcome dispatchAgent(String room, String roomSid, String agentName, String metadata, String reason) {
        var name = LiveKitNames.requireName(agentName == null ? null : agentName.strip(), "agent name");
        var checked = Metadata.check(metadata);
        return auditLog.perform(AuditAction.DISPATCH_AGENT, AuditTarget.room(room).withSids(roomSid, null), reason,
                "agent “" + name + "”" + (checked.isEmpty() ? "" : "; metadata: " + checked),
                () -> livekit.createDispatch(room, name, checked).isPresent() ? ActionOutcome.DONE : ActionOutcome.ALREADY_GONE);
    }

    /** Cancels a dispatch: LiveKit ends its jobs, and their agents leave the room (the hand-back to a human). */
    @PreAuthorize("hasRole('MODERATOR')")
    @Audited(value = AuditAction.CANCEL_DISPATCH, room = "room", reason = "reason")
    public ActionOutcome cancelDispatch(String room, String dispatchId, String reason) {
        var id = requireDispatchId(dispatchId);
        return auditLog.perform(AuditAction.CANCEL_DISPATCH, AuditTarget.room(room), reason, describe(room, id),
                () -> livekit.deleteDispatch(room, id));
    }

    /** The dispatch as the room's (shared) dispatch list has it, for the confirmation; empty when gone. */
    public Optional<DispatchRow> dispatch(String room, String dispatchId) {
        return dispatches(room).stream().filter(d -> d.id().equals(dispatchId)).findFirst();
    }

    static String requireDispatchId(String dispatchId) {
        var id = LiveKitNames.sid(dispatchId);
        if (id == null) {
            throw new InvalidInputException("The dispatch id is empty.");
        }
        return id;
    }

    /** "dispatch AD_... (agent “triage”)", with the agent's name when Roomwarden still knows it. */
    private String describe(String room, String id) {
        try {
            return dispatch(room, id).map(d -> "dispatch " + id + " (agent “" + d.agentName() + "”)").orElse("dispatch " + id);
        } catch (LiveKitException e) {
            return "dispatch " + id;
        }
    }
}
