package dev.roomwarden.emulator;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import livekit.LivekitEgress.DirectFileOutput;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressSourceType;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.FileInfo;
import livekit.LivekitEgress.ListEgressRequest;
import livekit.LivekitEgress.ListEgressResponse;
import livekit.LivekitEgress.ParticipantEgressRequest;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitEgress.SegmentedFileOutput;
import livekit.LivekitEgress.SegmentsInfo;
import livekit.LivekitEgress.StopEgressRequest;
import livekit.LivekitEgress.StreamInfo;
import livekit.LivekitEgress.StreamOutput;
import livekit.LivekitEgress.TrackCompositeEgressRequest;
import livekit.LivekitEgress.TrackEgressRequest;
import livekit.LivekitEgress.UpdateLayoutRequest;
import livekit.LivekitEgress.UpdateStreamRequest;
import livekit.LivekitEgress.WebEgressRequest;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitRoom.UpdateParticipantRequest;

/**
 * livekit.Egress as livekit-server and one simulated egress worker answer it (docs/emulator.md, "Egress"): each
 * egress goes STARTING, then ACTIVE after {@code startDelay}, then on StopEgress ENDING and COMPLETE after
 * {@code endDelay}, with egress_started / egress_updated / egress_ended webhooks and an EGRESS participant
 * (identity = egress id) in the room while it records, which is what sets the room's active_recording.
 */
public final class Egresses {

    /** How the simulated worker paces itself; the no-worker wait is about 18–27 s on a real server. */
    public record Timings(Duration startDelay, Duration endDelay, Duration noWorkerWait) {
    }

    public static final Timings REAL_SERVER_TIMINGS = new Timings(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(20));
    private static final long BYTES_PER_SECOND = 250_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    /** egress pkg/types/types.go FileExtensions. */
    private static final Set<String> FILE_EXTENSIONS = Set.of(".raw", ".ogg", ".mp3", ".ivf", ".mp4", ".ts", ".webm",
            ".m3u8", ".jpeg");
    private static final String STOPPED_BEFORE_STARTED = "Stop called before pipeline could start";

    /** The grants of protocol egress/token.go BuildEgressToken: subscribe only, hidden, recorder. */
    private static final ParticipantPermission RECORDER = ParticipantPermission.newBuilder().setCanSubscribe(true)
            .setCanPublish(false).setCanPublishData(false).setHidden(true).setRecorder(true).build();

    private final EmulatorState state;
    private final Faults faults;
    private final ScheduledExecutorService later;
    private final Duration unclaimedWait;
    private final Map<String, EgressInfo.Builder> egresses = new LinkedHashMap<>();
    private volatile Timings timings = REAL_SERVER_TIMINGS;

    Egresses(EmulatorState state, Faults faults, ScheduledExecutorService later, Duration unclaimedWait) {
        this.state = state;
        this.faults = faults;
        this.later = later;
        this.unclaimedWait = unclaimedWait;
        state.onRoomFinished(room -> later.execute(() -> sourceClosed(room)));
        state.onCleared(this::clear);
    }

    /**
     * The room is gone: the worker sends EOS with "Source closed" (egress pkg/pipeline/controller.go): an ACTIVE
     * egress ends through ENDING, one still STARTING is ABORTED "Stop called before pipeline could start" (a web
     * egress has no room).
     */
    private void sourceClosed(String room) {
        var ending = new ArrayList<EgressInfo>();
        var aborted = new ArrayList<EgressInfo>();
        synchronized (this) {
            for (var egress : egresses.values()) {
                if (!room.equals(egress.getRoomName()) || egress.getSourceType() != EgressSourceType.EGRESS_SOURCE_TYPE_SDK) {
                    continue;
                }
                if (egress.getStatus() == EgressStatus.EGRESS_ACTIVE) {
                    ending.add(egress.setStatus(EgressStatus.EGRESS_ENDING).setDetails("End reason: Source closed")
                            .setUpdatedAt(nanos()).build());
                } else if (egress.getStatus() == EgressStatus.EGRESS_STARTING) {
                    end(egress, EgressStatus.EGRESS_ABORTED, STOPPED_BEFORE_STARTED, 412, "End reason: Source closed", nanos());
                    aborted.add(egress.build());
                }
            }
        }
        for (var info : ending) {
            state.egressEvent("egress_updated", info);
            later.schedule(() -> complete(info.getEgressId()), timings.endDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
        aborted.forEach(info -> state.egressEvent("egress_ended", info));
    }

    public void timings(Timings timings) {
        this.timings = timings;
    }

    /** Every egress, as ListEgress with no filter would answer. */
    public synchronized List<EgressInfo> all() {
        return egresses.values().stream().map(EgressInfo.Builder::build).toList();
    }

    public synchronized void clear() {
        egresses.clear();
    }

    EgressInfo startRoomComposite(RoomCompositeEgressRequest request) {
        return start(request.getRoomName(), true, request, info -> info.setRoomComposite(request));
    }

    EgressInfo startWeb(WebEgressRequest request) {
        return start("", false, request, info -> info.setWeb(request));
    }

    EgressInfo startParticipant(ParticipantEgressRequest request) {
        return start(request.getRoomName(), true, request, info -> info.setParticipant(request));
    }

    EgressInfo startTrackComposite(TrackCompositeEgressRequest request) {
        return start(request.getRoomName(), true, request, info -> info.setTrackComposite(request));
    }

    EgressInfo startTrack(TrackEgressRequest request) {
        return start(request.getRoomName(), true, request, info -> info.setTrack(request));
    }

    private EgressInfo start(String roomName, boolean needsRoom, Message request, java.util.function.Consumer<EgressInfo.Builder> echo) {
        var room = needsRoom ? state.room(roomName) : Optional.<livekit.LivekitModels.Room>empty();
        if (needsRoom && room.isEmpty()) {
            throw EmulatorException.notFound("twirp error unknown: requested room does not exist");
        }
        if (faults.egressWorkerUnavailable()) {
            sleep(timings.noWorkerWait());
            throw EmulatorException.noResponse();
        }
        var now = nanos();
        var info = EgressInfo.newBuilder()
                .setEgressId(Ids.egress())
                .setRoomId(room.map(livekit.LivekitModels.Room::getSid).orElse(""))
                .setRoomName(roomName)
                .setSourceType(needsRoom ? EgressSourceType.EGRESS_SOURCE_TYPE_SDK : EgressSourceType.EGRESS_SOURCE_TYPE_WEB)
                .setStatus(EgressStatus.EGRESS_STARTING)
                .setStartedAt(now)
                .setUpdatedAt(now);
        echo.accept(info);
        addResults(info, request, now);
        var failure = faults.takeEgressFailure();
        EgressInfo started;
        synchronized (this) {
            egresses.put(info.getEgressId(), info);
            started = info.build();
        }
        state.egressEvent("egress_started", started);
        later.schedule(() -> activate(started.getEgressId(), needsRoom, failure), timings.startDelay().toMillis(), TimeUnit.MILLISECONDS);
        var limit = faults.egressTimeLimit();
        if (limit != null) {
            later.schedule(() -> limitReached(started.getEgressId()), limit.toMillis(), TimeUnit.MILLISECONDS);
        }
        return started;
    }

    /** The outputs a request names, wherever it names them (the deprecated oneof or the lists), as empty results. */
    private static void addResults(EgressInfo.Builder info, Message request, long now) {
        var outputs = new ArrayList<Message>();
        for (var field : request.getDescriptorForType().getFields()) {
            if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (field.isRepeated()) {
                for (int i = 0; i < request.getRepeatedFieldCount(field); i++) {
                    outputs.add((Message) request.getRepeatedField(field, i));
                }
            } else if (request.hasField(field)) {
                outputs.add((Message) request.getField(field));
            }
        }
        // The Java SDK puts one output both in the deprecated field and in the list: it is one output.
        for (var output : outputs.stream().distinct().toList()) {
            if (output instanceof EncodedFileOutput file) {
                info.addFileResults(FileInfo.newBuilder().setFilename(filename(file.getFilepath(), info, switch (file.getFileType()) {
                    case OGG -> ".ogg";
                    case MP3 -> ".mp3";
                    default -> ".mp4";
                })).setStartedAt(now));
            } else if (output instanceof DirectFileOutput file) {
                info.addFileResults(FileInfo.newBuilder().setFilename(filename(file.getFilepath(), info, ".ogg")).setStartedAt(now));
            } else if (output instanceof StreamOutput stream) {
                stream.getUrlsList().forEach(url -> info.addStreamResults(StreamInfo.newBuilder().setUrl(redact(url))
                        .setStartedAt(now).setStatus(StreamInfo.Status.ACTIVE)));
            } else if (output instanceof SegmentedFileOutput segments) {
                var prefix = segments.getFilenamePrefix().isEmpty() ? info.getEgressId() : segments.getFilenamePrefix();
                var playlist = segments.getPlaylistName().isEmpty() ? prefix + ".m3u8" : segments.getPlaylistName();
                info.addSegmentResults(SegmentsInfo.newBuilder().setPlaylistName(playlist)
                        .setLivePlaylistName(segments.getLivePlaylistName()).setStartedAt(now));
            }
        }
    }

    /**
     * The storage path as the worker makes it (egress pkg/config/output_file.go getFileConfig, getFilenameInfo,
     * updateFilepath): cleaned (leading "../" dropped), {room_name} {room_id} {time} {utc} replaced, a name made
     * up for an empty or directory path, the output's extension put in place of a known one.
     */
    static String filename(String filepath, EgressInfo.Builder info, String extension) {
        var now = ZonedDateTime.now(ZoneOffset.UTC);
        var time = now.format(TIME);
        var path = clean(filepath)
                .replace("{time}", time)
                .replace("{utc}", now.format(UTC) + String.format("%03d", now.toInstant().toEpochMilli() % 1000));
        var identifier = "web";
        if (!info.getRoomName().isEmpty()) {
            path = path.replace("{room_name}", info.getRoomName()).replace("{room_id}", info.getRoomId());
            identifier = info.getRoomName();
        }
        if (path.isEmpty() || path.endsWith("/")) {
            return path + identifier + "-" + time + extension;
        }
        if (path.endsWith(extension)) {
            return path;
        }
        var dot = path.lastIndexOf('.');
        if (dot > -1 && FILE_EXTENSIONS.contains(path.substring(dot))) {
            path = path.substring(0, dot);
        }
        return path + extension;
    }

    /** As output_file.go clean: path.Clean, then no leading "../"; "", "." and ".." become "". */
    private static String clean(String filepath) {
        if (filepath.isEmpty()) {
            return "";
        }
        var directory = filepath.endsWith("/");
        String cleaned;
        try {
            cleaned = Path.of(filepath).normalize().toString();
        } catch (InvalidPathException e) {
            // A character the JDK refuses in a path (NUL) is only a character to Go's path.Clean.
            cleaned = filepath;
        }
        while (cleaned.startsWith("../")) {
            cleaned = cleaned.substring(3);
        }
        if (cleaned.isEmpty() || cleaned.equals(".") || cleaned.equals("..")) {
            return "";
        }
        return directory ? cleaned + "/" : cleaned;
    }

    /** As protocol's utils.RedactStreamKey: the last path segment becomes "{abc...xyz}". */
    static String redact(String url) {
        var slash = url.lastIndexOf('/');
        var key = url.substring(slash + 1);
        if (slash < 0 || key.length() <= 6) {
            return url;
        }
        return url.substring(0, slash + 1) + "{" + key.substring(0, 3) + "..." + key.substring(key.length() - 3) + "}";
    }

    private void activate(String egressId, boolean joinsRoom, String failure) {
        EgressInfo info;
        synchronized (this) {
            var egress = egresses.get(egressId);
            if (egress == null || egress.getStatus() != EgressStatus.EGRESS_STARTING) {
                return;
            }
            var now = nanos();
            if (failure != null) {
                end(egress, EgressStatus.EGRESS_FAILED, failure, 500, "End reason: Failure", now);
            } else {
                egress.setStatus(EgressStatus.EGRESS_ACTIVE).setUpdatedAt(now);
            }
            info = egress.build();
        }
        if (failure != null) {
            state.egressEvent("egress_ended", info);
            return;
        }
        if (joinsRoom && state.room(info.getRoomName()).isPresent()) {
            state.addParticipant(info.getRoomName(), new ParticipantSpec(egressId, "", ParticipantInfo.Kind.EGRESS, "", Map.of(), List.of()),
                    RECORDER);
        }
        state.egressEvent("egress_updated", info);
    }

    EgressInfo stop(StopEgressRequest request) {
        EgressInfo info;
        boolean aborted;
        synchronized (this) {
            var egress = known(request.getEgressId());
            var status = egress.getStatus();
            if (status.getNumber() >= EgressStatus.EGRESS_COMPLETE_VALUE) {
                info = null;
                aborted = false;
            } else {
                var now = nanos();
                aborted = status == EgressStatus.EGRESS_STARTING;
                if (aborted) {
                    end(egress, EgressStatus.EGRESS_ABORTED, STOPPED_BEFORE_STARTED, 412,
                            "End reason: StopEgress API", now);
                } else if (status == EgressStatus.EGRESS_ACTIVE) {
                    egress.setStatus(EgressStatus.EGRESS_ENDING).setDetails("End reason: StopEgress API").setUpdatedAt(now);
                }
                info = egress.build();
            }
        }
        if (info == null) {
            // No handler listens on an ended egress's topic: psrpc gives up before the server reads the record.
            sleep(unclaimedWait);
            synchronized (this) {
                throw EmulatorException.failedPrecondition("egress with status " + known(request.getEgressId()).getStatus().name()
                        + " cannot be stopped");
            }
        }
        if (aborted) {
            state.egressEvent("egress_ended", info);
        } else if (info.getStatus() == EgressStatus.EGRESS_ENDING) {
            state.egressEvent("egress_updated", info);
            later.schedule(() -> complete(info.getEgressId()), timings.endDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
        return info;
    }

    /** The session limit timer fires (controller.go startSessionLimitTimer); no egress_updated, only egress_ended. */
    private void limitReached(String egressId) {
        EgressInfo info;
        synchronized (this) {
            var egress = egresses.get(egressId);
            if (egress == null) {
                return;
            }
            var now = nanos();
            if (egress.getStatus() == EgressStatus.EGRESS_STARTING) {
                end(egress, EgressStatus.EGRESS_ABORTED, "Session limit reached before start signal", 412,
                        "End reason: Session limit reached", now);
            } else if (egress.getStatus() == EgressStatus.EGRESS_ACTIVE) {
                end(egress, EgressStatus.EGRESS_LIMIT_REACHED, "Session limit reached", 413, "End reason: Session limit reached", now);
            } else {
                return;
            }
            info = egress.build();
        }
        state.removeParticipant(info.getRoomName(), egressId, livekit.LivekitModels.DisconnectReason.CLIENT_INITIATED);
        state.egressEvent("egress_ended", info);
    }

    private void complete(String egressId) {
        EgressInfo info;
        synchronized (this) {
            var egress = egresses.get(egressId);
            if (egress == null || egress.getStatus() != EgressStatus.EGRESS_ENDING) {
                return;
            }
            end(egress, EgressStatus.EGRESS_COMPLETE, "", 0, egress.getDetails(), nanos());
            info = egress.build();
        }
        state.removeParticipant(info.getRoomName(), egressId, livekit.LivekitModels.DisconnectReason.CLIENT_INITIATED);
        state.egressEvent("egress_ended", info);
    }

    /** The egress ends: ended_at everywhere, and for a recording that ran, its duration, size and upload location. */
    private static void end(EgressInfo.Builder egress, EgressStatus status, String error, int errorCode, String details, long now) {
        egress.setStatus(status).setEndedAt(now).setUpdatedAt(now).setDetails(details);
        if (!error.isEmpty()) {
            egress.setError(error).setErrorCode(errorCode);
        }
        // A recording cut at the session limit is uploaded like a complete one (controller.go Close).
        var ran = status == EgressStatus.EGRESS_COMPLETE || status == EgressStatus.EGRESS_LIMIT_REACHED;
        for (var file : egress.getFileResultsBuilderList()) {
            var duration = now - file.getStartedAt();
            file.setEndedAt(now).setDuration(duration);
            if (ran) {
                file.setSize(Math.max(1, duration / 1_000_000_000L * BYTES_PER_SECOND + BYTES_PER_SECOND / 10))
                        .setLocation("https://storage.emulator.invalid/" + file.getFilename());
            }
        }
        for (var segments : egress.getSegmentResultsBuilderList()) {
            var duration = now - segments.getStartedAt();
            segments.setEndedAt(now).setDuration(duration);
            if (ran) {
                segments.setSegmentCount(Math.max(1, duration / 6_000_000_000L + 1)).setSize(duration / 1_000_000_000L * BYTES_PER_SECOND + 1)
                        .setPlaylistLocation("https://storage.emulator.invalid/" + segments.getPlaylistName());
            }
        }
        for (var stream : egress.getStreamResultsBuilderList()) {
            if (stream.getStatus() == StreamInfo.Status.ACTIVE) {
                stream.setEndedAt(now).setDuration(now - stream.getStartedAt())
                        .setStatus(ran ? StreamInfo.Status.FINISHED : StreamInfo.Status.FAILED);
            }
        }
    }

    synchronized ListEgressResponse list(ListEgressRequest request) {
        var response = ListEgressResponse.newBuilder();
        if (!request.getEgressId().isEmpty()) {
            return response.addItems(known(request.getEgressId()).build()).build();
        }
        for (var egress : egresses.values()) {
            if ((request.getRoomName().isEmpty() || request.getRoomName().equals(egress.getRoomName()))
                    && (!request.getActive() || egress.getStatus().getNumber() < EgressStatus.EGRESS_COMPLETE_VALUE)) {
                response.addItems(egress.build());
            }
        }
        return response.build();
    }

    /** Not sent to the worker: the layout goes to the egress participant's metadata, the stored info comes back unchanged. */
    EgressInfo updateLayout(UpdateLayoutRequest request) {
        EgressInfo info;
        synchronized (this) {
            info = known(request.getEgressId()).build();
        }
        if (state.participant(info.getRoomName(), info.getEgressId()).isEmpty()) {
            throw EmulatorException.notFound("twirp error unknown: participant does not exist");
        }
        state.updateParticipant(UpdateParticipantRequest.newBuilder().setRoom(info.getRoomName()).setIdentity(info.getEgressId())
                .setMetadata("{\"layout\":" + TwirpHandler.jsonString(request.getLayout()) + "}").build());
        return info;
    }

    EgressInfo updateStream(UpdateStreamRequest request) {
        EgressInfo info;
        synchronized (this) {
            var egress = known(request.getEgressId());
            if (egress.getStatus().getNumber() >= EgressStatus.EGRESS_COMPLETE_VALUE) {
                info = null;
            } else {
                if (egress.getStreamResultsCount() == 0) {
                    throw EmulatorException.invalidArgument("twirp error unknown: UpdateStream called on non-streaming egress");
                }
                var now = nanos();
                for (var url : request.getAddOutputUrlsList()) {
                    egress.addStreamResults(StreamInfo.newBuilder().setUrl(redact(url)).setStartedAt(now).setStatus(StreamInfo.Status.ACTIVE));
                }
                for (var url : request.getRemoveOutputUrlsList()) {
                    for (var stream : egress.getStreamResultsBuilderList()) {
                        if (stream.getUrl().equals(redact(url)) && stream.getStatus() == StreamInfo.Status.ACTIVE) {
                            stream.setStatus(StreamInfo.Status.FINISHED).setEndedAt(now).setDuration(now - stream.getStartedAt());
                        }
                    }
                }
                info = egress.setUpdatedAt(now).build();
            }
        }
        if (info == null) {
            sleep(unclaimedWait);
            synchronized (this) {
                throw EmulatorException.failedPrecondition("egress with status " + known(request.getEgressId()).getStatus().name()
                        + " cannot be updated");
            }
        }
        state.egressEvent("egress_updated", info);
        return info;
    }

    private EgressInfo.Builder known(String egressId) {
        var egress = egresses.get(egressId);
        if (egress == null) {
            throw EmulatorException.notFound("twirp error unknown: egress does not exist");
        }
        return egress;
    }

    private static long nanos() {
        var now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
