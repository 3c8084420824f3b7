package dev.roomwarden.emulator;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import livekit.LivekitIngress.CreateIngressRequest;
import livekit.LivekitIngress.IngressAudioOptions;
import livekit.LivekitIngress.IngressInfo;
import livekit.LivekitIngress.IngressInput;
import livekit.LivekitIngress.IngressState;
import livekit.LivekitIngress.IngressVideoOptions;
import livekit.LivekitIngress.ListIngressRequest;
import livekit.LivekitIngress.UpdateIngressRequest;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;

/**
 * livekit.Ingress as livekit-server (pkg/service/ingress.go) and the ingress service (pkg/service/service.go) do
 * it, with a simulated encoder: the ingresses, guarded by the emulator state's lock (docs/emulator.md, "Ingress").
 */
final class Ingresses {

    /** The base URLs of livekit/ingress's sample configuration; the encoder appends the stream key. */
    static final String RTMP_BASE_URL = "rtmp://localhost:1935/x";
    static final String WHIP_BASE_URL = "http://localhost:8080/w";
    static final String INGRESS_ID_ATTRIBUTE = "ingress.ingressID";
    private static final String PSRPC_PREFIX = "twirp error unknown: ";

    private final EmulatorState state;
    private final LongSupplier clock;
    private final Map<String, IngressInfo> ingresses = new LinkedHashMap<>();

    Ingresses(EmulatorState state, LongSupplier clock) {
        this.state = state;
        this.clock = clock;
    }

    static boolean knownType(IngressInput input) {
        return input == IngressInput.RTMP_INPUT || input == IngressInput.WHIP_INPUT || input == IngressInput.URL_INPUT;
    }

    /**
     * CreateIngressWithUrl (livekit pkg/service/ingress.go), then protocol ingress.Validate /
     * ValidateForSerialization in their order. Every refusal is a psrpc error, so its Twirp msg carries
     * "twirp error unknown: ". The request's deprecated bypass_transcoding is not copied, so it changes nothing.
     */
    IngressInfo create(CreateIngressRequest request) {
        if (!knownType(request.getInputType())) {
            throw invalid("invalid ingress type");
        }
        var whip = request.getInputType() == IngressInput.WHIP_INPUT;
        var url = request.getInputType() == IngressInput.URL_INPUT;
        var info = IngressInfo.newBuilder()
                .setIngressId("IN_" + Ids.random(12))
                .setName(request.getName())
                .setInputType(request.getInputType())
                .setRoomName(request.getRoomName())
                .setParticipantIdentity(request.getParticipantIdentity())
                .setParticipantName(request.getParticipantName())
                .setParticipantMetadata(request.getParticipantMetadata())
                .setReusable(!url)
                .setState(IngressState.getDefaultInstance());
        if (request.hasAudio()) {
            info.setAudio(request.getAudio());
        }
        if (request.hasVideo()) {
            info.setVideo(request.getVideo());
        }
        if (request.hasEnabled()) {
            info.setEnabled(request.getEnabled());
        }
        if (url) {
            info.setUrl(requireUrl(request.getUrl()));
            if (request.getRoomName().isEmpty()) {
                throw invalid("invalid ingress: no room name");
            }
            if (request.hasEnabled() && !request.getEnabled()) {
                throw invalid("invalid ingress: disabled non reusable ingress");
            }
        } else {
            info.setStreamKey(Ids.random(12)).setUrl(whip ? WHIP_BASE_URL : RTMP_BASE_URL);
        }
        if (request.getParticipantIdentity().isEmpty()) {
            throw invalid("invalid ingress: no participant identity");
        }
        // ValidateEnableTranscoding: off by default for WHIP only; only WHIP may turn it off.
        var transcoding = request.hasEnableTranscoding() ? request.getEnableTranscoding() : !whip;
        if (!transcoding && !whip) {
            throw invalid("invalid transcoding bypass configuration: bypassing transcoding impossible with selected input type");
        }
        var videoEncoding = request.getVideo().getEncodingOptionsCase() != IngressVideoOptions.EncodingOptionsCase.ENCODINGOPTIONS_NOT_SET;
        var audioEncoding = request.getAudio().getEncodingOptionsCase() != IngressAudioOptions.EncodingOptionsCase.ENCODINGOPTIONS_NOT_SET;
        if (!transcoding && (videoEncoding || audioEncoding)) {
            throw invalid("invalid transcoding bypass configuration: " + (videoEncoding ? "video" : "audio")
                    + " encoding options must be empty if transcoding is disabled");
        }
        info.setEnableTranscoding(transcoding).setBypassTranscoding(!transcoding);
        synchronized (state) {
            var created = info.build();
            ingresses.put(created.getIngressId(), created);
            return created;
        }
    }

    /** A psrpc invalid_argument as the Twirp answer shows it (protocol utils/xtwirp ToError). */
    private static EmulatorException invalid(String message) {
        return EmulatorException.invalidArgument(PSRPC_PREFIX + message);
    }

    private static String requireUrl(String url) {
        if (url.isEmpty()) {
            throw invalid("invalid ingress: missing URL parameter");
        }
        String scheme;
        try {
            scheme = URI.create(url).getScheme();
        } catch (IllegalArgumentException e) {
            scheme = null;
        }
        if (scheme == null || !List.of("http", "https", "srt").contains(scheme)) {
            throw invalid("invalid ingress: invalid url scheme " + (scheme == null ? "" : scheme));
        }
        return url;
    }

    IngressInfo update(UpdateIngressRequest request) {
        synchronized (state) {
            var current = require(request.getIngressId());
            if (!current.getReusable()) {
                throw invalid("ingress is not reusable and cannot be modified");
            }
            var updated = current.toBuilder();
            if (current.getState().getStatus() == IngressState.Status.ENDPOINT_ERROR) {
                // The server first resets an ingress in error to inactive, which is itself a status change.
                updated.setState(current.getState().toBuilder().setStatus(IngressState.Status.ENDPOINT_INACTIVE)
                        .setUpdatedAt(nanos()));
                state.emitIngress("ingress_ended", updated.build());
            }
            if (!request.getName().isEmpty()) {
                updated.setName(request.getName());
            }
            if (!request.getRoomName().isEmpty()) {
                updated.setRoomName(request.getRoomName());
            }
            if (!request.getParticipantIdentity().isEmpty()) {
                updated.setParticipantIdentity(request.getParticipantIdentity());
            }
            if (!request.getParticipantName().isEmpty()) {
                updated.setParticipantName(request.getParticipantName());
            }
            if (!request.getParticipantMetadata().isEmpty()) {
                updated.setParticipantMetadata(request.getParticipantMetadata());
            }
            if (request.hasAudio()) {
                updated.setAudio(request.getAudio());
            }
            if (request.hasVideo()) {
                updated.setVideo(request.getVideo());
            }
            if (request.hasEnableTranscoding()) {
                updated.setEnableTranscoding(request.getEnableTranscoding()).setBypassTranscoding(!request.getEnableTranscoding());
            }
            if (request.hasEnabled()) {
                updated.setEnabled(request.getEnabled());
            }
            var saved = updated.build();
            ingresses.put(saved.getIngressId(), saved);
            return saved;
        }
    }

    List<IngressInfo> list(ListIngressRequest request) {
        synchronized (state) {
            if (!request.getIngressId().isEmpty()) {
                return List.of(require(request.getIngressId()));
            }
            return ingresses.values().stream()
                    .filter(i -> request.getRoomName().isEmpty() || i.getRoomName().equals(request.getRoomName())).toList();
        }
    }

    IngressInfo delete(String ingressId) {
        synchronized (state) {
            var current = require(ingressId);
            if (active(current)) {
                state.removeParticipant(current.getRoomName(), current.getParticipantIdentity(), DisconnectReason.CLIENT_INITIATED);
            }
            ingresses.remove(ingressId);
            return current.toBuilder().setState(current.getState().toBuilder().setStatus(IngressState.Status.ENDPOINT_INACTIVE)).build();
        }
    }

    /**
     * An encoder connects and its media is published: the INGRESS participant joins the ingress's room with the
     * grants of protocol ingress/token.go and publishes audio and video; the status becomes PUBLISHING.
     */
    IngressInfo start(String ingressId) {
        synchronized (state) {
            var current = require(ingressId);
            if (active(current)) {
                throw EmulatorException.failedPrecondition("ingress " + ingressId + " is already publishing");
            }
            if (current.getRoomName().isEmpty()) {
                throw EmulatorException.failedPrecondition("ingress " + ingressId + " has no room");
            }
            if (current.hasEnabled() && !current.getEnabled()) {
                throw EmulatorException.failedPrecondition("ingress " + ingressId + " is disabled");
            }
            var spec = new ParticipantSpec(current.getParticipantIdentity(), current.getParticipantName(), ParticipantInfo.Kind.INGRESS,
                    current.getParticipantMetadata(), Map.of(INGRESS_ID_ATTRIBUTE, ingressId),
                    List.of(new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false),
                            new TrackSpec(TrackType.VIDEO, TrackSource.CAMERA, false)));
            var permission = ParticipantPermission.newBuilder().setCanPublish(true).setCanSubscribe(false)
                    .setCanPublishData(true).setCanUpdateMetadata(true).build();
            var participant = state.addParticipant(current.getRoomName(), spec, permission);
            var now = nanos();
            var roomSid = state.room(current.getRoomName()).map(r -> r.getSid()).orElse("");
            var started = current.toBuilder().setState(IngressState.newBuilder()
                    .setStatus(IngressState.Status.ENDPOINT_PUBLISHING)
                    .setRoomId(roomSid)
                    .setStartedAt(now)
                    .setUpdatedAt(now)
                    .setResourceId("RS_" + Ids.random(12))
                    .addAllTracks(participant.getTracksList())).build();
            ingresses.put(ingressId, started);
            state.emitIngress("ingress_started", started);
            return started;
        }
    }

    /**
     * The encoder stops (or fails, with {@code error}): the participant leaves; the status becomes INACTIVE for a
     * reusable ingress, COMPLETE for a URL one, ERROR with the error on failure.
     */
    IngressInfo stop(String ingressId, String error) {
        synchronized (state) {
            var current = require(ingressId);
            if (!active(current)) {
                throw EmulatorException.failedPrecondition("ingress " + ingressId + " is not publishing");
            }
            state.removeParticipant(current.getRoomName(), current.getParticipantIdentity(), DisconnectReason.CLIENT_INITIATED);
            var failed = error != null && !error.isEmpty();
            var status = failed ? IngressState.Status.ENDPOINT_ERROR
                    : current.getReusable() ? IngressState.Status.ENDPOINT_INACTIVE : IngressState.Status.ENDPOINT_COMPLETE;
            var now = nanos();
            var ended = current.toBuilder().setState(current.getState().toBuilder()
                    .setStatus(status).setError(failed ? error : "").setEndedAt(now).setUpdatedAt(now).clearTracks()).build();
            ingresses.put(ingressId, ended);
            state.emitIngress("ingress_ended", ended);
            return ended;
        }
    }

    void clear() {
        ingresses.clear();
    }

    private static boolean active(IngressInfo info) {
        var status = info.getState().getStatus();
        return status == IngressState.Status.ENDPOINT_BUFFERING || status == IngressState.Status.ENDPOINT_PUBLISHING;
    }

    private IngressInfo require(String ingressId) {
        var info = ingresses.get(ingressId);
        if (info == null) {
            throw EmulatorException.notFound(PSRPC_PREFIX + "ingress does not exist");
        }
        return info;
    }

    private long nanos() {
        return clock.getAsLong() * 1_000_000L;
    }
}
