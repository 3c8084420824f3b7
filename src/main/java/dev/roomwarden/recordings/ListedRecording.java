package dev.roomwarden.recordings;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.roomwarden.display.Durations;
import dev.roomwarden.display.Paths;
import dev.roomwarden.display.Times;
import dev.roomwarden.input.Text;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.FileInfo;
import org.springframework.web.util.UriUtils;

/**
 * One egress as the recordings page shows it. {@code listed}: whether LiveKit's last answer listed it (false for
 * one LiveKit forgot, or when it did not answer); an egress kept as active that an answer no longer lists is not
 * offered a Stop.
 */
public record ListedRecording(String egressId, String room, String type, String startedBy, Instant started, Instant ended,
        EgressStatus status, String error, long size, Duration fileDuration, List<Output> outputs, boolean listed,
        boolean livekitAnswered) {

    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** A file, playlist or stream the egress writes: where (as LiveKit says it) and, when configured, a download link. */
    public record Output(String location, String download) {
    }

    static ListedRecording of(Recordings.Kept kept, URI downloadBase, boolean listed, boolean livekitAnswered) {
        var egress = kept.egress();
        var outputs = new ArrayList<Output>();
        long size = 0;
        Duration fileDuration = null;
        var files = new ArrayList<>(egress.getFileResultsList());
        if (files.isEmpty() && egress.hasFile()) {
            files.add(egress.getFile());
        }
        for (FileInfo file : files) {
            outputs.add(new Output(file.getLocation().isEmpty() ? file.getFilename() : file.getLocation(),
                    download(downloadBase, file.getFilename(), file.getLocation())));
            size += file.getSize();
            if (file.getDuration() > 0) {
                fileDuration = Duration.ofNanos(file.getDuration());
            }
        }
        var segments = new ArrayList<>(egress.getSegmentResultsList());
        if (segments.isEmpty() && egress.hasSegments()) {
            segments.add(egress.getSegments());
        }
        for (var playlist : segments) {
            outputs.add(new Output(playlist.getPlaylistLocation().isEmpty() ? playlist.getPlaylistName() : playlist.getPlaylistLocation(),
                    download(downloadBase, playlist.getPlaylistName(), playlist.getPlaylistLocation())));
            size += playlist.getSize();
        }
        // Stream URLs come back with their key redacted by LiveKit.
        egress.getStreamResultsList().forEach(stream -> outputs.add(new Output(stream.getUrl(), null)));
        var startedBy = kept.startedBy() == null ? null
                : kept.startedBy() + (kept.startedByRole() == null ? "" : " (" + kept.startedByRole().toLowerCase(Locale.ROOT) + ")");
        return new ListedRecording(egress.getEgressId(), egress.getRoomName(), type(egress), startedBy, Times.fromNanos(egress.getStartedAt()),
                Times.fromNanos(egress.getEndedAt()), egress.getStatus(), egress.getError(), size, fileDuration, List.copyOf(outputs), listed,
                livekitAnswered);
    }

    /** What is recorded, in LiveKit's words. */
    static String type(EgressInfo egress) {
        return switch (egress.getRequestCase()) {
            case ROOM_COMPOSITE -> {
                var request = egress.getRoomComposite();
                var layout = request.getLayout().isEmpty() ? "grid" : request.getLayout();
                yield "Room composite · " + layout + (request.getAudioOnly() ? " · audio only" : request.getVideoOnly() ? " · video only" : "");
            }
            case PARTICIPANT -> "Participant · " + egress.getParticipant().getIdentity();
            case TRACK_COMPOSITE -> "Track composite";
            case TRACK -> "Track · " + egress.getTrack().getTrackId();
            // A page's query may hold a token for it: only where it is, not how it is opened.
            case WEB -> "Web · " + Text.abbreviate(egress.getWeb().getUrl().replaceAll("[?#].*", ""), 80);
            case REPLAY -> "Replay";
            case REQUEST_NOT_SET -> "Unknown";
        };
    }

    /**
     * The base URL and the file's name, each segment encoded (so a name cannot add a query, a fragment or a segment
     * of its own); none for a name that climbs out of the base ("..") or a location on another host.
     */
    static String download(URI base, String filename, String location) {
        if (base == null || filename.isEmpty() || Text.hasControlCharacters(filename) || filename.contains("\\")) {
            return null;
        }
        if (location.contains("://")) {
            try {
                var host = URI.create(location).getHost();
                if (host == null || !host.equalsIgnoreCase(base.getHost())) {
                    return null;
                }
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        var path = new StringBuilder();
        for (var segment : filename.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return null;
            }
            if (!segment.isEmpty()) {
                path.append(path.isEmpty() ? "" : "/").append(UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8));
            }
        }
        if (path.isEmpty()) {
            return null;
        }
        var start = base.toString();
        return start + (start.endsWith("/") ? "" : "/") + path;
    }

    public String roomPath() {
        return Paths.room(room);
    }

    /** Part A's stop confirmation, which comes back to this page. */
    public String stopPath() {
        return "/recordings/" + UriUtils.encodePathSegment(egressId, StandardCharsets.UTF_8) + "/stop?from=recordings";
    }

    public boolean active() {
        return Recordings.active(status);
    }

    /** Whether Stop is offered: not ended, and LiveKit still lists it (or did not answer, so it may). */
    public boolean stoppable() {
        return active() && (listed || !livekitAnswered);
    }

    public String startedExact() {
        return started == null ? "" : EXACT.format(started);
    }

    public String statusWord() {
        return switch (status) {
            case EGRESS_STARTING -> "Starting";
            case EGRESS_ACTIVE -> "Recording";
            case EGRESS_ENDING -> "Ending";
            case EGRESS_COMPLETE -> "Complete";
            case EGRESS_FAILED -> "Failed";
            case EGRESS_ABORTED -> "Aborted";
            case EGRESS_LIMIT_REACHED -> "Limit reached";
            case UNRECOGNIZED -> "Unknown";
        };
    }

    public String statusClass() {
        return switch (status) {
            case EGRESS_STARTING, EGRESS_ENDING -> "text-bg-warning";
            case EGRESS_ACTIVE -> "text-bg-danger";
            case EGRESS_COMPLETE -> "text-bg-success";
            case EGRESS_LIMIT_REACHED -> "text-bg-info";
            default -> "text-bg-secondary";
        };
    }

    /** How long it recorded; while it records, how long so far. */
    public String duration(Instant now) {
        if (active()) {
            return started == null ? "" : Durations.words(Durations.between(started, now)) + " so far";
        }
        if (fileDuration != null) {
            return Durations.words(fileDuration);
        }
        return started == null || ended == null ? "" : Durations.words(Durations.between(started, ended));
    }

    public String sizeWords() {
        if (size <= 0) {
            return "";
        }
        if (size < 1024) {
            return size + " B";
        }
        var units = new String[] {"KB", "MB", "GB", "TB"};
        double value = size;
        var unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

}
