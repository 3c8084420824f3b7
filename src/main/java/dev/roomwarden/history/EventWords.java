package dev.roomwarden.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Optional;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.roomwarden.display.Durations;
import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditOutcome;
import dev.roomwarden.audit.AuditRecord;
import livekit.LivekitAgent.Job;
import livekit.LivekitAgentDispatch.AgentDispatch;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitWebhook.WebhookEvent;

/** A stored history event as a sentence; names in “ ” so that pages isolate them. */
final class EventWords {

    private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();
    /** How long before LiveKit's leave (dated in whole seconds) a staff action may be its cause. */
    private static final Duration CAUSE_BEFORE = Duration.ofSeconds(60);
    private static final Duration CAUSE_AFTER = Duration.ofSeconds(2);

    /** The sentence, and the audit record that says who caused it (only where staff actions may be shown). */
    record Words(String text, AuditRecord cause) {
    }

    private EventWords() {
    }

    static Words of(String type, String json, Instant at, Iterable<AuditRecord> staff) {
        try {
            return switch (type) {
                case "agent_dispatched" -> new Words(dispatched(parse(json, AgentDispatch.newBuilder()).build()), null);
                case "agent_job_started", "agent_job_ended" -> new Words(job(type, parse(json, Job.newBuilder()).build()), null);
                default -> webhook(type, parse(json, WebhookEvent.newBuilder()).build(), at, staff);
            };
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return new Words("“" + type + "” (its details could not be read)", null);
        }
    }

    private static <B extends Message.Builder> B parse(String json, B builder) throws InvalidProtocolBufferException {
        JSON.merge(json, builder);
        return builder;
    }

    private static Words webhook(String type, WebhookEvent event, Instant at, Iterable<AuditRecord> staff) {
        var p = event.getParticipant();
        return switch (type) {
            case "room_started" -> new Words("Room started", null);
            case "room_finished" -> {
                var cause = cause(staff, AuditAction.DELETE_ROOM, null, at);
                yield new Words(cause.map(c -> "Room finished: ended by “" + c.username() + "”" + reason(c)).orElse("Room finished"),
                        cause.orElse(null));
            }
            case "participant_joined" -> new Words(who(p) + " joined (kind: " + kind(p.getKind().name()) + ")", null);
            case "participant_left" -> left(p, at, staff);
            case "participant_connection_aborted" -> new Words(who(p) + " could not connect"
                    + (p.getDisconnectReasonValue() == 0 ? "" : " (" + DisconnectReasons.words(p.getDisconnectReason().name()) + ")"), null);
            case "track_published" -> new Words(who(p) + " published " + track(event.getTrack()), null);
            case "track_unpublished" -> new Words(who(p) + " unpublished " + track(event.getTrack()), null);
            case "egress_started", "egress_updated", "egress_ended" -> new Words(egress(type, event.getEgressInfo()), null);
            case "ingress_started", "ingress_ended" -> new Words("Ingress “" + event.getIngressInfo().getName() + "” ("
                    + event.getIngressInfo().getInputType().name() + ") " + (type.endsWith("started") ? "started" : "ended")
                    + status(event.getIngressInfo().getState().getStatus().name(), "ENDPOINT_"), null);
            default -> new Words("“" + type + "” (an event Roomwarden has no words for)", null);
        };
    }

    private static Words left(ParticipantInfo p, Instant at, Iterable<AuditRecord> staff) {
        var reason = p.getDisconnectReason();
        var action = reason == DisconnectReason.PARTICIPANT_REMOVED ? AuditAction.REMOVE_PARTICIPANT
                : reason == DisconnectReason.ROOM_DELETED ? AuditAction.DELETE_ROOM : null;
        var cause = action == null ? Optional.<AuditRecord>empty()
                : cause(staff, action, action == AuditAction.REMOVE_PARTICIPANT ? p.getIdentity() : null, at);
        if (cause.isPresent()) {
            var by = "“" + cause.get().username() + "”" + reason(cause.get());
            return new Words(who(p) + " left: " + (action == AuditAction.REMOVE_PARTICIPANT ? "removed by " : "the room was ended by ") + by,
                    cause.get());
        }
        return new Words(who(p) + " left: " + DisconnectReasons.words(reason.name()), null);
    }

    /** The staff action just before a leave or end that explains it: done (or perhaps done, after a timeout). */
    static Optional<AuditRecord> cause(Iterable<AuditRecord> staff, AuditAction action, String identity, Instant at) {
        AuditRecord found = null;
        for (var record : staff) {
            if (record.action() == action && (identity == null || identity.equals(record.target().participant()))
                    && (record.outcome() == AuditOutcome.DONE || record.outcome() == AuditOutcome.UNKNOWN)
                    && !record.at().isBefore(at.minus(CAUSE_BEFORE)) && !record.at().isAfter(at.plus(CAUSE_AFTER))) {
                found = record;
            }
        }
        return Optional.ofNullable(found);
    }

    static String reason(AuditRecord record) {
        return record.reason() == null ? "" : " — “" + record.reason() + "”";
    }

    private static String who(ParticipantInfo p) {
        var identity = p.getIdentity().isEmpty() ? "a participant" : "“" + p.getIdentity() + "”";
        return p.getName().isEmpty() || p.getName().equals(p.getIdentity()) ? identity : identity + " (“" + p.getName() + "”)";
    }

    /** LiveKit's participant kind in words. */
    static String kind(String kind) {
        if (kind == null) {
            return "";
        }
        return switch (kind) {
            case "STANDARD" -> "participant";
            case "AGENT" -> "agent";
            case "SIP" -> "SIP caller";
            case "EGRESS" -> "recorder (egress)";
            case "INGRESS" -> "ingress stream";
            case "CONNECTOR" -> "connector";
            case "BRIDGE" -> "bridge";
            default -> kind.toLowerCase(Locale.ROOT);
        };
    }

    private static String track(TrackInfo track) {
        var words = new ArrayList<String>();
        words.add(lower(track.getSource().name()) + " (" + lower(track.getType().name()) + ")");
        if (track.getMuted()) {
            words.add("muted");
        }
        if (!track.getName().isEmpty()) {
            words.add("named “" + track.getName() + "”");
        }
        var sid = track.getSid().isEmpty() ? "" : " " + track.getSid();
        return "a track" + sid + ": " + String.join(", ", words);
    }

    private static String egress(String type, EgressInfo info) {
        var what = info.getRequestCase() == EgressInfo.RequestCase.REQUEST_NOT_SET ? "" : " (" + lower(info.getRequestCase().name()) + ")";
        var start = "Recording " + info.getEgressId() + what;
        var status = status(info.getStatus().name(), "EGRESS_");
        return switch (type) {
            case "egress_started" -> start + " started" + status;
            case "egress_updated" -> start + " updated" + status;
            default -> start + " ended" + status + results(info);
        };
    }

    /** What an ended recording left, as LiveKit reports it: its error, or its files, streams and segments. */
    private static String results(EgressInfo info) {
        var parts = new ArrayList<String>();
        if (!info.getError().isEmpty()) {
            parts.add("error “" + info.getError() + "”" + (info.getErrorCode() == 0 ? "" : " (code " + info.getErrorCode() + ")"));
        }
        for (var file : info.getFileResultsList()) {
            parts.add("file “" + file.getFilename() + "”" + (file.getSize() > 0 ? ", " + file.getSize() + " bytes" : "")
                    + (file.getDuration() > 0 ? ", " + Durations.words(Duration.ofNanos(file.getDuration())) : "")
                    + (file.getLocation().isEmpty() ? "" : ", at " + file.getLocation()));
        }
        for (var stream : info.getStreamResultsList()) {
            parts.add("stream " + stream.getUrl() + ": " + lower(stream.getStatus().name())
                    + (stream.getError().isEmpty() ? "" : " (“" + stream.getError() + "”)"));
        }
        for (var segments : info.getSegmentResultsList()) {
            parts.add("segments “" + segments.getPlaylistName() + "”, " + segments.getSegmentCount() + " segment(s)"
                    + (segments.getPlaylistLocation().isEmpty() ? "" : ", at " + segments.getPlaylistLocation()));
        }
        if (!info.getDetails().isEmpty()) {
            parts.add(info.getDetails());
        }
        return parts.isEmpty() ? "" : ": " + String.join("; ", parts);
    }

    private static String dispatched(AgentDispatch dispatch) {
        return "Agent “" + dispatch.getAgentName() + "” dispatched (" + dispatch.getId() + ")";
    }

    private static String job(String type, Job job) {
        var state = job.getState();
        var as = state.getParticipantIdentity().isEmpty() ? "" : " as “" + state.getParticipantIdentity() + "”";
        var agent = "Agent “" + job.getAgentName() + "”, job " + job.getId();
        if (type.equals("agent_job_started")) {
            return agent + " started" + as + status(state.getStatus().name(), "JS_");
        }
        return agent + " ended" + as + status(state.getStatus().name(), "JS_")
                + (state.getError().isEmpty() ? "" : ": “" + state.getError() + "”");
    }

    private static String status(String status, String prefix) {
        return status.isEmpty() || status.equals("UNRECOGNIZED") ? "" : ", status " + lower(status.replaceFirst("^" + prefix, ""));
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
