package dev.roomwarden.ingress;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditOutcome;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitGateway;
import livekit.LivekitIngress.IngressInfo;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * LiveKit's ingresses (Ingress service): listing them, and creating, revealing the stream key of and deleting one
 * (ADMIN), each audited. The audit detail begins with the ingress id and never holds the stream key.
 */
@Service
public class IngressActions {

    private final LiveKitGateway livekit;
    private final AuditLog auditLog;

    IngressActions(LiveKitGateway livekit, AuditLog auditLog) {
        this.livekit = livekit;
        this.auditLog = auditLog;
    }

    /** Every ingress, those publishing first, then by name; without stream keys. */
    public List<IngressRow> ingresses() {
        return livekit.listIngress().stream().map(IngressRow::of)
                .sorted((a, b) -> a.publishing() != b.publishing() ? (a.publishing() ? -1 : 1) : a.name().compareToIgnoreCase(b.name()))
                .toList();
    }

    /**
     * Creates an ingress as the form asks, checked after the role; the answer holds its URL and stream key, shown once.
     * The detail of the audit record becomes "IN_... · RTMP ingress ..." once LiveKit has answered.
     */
    @PreAuthorize("hasRole('ADMIN')")
    @Audited(value = AuditAction.CREATE_INGRESS, room = "room", participant = "identity")
    public IngressKey create(String inputType, String name, String room, String identity, String participantName,
            String transcoding, String url) {
        var form = NewIngress.parse(inputType, name, room, identity, participantName, transcoding, url);
        var created = new AtomicReference<IngressInfo>();
        auditLog.performInSteps(AuditAction.CREATE_INGRESS, AuditTarget.participant(form.room(), form.identity()), null,
                form.describe(), () -> {
                    created.set(livekit.createIngress(form.input(), form.name(), form.room(), form.identity(),
                            form.participantName(), form.url().isEmpty() ? null : form.url(), form.transcoding()));
                    return ActionOutcome.DONE;
                }, () -> created.get() == null ? form.describe() : created.get().getIngressId() + " · " + form.describe()
                        + "; LiveKit: " + IngressRow.state(created.get().getState().getStatus()));
        return IngressKey.of(created.get());
    }

    /**
     * The stream key of an ingress, for staff who lost it: recorded before it is shown (no record, no key). Empty when
     * LiveKit no longer has the ingress, or it has no key (URL input).
     */
    @PreAuthorize("hasRole('ADMIN')")
    @Audited(value = AuditAction.REVEAL_STREAM_KEY)
    public Optional<IngressKey> revealStreamKey(String ingressId) {
        var id = requireIngressId(ingressId);
        var info = livekit.lookUpIngress(id).filter(i -> !i.getStreamKey().isEmpty());
        info.ifPresent(i -> auditLog.record(AuditAction.REVEAL_STREAM_KEY, target(i), null, AuditOutcome.DONE, describe(i)));
        return info.map(IngressKey::of);
    }

    /** Deletes an ingress; one publishing stops, and its participant leaves the room. */
    @PreAuthorize("hasRole('ADMIN')")
    @Audited(value = AuditAction.DELETE_INGRESS, reason = "reason")
    public ActionOutcome delete(String ingressId, String reason) {
        var id = requireIngressId(ingressId);
        var known = known(id);
        return auditLog.perform(AuditAction.DELETE_INGRESS, known == null ? AuditTarget.room(null) : target(known), reason,
                known == null ? id : describe(known),
                () -> livekit.deleteIngress(id).isPresent() ? ActionOutcome.DONE : ActionOutcome.ALREADY_GONE);
    }

    /** The ingress for the delete confirmation, as LiveKit has it now; null when it has none by that id. */
    public IngressRow ingress(String ingressId) {
        return livekit.lookUpIngress(requireIngressId(ingressId)).map(IngressRow::of).orElse(null);
    }

    /** An ingress id from a URL: IN_ and letters and digits, as LiveKit makes them. */
    static String requireIngressId(String ingressId) {
        if (ingressId == null || !ingressId.matches("IN_[A-Za-z0-9]{1,36}")) {
            throw new InvalidInputException("'" + Text.abbreviate(ingressId == null ? "" : ingressId, 40)
                    + "' is not an ingress id (IN_...).");
        }
        return ingressId;
    }

    private IngressInfo known(String id) {
        try {
            return livekit.lookUpIngress(id).orElse(null);
        } catch (LiveKitException e) {
            // The delete itself says what LiveKit answers; the record then names only the id.
            return null;
        }
    }

    private static AuditTarget target(IngressInfo info) {
        return new AuditTarget(info.getRoomName().isEmpty() ? null : info.getRoomName(), null,
                info.getParticipantIdentity().isEmpty() ? null : info.getParticipantIdentity(), null, null);
    }

    /** "IN_... · RTMP ingress “town hall”", for the audit log. */
    private static String describe(IngressInfo info) {
        return info.getIngressId() + " · " + IngressRow.inputType(info.getInputType()) + " ingress"
                + (info.getName().isEmpty() ? "" : " “" + info.getName() + "”");
    }
}
