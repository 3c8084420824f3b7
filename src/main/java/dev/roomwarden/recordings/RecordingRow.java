package dev.roomwarden.recordings;

import java.time.Instant;
import java.util.Locale;

import dev.roomwarden.display.Durations;
import dev.roomwarden.display.Paths;
import dev.roomwarden.display.Times;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;

/**
 * One egress as a page shows it: what it records, its status in words, since when, and LiveKit's error.
 * LiveKit dates egresses in Unix nanoseconds.
 */
public record RecordingRow(String id, String room, String roomSid, String kind, EgressStatus status, Instant started, Instant ended,
        String error, String file) {

    public static RecordingRow of(EgressInfo egress) {
        var file = egress.getFileResultsCount() > 0 ? egress.getFileResults(0).getFilename()
                : egress.hasFile() ? egress.getFile().getFilename() : "";
        return new RecordingRow(egress.getEgressId(), egress.getRoomName(), egress.getRoomId(), kind(egress), egress.getStatus(),
                Times.fromNanos(egress.getStartedAt()), Times.fromNanos(egress.getEndedAt()), egress.getError(), file);
    }

    /** "room composite, grid", "room composite, audio only", "participant “ann”", "track TR_x", "web page". */
    static String kind(EgressInfo egress) {
        return switch (egress.getRequestCase()) {
            case ROOM_COMPOSITE -> "room composite, " + (egress.getRoomComposite().getAudioOnly() ? "audio only"
                    : egress.getRoomComposite().getLayout().isEmpty() ? "grid" : egress.getRoomComposite().getLayout());
            case PARTICIPANT -> "participant “" + egress.getParticipant().getIdentity() + "”";
            case TRACK_COMPOSITE -> "tracks " + egress.getTrackComposite().getAudioTrackId() + " "
                    + egress.getTrackComposite().getVideoTrackId();
            case TRACK -> "track " + egress.getTrack().getTrackId();
            case WEB -> "web page";
            default -> "egress";
        };
    }

    /** Whether LiveKit has finished with it (it is no longer recording). */
    static boolean ended(EgressStatus status) {
        return switch (status) {
            case EGRESS_STARTING, EGRESS_ACTIVE, EGRESS_ENDING -> false;
            default -> true;
        };
    }

    public boolean active() {
        return !ended(status);
    }

    /** Failed, aborted or stopped by a limit: what the room page tells staff about. */
    public boolean failed() {
        return status == EgressStatus.EGRESS_FAILED || status == EgressStatus.EGRESS_ABORTED
                || status == EgressStatus.EGRESS_LIMIT_REACHED;
    }

    /** A stop is asked for already: LiveKit is writing the file. */
    public boolean stopping() {
        return status == EgressStatus.EGRESS_ENDING;
    }

    public String statusWords() {
        return switch (status) {
            case EGRESS_STARTING -> "starting";
            case EGRESS_ACTIVE -> "recording";
            case EGRESS_ENDING -> "stopping";
            case EGRESS_COMPLETE -> "complete";
            case EGRESS_FAILED -> "failed";
            case EGRESS_ABORTED -> "aborted";
            case EGRESS_LIMIT_REACHED -> "limit reached";
            default -> status.name().toLowerCase(Locale.ROOT);
        };
    }

    /** How long it has recorded ("3 min 05 s"): until now while active, until its end afterwards. */
    public String elapsed(Instant now) {
        if (started == null) {
            return "";
        }
        return Durations.words(Durations.between(started, ended != null ? ended : now));
    }

    public String startedExact() {
        return Times.exact(started);
    }

    /** The stop confirmation, which goes back to {@code from} ("room" or "recordings"). */
    public String stopPath(String from) {
        return Paths.stopRecording(id, from);
    }
}
