package dev.roomwarden.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import livekit.LivekitAgent.Job;
import livekit.LivekitAgent.JobState;
import livekit.LivekitAgent.JobStatus;
import livekit.LivekitAgent.JobType;
import livekit.LivekitAgentDispatch.AgentDispatch;
import livekit.LivekitAgentDispatch.CreateAgentDispatchRequest;
import livekit.LivekitAgentDispatch.RoomAgentDispatch;
import livekit.LivekitIngress.IngressInfo;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitRoom.SendDataRequest;
import livekit.LivekitRoom.UpdateParticipantRequest;
import livekit.LivekitWebhook.WebhookEvent;

/**
 * The emulated server's rooms, participants and agent dispatches, in memory. One lock guards everything, and
 * the counts of a room are computed from its participant list whenever it is read, so they always agree.
 */
public final class EmulatorState {

    static final int MAX_NAME_BYTES = 256;
    static final int MAX_METADATA_BYTES = 512 * 1024;
    static final int MAX_ATTRIBUTES_BYTES = 64 * 1024;
    static final int DEFAULT_EMPTY_TIMEOUT = 300;
    static final int DEFAULT_DEPARTURE_TIMEOUT = 20;
    private static final int SENT_DATA_KEPT = 100;

    private static final class RoomEntry {
        final Room.Builder room;
        final Map<String, ParticipantInfo> participants = new LinkedHashMap<>();
        final Map<String, AgentDispatch.Builder> dispatches = new LinkedHashMap<>();
        /** The RPC methods each connected participant has registered; gone with the connection. */
        final Map<String, Map<String, RpcAnswer>> rpcMethods = new LinkedHashMap<>();
        long emptySinceMs;
        boolean hadParticipants;

        RoomEntry(Room.Builder room, long now) {
            this.room = room;
            this.emptySinceMs = now;
        }

        Room snapshot() {
            var publishers = (int) participants.values().stream().filter(ParticipantInfo::getIsPublisher).count();
            // livekit-server's updateProto counts no recorder (egress) participant (pkg/rtc/room.go, IsDependent).
            var counted = (int) participants.values().stream().filter(p -> !recorder(p)).count();
            // As livekit-server: recording while an EGRESS participant is in the room.
            var recording = room.getActiveRecording() || participants.values().stream().anyMatch(RoomEntry::recorder);
            return room.clone().setNumParticipants(counted).setNumPublishers(publishers)
                    .setActiveRecording(recording).build();
        }

        boolean onlyRecorders() {
            return participants.values().stream().allMatch(RoomEntry::recorder);
        }

        /** IsRecorder in livekit-server's participant.go: kind EGRESS or the recorder grant. */
        static boolean recorder(ParticipantInfo participant) {
            return participant.getKind() == ParticipantInfo.Kind.EGRESS || participant.getPermission().getRecorder();
        }
    }

    private final Map<String, RoomEntry> rooms = new LinkedHashMap<>();
    private final Deque<SendDataRequest> sentData = new ArrayDeque<>();
    private final Deque<RpcRequestSeen> rpcRequests = new ArrayDeque<>();
    private final LongSupplier clock;
    private volatile Consumer<WebhookEvent.Builder> events = event -> { };
    private volatile Consumer<String> roomsFinished = room -> { };
    private volatile Runnable cleared = () -> { };
    private final Ingresses ingresses;
    private volatile Sips sips;

    public EmulatorState() {
        this(System::currentTimeMillis);
    }

    EmulatorState(LongSupplier clock) {
        this.clock = clock;
        this.ingresses = new Ingresses(this, clock);
    }

    /** Who hears that a room finished (the egress worker: its source closed). */
    void onRoomFinished(Consumer<String> listener) {
        this.roomsFinished = listener;
    }

    /** Who forgets its own state with the rooms (the egress worker). */
    void onCleared(Runnable listener) {
        this.cleared = listener;
    }

    /** Where room and participant events go (the webhook sender). */
    void onEvent(Consumer<WebhookEvent.Builder> sink) {
        this.events = sink;
    }

    public synchronized Room createRoom(CreateRoomRequest request) {
        requireName(request.getName(), "room name");
        requireMetadata(request.getMetadata());
        var existing = rooms.get(request.getName());
        if (existing != null) {
            return existing.snapshot();
        }
        var entry = newRoom(request.getName(), request.getEmptyTimeout(), request.getDepartureTimeout(),
                request.getMaxParticipants(), request.getMetadata(), request.getAgentsList());
        var created = entry.snapshot();
        // The answer shows the room before its agents join: the server answers before jobs launch.
        entry.dispatches.values().forEach(dispatch -> launch(entry, dispatch));
        return created;
    }

    /** A room with only the unnamed default dispatch, which launches nothing. */
    private RoomEntry newRoom(String name) {
        return newRoom(name, 0, 0, 0, "", List.of());
    }

    private RoomEntry newRoom(String name, int emptyTimeout, int departureTimeout, int maxParticipants, String metadata,
            List<RoomAgentDispatch> agents) {
        var now = clock.getAsLong();
        var room = Room.newBuilder()
                .setSid(Ids.room())
                .setName(name)
                .setEmptyTimeout(emptyTimeout > 0 ? emptyTimeout : DEFAULT_EMPTY_TIMEOUT)
                .setDepartureTimeout(departureTimeout > 0 ? departureTimeout : DEFAULT_DEPARTURE_TIMEOUT)
                .setMaxParticipants(maxParticipants)
                .setCreationTime(now / 1000)
                .setCreationTimeMs(now)
                .setMetadata(metadata);
        var entry = new RoomEntry(room, now);
        rooms.put(name, entry);
        emit("room_started", entry, null, null);
        // As livekit-server: the room's agents, or else one unnamed dispatch ("start any agent in the empty JobName").
        for (var agent : agents.isEmpty() ? List.of(RoomAgentDispatch.getDefaultInstance()) : agents) {
            addDispatch(entry, agent.getAgentName(), agent.getMetadata()).setRestartPolicy(agent.getRestartPolicy());
        }
        return entry;
    }

    /** A participant joins (the room is created if needed); one with the same identity is replaced, as in LiveKit. */
    public synchronized ParticipantInfo addParticipant(String room, ParticipantSpec spec) {
        return addParticipant(room, spec, ParticipantPermission.newBuilder()
                .setCanSubscribe(true).setCanPublish(true).setCanPublishData(true)
                .setAgent(spec.kind() == ParticipantInfo.Kind.AGENT).build());
    }

    synchronized ParticipantInfo addParticipant(String room, ParticipantSpec spec, ParticipantPermission permission) {
        requireName(room, "room name");
        requireName(spec.identity(), "participant identity");
        requireMetadata(spec.metadata());
        requireAttributes(spec.attributes());
        var entry = rooms.get(room);
        if (entry == null) {
            entry = newRoom(room);
        }
        if (entry.participants.containsKey(spec.identity())) {
            leave(entry, spec.identity(), DisconnectReason.DUPLICATE_IDENTITY);
        }
        var now = clock.getAsLong();
        var participant = ParticipantInfo.newBuilder()
                .setSid(Ids.participant())
                .setIdentity(spec.identity())
                .setName(spec.name())
                .setKind(spec.kind())
                .setState(ParticipantInfo.State.ACTIVE)
                .setMetadata(spec.metadata())
                .putAllAttributes(spec.attributes())
                .setJoinedAt(now / 1000)
                .setJoinedAtMs(now)
                .setIsPublisher(!spec.tracks().isEmpty())
                .setPermission(permission);
        for (var track : spec.tracks()) {
            participant.addTracks(TrackInfo.newBuilder()
                    .setSid(Ids.track())
                    .setType(track.type())
                    .setSource(track.source())
                    .setMuted(track.muted())
                    .setName(track.source().name().toLowerCase(java.util.Locale.ROOT)));
        }
        var joined = participant.build();
        entry.participants.put(joined.getIdentity(), joined);
        // A recorder does not count as the room's first join (room.go Join sets FirstJoinedAt for others only).
        entry.hadParticipants |= !RoomEntry.recorder(joined);
        emit("participant_joined", entry, joined, null);
        for (var track : joined.getTracksList()) {
            emit("track_published", entry, joined, track);
        }
        return joined;
    }

    /** RemoveParticipant: the server closes the participant with reason PARTICIPANT_REMOVED. */
    public synchronized boolean removeParticipant(String room, String identity) {
        return removeParticipant(room, identity, DisconnectReason.PARTICIPANT_REMOVED);
    }

    /** The participant goes for this reason, e.g. CLIENT_INITIATED when it leaves by itself, SIGNAL_CLOSE when its connection is lost. */
    public synchronized boolean removeParticipant(String room, String identity, DisconnectReason reason) {
        var entry = rooms.get(room);
        return entry != null && leave(entry, identity, reason);
    }

    /**
     * MoveParticipant as LiveKit Cloud does it (the caller has checked grants and refusals): the participant
     * leaves {@code room} (participant_left; the open-source move helpers fire the source room's close callbacks
     * without closing the participant, so its disconnect reason is UNKNOWN_REASON) and joins {@code destination}
     * with a new sid (participant_joined, track_published), the destination created if needed. Empty when the
     * participant is not in the room.
     */
    public synchronized Optional<ParticipantInfo> moveParticipant(String room, String identity, String destination) {
        var source = rooms.get(room);
        var moving = source == null ? null : source.participants.get(identity);
        if (moving == null) {
            return Optional.empty();
        }
        leave(source, identity, DisconnectReason.UNKNOWN_REASON);
        var entry = rooms.get(destination);
        if (entry == null) {
            entry = newRoom(destination);
        }
        if (entry.participants.containsKey(identity)) {
            leave(entry, identity, DisconnectReason.DUPLICATE_IDENTITY);
        }
        var now = clock.getAsLong();
        var moved = moving.toBuilder().setSid(Ids.participant()).setJoinedAt(now / 1000).setJoinedAtMs(now).build();
        entry.participants.put(identity, moved);
        entry.hadParticipants = true;
        emit("participant_joined", entry, moved, null);
        for (var track : moved.getTracksList()) {
            emit("track_published", entry, moved, track);
        }
        return Optional.of(moved);
    }

    /**
     * A participant who joined the signal connection but never became active (media never connected), as the
     * server reports it: no participant_joined, then participant_connection_aborted. The room is created if needed.
     */
    public synchronized ParticipantInfo abortConnection(String room, String identity, String name, DisconnectReason reason) {
        requireName(room, "room name");
        requireName(identity, "participant identity");
        var entry = rooms.get(room);
        if (entry == null) {
            entry = newRoom(room);
        }
        if (entry.participants.containsKey(identity)) {
            throw EmulatorException.invalidArgument("participant \"" + identity + "\" is already active in room \"" + room + "\"");
        }
        var now = clock.getAsLong();
        var aborted = ParticipantInfo.newBuilder()
                .setSid(Ids.participant())
                .setIdentity(identity)
                .setName(name)
                .setState(ParticipantInfo.State.DISCONNECTED)
                .setJoinedAt(now / 1000)
                .setJoinedAtMs(now)
                .setDisconnectReason(reason)
                .build();
        emit("participant_connection_aborted", entry, aborted, null);
        return aborted;
    }

    private boolean leave(RoomEntry entry, String identity, DisconnectReason reason) {
        var gone = entry.participants.remove(identity);
        if (gone == null) {
            return false;
        }
        entry.rpcMethods.remove(identity);
        for (var track : gone.getTracksList()) {
            emit("track_unpublished", entry, gone, track);
        }
        emit("participant_left", entry, gone.toBuilder().setState(ParticipantInfo.State.DISCONNECTED)
                .setDisconnectReason(reason).build(), null);
        if (!RoomEntry.recorder(gone) && entry.onlyRecorders()) {
            entry.emptySinceMs = clock.getAsLong();
        }
        return true;
    }

    /** Ends the room: everyone is disconnected and the room is gone. */
    public synchronized boolean deleteRoom(String room) {
        return close(room, DisconnectReason.ROOM_DELETED);
    }

    private boolean close(String room, DisconnectReason reason) {
        var entry = rooms.get(room);
        if (entry == null) {
            return false;
        }
        for (var identity : List.copyOf(entry.participants.keySet())) {
            leave(entry, identity, reason);
        }
        rooms.remove(room);
        emit("room_finished", entry, null, null);
        roomsFinished.accept(room);
        return true;
    }

    public synchronized List<Room> rooms() {
        return rooms.values().stream().map(RoomEntry::snapshot).toList();
    }

    /** The rooms with these names, or all rooms when none are named (ListRooms' filter). */
    public synchronized List<Room> rooms(Collection<String> names) {
        if (names.isEmpty()) {
            return rooms();
        }
        return rooms.values().stream().filter(e -> names.contains(e.room.getName())).map(RoomEntry::snapshot).toList();
    }

    public synchronized Optional<Room> room(String name) {
        return Optional.ofNullable(rooms.get(name)).map(RoomEntry::snapshot);
    }

    public synchronized List<ParticipantInfo> participants(String room) {
        var entry = rooms.get(room);
        return entry == null ? List.of() : List.copyOf(entry.participants.values());
    }

    public synchronized Optional<ParticipantInfo> participant(String room, String identity) {
        var entry = rooms.get(room);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.participants.get(identity));
    }

    /** UpdateParticipant: metadata, name, attributes (an empty value deletes a key) and permission. */
    public synchronized ParticipantInfo updateParticipant(UpdateParticipantRequest request) {
        requireMetadata(request.getMetadata());
        requireAttributes(request.getAttributesMap());
        var entry = rooms.get(request.getRoom());
        var current = entry == null ? null : entry.participants.get(request.getIdentity());
        if (current == null) {
            throw EmulatorException.notFound("twirp error unknown: participant does not exist");
        }
        var updated = current.toBuilder();
        if (!request.getMetadata().isEmpty()) {
            updated.setMetadata(request.getMetadata());
        }
        if (!request.getName().isEmpty()) {
            updated.setName(request.getName());
        }
        request.getAttributesMap().forEach((key, value) -> {
            if (value.isEmpty()) {
                updated.removeAttributes(key);
            } else {
                updated.putAttributes(key, value);
            }
        });
        var unpublished = new ArrayList<TrackInfo>();
        if (request.hasPermission()) {
            var permission = request.getPermission();
            updated.setPermission(permission);
            // As livekit-server does: tracks the new permission no longer allows are unpublished.
            updated.clearTracks();
            for (var track : current.getTracksList()) {
                if (mayPublish(permission, track.getSource())) {
                    updated.addTracks(track);
                } else {
                    unpublished.add(track);
                }
            }
            if (!unpublished.isEmpty()) {
                updated.setIsPublisher(updated.getTracksCount() > 0);
            }
        }
        var result = updated.build();
        entry.participants.put(result.getIdentity(), result);
        unpublished.forEach(track -> emit("track_unpublished", entry, result, track));
        return result;
    }

    private static boolean mayPublish(ParticipantPermission permission, TrackSource source) {
        return permission.getCanPublish()
                && (permission.getCanPublishSourcesCount() == 0 || permission.getCanPublishSourcesList().contains(source));
    }

    public synchronized Room updateRoomMetadata(String room, String metadata) {
        requireMetadata(metadata);
        var entry = rooms.get(room);
        if (entry == null) {
            throw EmulatorException.notFound("twirp error unknown: requested room does not exist");
        }
        entry.room.setMetadata(metadata);
        return entry.snapshot();
    }

    /** ListDispatch: the room's dispatches in creation order, or only the one with this id when one is given. */
    public synchronized List<AgentDispatch> dispatches(String room, String dispatchId) {
        var entry = existingRoom(room);
        return entry.dispatches.values().stream()
                .filter(d -> dispatchId.isEmpty() || d.getId().equals(dispatchId))
                .map(AgentDispatch.Builder::build).toList();
    }

    /**
     * CreateDispatch: the room is created if needed (livekit-server auto-creates rooms), and a named agent
     * starts at once. Answers the dispatch as created, without its job, as the server answers before jobs launch.
     */
    public synchronized AgentDispatch createDispatch(CreateAgentDispatchRequest request) {
        requireMetadata(request.getMetadata());
        requireName(request.getRoom(), "room name");
        var entry = rooms.get(request.getRoom());
        if (entry == null) {
            entry = newRoom(request.getRoom());
        }
        var dispatch = addDispatch(entry, request.getAgentName(), request.getMetadata())
                .setRestartPolicy(request.getRestartPolicy());
        var created = dispatch.build();
        launch(entry, dispatch);
        return created;
    }

    /** DeleteDispatch: the dispatch is gone and its agents leave the room, as when livekit-server terminates its jobs. */
    public synchronized AgentDispatch deleteDispatch(String room, String dispatchId) {
        var entry = existingRoom(room);
        var dispatch = entry.dispatches.get(dispatchId);
        if (dispatch == null) {
            throw EmulatorException.notFound("dispatch ID not found");
        }
        var deleted = dispatch.build();
        for (var job : deleted.getState().getJobsList()) {
            // The terminated job's agent disconnects itself.
            leave(entry, job.getState().getParticipantIdentity(), DisconnectReason.CLIENT_INITIATED);
        }
        entry.dispatches.remove(dispatchId);
        return deleted;
    }

    private RoomEntry existingRoom(String room) {
        var entry = rooms.get(room);
        if (entry == null) {
            throw EmulatorException.notFound("requested room does not exist");
        }
        return entry;
    }

    private AgentDispatch.Builder addDispatch(RoomEntry entry, String agentName, String metadata) {
        var dispatch = AgentDispatch.newBuilder()
                .setId(Ids.dispatch())
                .setAgentName(agentName)
                .setRoom(entry.room.getName())
                .setMetadata(metadata);
        dispatch.getStateBuilder().setCreatedAt(nanos());
        entry.dispatches.put(dispatch.getId(), dispatch);
        return dispatch;
    }

    /**
     * There are no agent workers: the emulator acts as if one were registered under every agent name and
     * accepted each job at once, its agent joining with a microphone. No worker takes unnamed dispatches.
     */
    private void launch(RoomEntry entry, AgentDispatch.Builder dispatch) {
        if (dispatch.getAgentName().isEmpty()) {
            return;
        }
        var now = nanos();
        var job = Job.newBuilder()
                .setId(Ids.job())
                .setDispatchId(dispatch.getId())
                .setType(JobType.JT_ROOM)
                .setRoom(entry.snapshot())
                .setAgentName(dispatch.getAgentName())
                .setMetadata(dispatch.getMetadata());
        var identity = "agent-" + job.getId();
        job.setState(JobState.newBuilder().setStatus(JobStatus.JS_RUNNING).setParticipantIdentity(identity)
                .setStartedAt(now).setUpdatedAt(now));
        dispatch.getStateBuilder().addJobs(job);
        addParticipant(entry.room.getName(), new ParticipantSpec(identity, dispatch.getAgentName(), ParticipantInfo.Kind.AGENT,
                "", Map.of("lk.agent.state", "listening"),
                List.of(new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false))));
    }

    /** LiveKit times agent dispatches and jobs in nanoseconds. */
    private long nanos() {
        return clock.getAsLong() * 1_000_000;
    }

    /** Marks a room as being recorded (an egress is running), or not. */
    public synchronized void setRecording(String room, boolean recording) {
        var entry = rooms.get(room);
        if (entry != null) {
            entry.room.setActiveRecording(recording);
        }
    }

    /** Mutes or unmutes a published track; empty when the participant has no such track. */
    public synchronized Optional<TrackInfo> setTrackMuted(String room, String identity, String trackSid, boolean muted) {
        var entry = rooms.get(room);
        var participant = entry == null ? null : entry.participants.get(identity);
        if (participant == null) {
            return Optional.empty();
        }
        for (int i = 0; i < participant.getTracksCount(); i++) {
            var track = participant.getTracks(i);
            if (track.getSid().equals(trackSid)) {
                var changed = track.toBuilder().setMuted(muted).build();
                entry.participants.put(identity, participant.toBuilder().setTracks(i, changed).build());
                return Optional.of(changed);
            }
        }
        return Optional.empty();
    }

    synchronized void recordSentData(SendDataRequest request) {
        sentData.addLast(request);
        while (sentData.size() > SENT_DATA_KEPT) {
            sentData.removeFirst();
        }
    }

    /** The latest SendData calls, oldest first (what a client in the room would have received). */
    public synchronized List<SendDataRequest> sentData() {
        return new ArrayList<>(sentData);
    }

    /**
     * The connected participant registers an RPC method (or replaces its handler, as the Python and Node SDKs
     * do) answering this way; a method it has not registered is answered 1400 "Method not supported at destination".
     */
    public synchronized void implementRpc(String room, String identity, String method, RpcAnswer answer) {
        requireName(method, "rpc method");
        var entry = rooms.get(room);
        if (entry == null || !entry.participants.containsKey(identity)) {
            throw EmulatorException.notFound("participant \"" + identity + "\" is not in room \"" + room + "\"");
        }
        entry.rpcMethods.computeIfAbsent(identity, i -> new LinkedHashMap<>()).put(method, answer);
    }

    /** How the participant answers the method; empty when it has not registered it (or is not connected). */
    synchronized Optional<RpcAnswer> rpcAnswer(String room, String identity, String method) {
        var entry = rooms.get(room);
        var methods = entry == null ? null : entry.rpcMethods.get(identity);
        return methods == null ? Optional.empty() : Optional.ofNullable(methods.get(method));
    }

    synchronized void recordRpcRequest(RpcRequestSeen request) {
        rpcRequests.addLast(request);
        while (rpcRequests.size() > SENT_DATA_KEPT) {
            rpcRequests.removeFirst();
        }
    }

    /** The latest RPC requests participants received, oldest first (a re-sent request appears again). */
    public synchronized List<RpcRequestSeen> rpcRequests() {
        return new ArrayList<>(rpcRequests);
    }

    /** Closes rooms that have been empty for longer than their timeout, as the server does. */
    public synchronized void closeIdleRooms() {
        var now = clock.getAsLong();
        for (var entry : List.copyOf(rooms.values())) {
            // Recorders do not keep a room open (room.go CloseIfEmpty skips IsDependent participants).
            if (!entry.onlyRecorders()) {
                continue;
            }
            var timeout = entry.hadParticipants ? entry.room.getDepartureTimeout() : entry.room.getEmptyTimeout();
            if (timeout > 0 && now - entry.emptySinceMs >= timeout * 1000L) {
                // Those left are closed with ParticipantCloseReasonRoomClosed, which is ROOM_CLOSED.
                close(entry.room.getName(), DisconnectReason.ROOM_CLOSED);
            }
        }
    }

    /** Forgets everything (rooms, ingresses, egresses, SIP trunks, rules and calls), without events (tests). */
    public synchronized void clear() {
        rooms.clear();
        ingresses.clear();
        if (sips != null) {
            sips.clear();
        }
        sentData.clear();
        rpcRequests.clear();
        cleared.run();
    }

    /** The SIP trunks, rules and calls, forgotten with the rooms. */
    void attach(Sips sips) {
        this.sips = sips;
    }

    /** The SIP trunks and rules (null until attached: a state alone, in tests). */
    Sips sips() {
        return sips;
    }

    Ingresses ingresses() {
        return ingresses;
    }

    /** A simulated encoder starts publishing into the ingress's room (ingress_started); its IngressInfo afterwards. */
    public IngressInfo startIngress(String ingressId) {
        return ingresses.start(ingressId);
    }

    /** The ingress's encoder stops, or fails when {@code error} is not empty (ingress_ended); its IngressInfo afterwards. */
    public IngressInfo stopIngress(String ingressId, String error) {
        return ingresses.stop(ingressId, error);
    }

    /** As ioservice_ingress.go: the room is only its name (no sid), with the ingress's info. */
    void emitIngress(String event, IngressInfo info) {
        events.accept(WebhookEvent.newBuilder().setEvent(event).setRoom(Room.newBuilder().setName(info.getRoomName()))
                .setIngressInfo(info));
    }

    private void emit(String event, RoomEntry entry, ParticipantInfo participant, TrackInfo track) {
        var webhook = WebhookEvent.newBuilder().setEvent(event).setRoom(entry.snapshot());
        if (participant != null) {
            webhook.setParticipant(participant);
        }
        if (track != null) {
            webhook.setTrack(track);
        }
        events.accept(webhook);
    }

    /** An egress webhook: room {sid, name} only, and the egress info, as livekit-server's IOInfo service sends it. */
    void egressEvent(String event, livekit.LivekitEgress.EgressInfo info) {
        events.accept(WebhookEvent.newBuilder().setEvent(event)
                .setRoom(Room.newBuilder().setSid(info.getRoomId()).setName(info.getRoomName())).setEgressInfo(info));
    }

    static void requireName(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw EmulatorException.invalidArgument(what + " cannot be empty");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw EmulatorException.invalidArgument(what + " length exceeds limits");
        }
    }

    static void requireMetadata(String metadata) {
        if (metadata != null && metadata.getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            throw EmulatorException.invalidArgument("metadata size exceeds limits");
        }
    }

    static void requireAttributes(Map<String, String> attributes) {
        long size = 0;
        for (var attribute : attributes.entrySet()) {
            size += attribute.getKey().getBytes(StandardCharsets.UTF_8).length
                    + attribute.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > MAX_ATTRIBUTES_BYTES) {
            throw EmulatorException.invalidArgument("attribute size exceeds limits");
        }
    }
}
