package dev.roomwarden.recordings;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.input.Text;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitFailure;
import dev.roomwarden.livekit.LiveKitGateway;
import livekit.LivekitEgress.EgressInfo;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Starting and stopping recordings (LiveKit Egress to a file), for {@code roomwarden.recording.min-role} and up.
 * Each is audited with LiveKit's answer; the detail begins with the egress id, which is how the recordings page
 * finds who started or stopped one.
 */
@Service
public class RecordingActions {

    /** The room composite layouts offered, as LiveKit's egress templates name them. */
    public static final List<String> LAYOUTS = List.of("grid", "speaker", "single-speaker");

    private final LiveKitGateway livekit;
    private final AuditLog auditLog;
    private final RecordingProperties properties;

    RecordingActions(LiveKitGateway livekit, AuditLog auditLog, RecordingProperties properties) {
        this.livekit = livekit;
        this.auditLog = auditLog;
        this.properties = properties;
    }

    /** What LiveKit answered a start: the egress (EGRESS_STARTING), or empty when the room or participant was gone. */
    public record Started(Optional<EgressInfo> egress, String filepath) {
    }

    /** Records the whole room into one file, laid out as {@code layout}, or only its audio. */
    @PreAuthorize("@recordingRoles.allowed(authentication)")
    @Audited(value = AuditAction.START_RECORDING, room = "room", reason = "reason")
    public Started recordRoom(String room, String roomSid, String layout, boolean audioOnly, String typedPath, String reason) {
        var chosen = audioOnly ? "audio only" : requireLayout(layout);
        var filepath = RecordingPath.choose(properties, typedPath);
        return start(AuditTarget.room(room).withSids(roomSid, null), "room composite, " + chosen, filepath, reason,
                () -> livekit.startRoomRecording(room, filepath, audioOnly ? "" : chosen, audioOnly));
    }

    /** Records one participant (camera or screen share, with their audio) into one file. */
    @PreAuthorize("@recordingRoles.allowed(authentication)")
    @Audited(value = AuditAction.START_RECORDING, room = "room", participant = "identity", reason = "reason")
    public Started recordParticipant(String room, String roomSid, String identity, String typedPath, String reason) {
        LiveKitNames.checkIdentity(identity);
        var filepath = RecordingPath.choose(properties, typedPath);
        return start(AuditTarget.participant(room, identity).withSids(roomSid, null), "participant “" + identity + "”", filepath,
                reason, () -> livekit.startParticipantRecording(room, identity, filepath));
    }

    private Started start(AuditTarget target, String what, String filepath, String reason, Supplier<Optional<EgressInfo>> call) {
        var answer = new AtomicReference<Optional<EgressInfo>>(Optional.empty());
        var detail = what + " · " + filepath;
        auditLog.performInSteps(AuditAction.START_RECORDING, target, reason, detail, () -> {
            answer.set(call.get());
            return answer.get().isPresent() ? ActionOutcome.DONE : ActionOutcome.ALREADY_GONE;
        }, () -> answer.get().map(e -> e.getEgressId() + " · " + detail + " · LiveKit: " + status(e)).orElse(detail));
        return new Started(answer.get(), filepath);
    }

    /** What LiveKit answered a stop: the egress as it was before (empty: LiveKit did not know it), and the outcome. */
    public record Stopped(String egressId, Optional<EgressInfo> before, ActionOutcome outcome) {
    }

    /**
     * Stops a recording: LiveKit ends it once its file is written. One that has already ended (or that LiveKit has
     * forgotten) is ALREADY_GONE, not a failure.
     */
    @PreAuthorize("@recordingRoles.allowed(authentication)")
    @Audited(value = AuditAction.STOP_RECORDING, reason = "reason")
    public Stopped stopRecording(String egressId, String reason) {
        var id = requireEgressId(egressId);
        Optional<EgressInfo> known;
        LiveKitException unread = null;
        try {
            known = livekit.lookUpEgress(id);
        } catch (LiveKitException e) {
            // Recorded as the stop's failure (a LiveKit without Egress, say), not lost before the audit log hears of it.
            known = Optional.empty();
            unread = e;
        }
        var before = known;
        var failure = unread;
        var target = AuditTarget.room(before.map(EgressInfo::getRoomName).filter(r -> !r.isEmpty()).orElse(null))
                .withSids(before.map(EgressInfo::getRoomId).filter(r -> !r.isEmpty()).orElse(null), null);
        var detail = id + before.map(e -> " · " + RecordingRow.of(e).kind()).orElse("");
        var answer = new AtomicReference<String>();
        var outcome = auditLog.performInSteps(AuditAction.STOP_RECORDING, target, reason, detail, () -> {
            if (failure != null) {
                throw failure;
            }
            if (before.isEmpty()) {
                answer.set("not known (any more)");
                return ActionOutcome.ALREADY_GONE;
            }
            if (RecordingRow.ended(before.get().getStatus())) {
                answer.set("already " + status(before.get()));
                return ActionOutcome.ALREADY_GONE;
            }
            try {
                answer.set(status(livekit.stopEgress(id)));
                return ActionOutcome.DONE;
            } catch (LiveKitException e) {
                // LiveKit refuses to stop one that ended meanwhile: failed_precondition "egress with status ... cannot be stopped".
                if (e.failure() == LiveKitFailure.INVALID_REQUEST && "failed_precondition".equals(e.twirpCode())) {
                    answer.set("already ended (" + e.twirpMessage() + ")");
                    return ActionOutcome.ALREADY_GONE;
                }
                if (e.failure() == LiveKitFailure.NOT_FOUND) {
                    answer.set("not known (any more)");
                    return ActionOutcome.ALREADY_GONE;
                }
                throw e;
            }
        }, () -> answer.get() == null ? detail : detail + " · LiveKit: " + answer.get());
        return new Stopped(id, before, outcome);
    }

    /** The egress as LiveKit has it now, for the stop confirmation; empty when LiveKit does not know it. */
    public Optional<EgressInfo> recording(String egressId) {
        return livekit.lookUpEgress(requireEgressId(egressId));
    }

    static String requireEgressId(String egressId) {
        var id = egressId == null ? "" : egressId.strip();
        if (!id.matches("EG_[A-Za-z0-9]{1,36}")) {
            throw new InvalidInputException("“" + Text.abbreviate(id, 40) + "” is not a LiveKit egress id (EG_…).");
        }
        return id;
    }

    static String requireLayout(String layout) {
        var chosen = layout == null || layout.isBlank() ? LAYOUTS.get(0) : layout.strip();
        if (!LAYOUTS.contains(chosen)) {
            throw new InvalidInputException("The layout “" + Text.abbreviate(chosen, 40) + "” is not one of " + String.join(", ", LAYOUTS) + ".");
        }
        return chosen;
    }

    private static String status(EgressInfo egress) {
        return egress.getStatus().name() + (egress.getError().isEmpty() ? "" : " (" + egress.getError() + ")");
    }
}
