package dev.roomwarden.livekit;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.livekit.server.AgentDispatchServiceClient;
import io.livekit.server.EgressServiceClient;
import io.livekit.server.EncodedOutputs;
import io.livekit.server.IngressServiceClient;
import io.livekit.server.RoomAdmin;
import io.livekit.server.RoomName;
import io.livekit.server.SIPAdmin;
import io.livekit.server.SIPCall;
import io.livekit.server.RoomServiceClient;
import jakarta.annotation.PreDestroy;
import livekit.LivekitAgentDispatch.AgentDispatch;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.EncodedFileType;
import livekit.LivekitIngress.IngressInfo;
import livekit.LivekitIngress.IngressInput;
import livekit.LivekitModels.DataPacket;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.Room;
import livekit.LivekitRoom.PerformRpcRequest;
import livekit.LivekitSip.CreateSIPDispatchRuleRequest;
import livekit.LivekitSip.CreateSIPInboundTrunkRequest;
import livekit.LivekitSip.CreateSIPOutboundTrunkRequest;
import livekit.LivekitSip.CreateSIPParticipantRequest;
import livekit.LivekitSip.DeleteSIPDispatchRuleRequest;
import livekit.LivekitSip.DeleteSIPTrunkRequest;
import livekit.LivekitSip.ListSIPDispatchRuleRequest;
import livekit.LivekitSip.ListSIPInboundTrunkRequest;
import livekit.LivekitSip.ListSIPOutboundTrunkRequest;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import livekit.LivekitSip.SIPParticipantInfo;
import livekit.LivekitSip.TransferSIPParticipantRequest;
import livekit.LivekitSip.UpdateSIPDispatchRuleRequest;
import livekit.LivekitSip.UpdateSIPInboundTrunkRequest;
import livekit.LivekitSip.UpdateSIPOutboundTrunkRequest;
import org.springframework.stereotype.Component;
import retrofit2.Call;

/**
 * What Roomwarden asks of LiveKit, each call through {@link LiveKitTransport} (which turns every failure
 * into a {@link LiveKitException} with a {@link LiveKitFailure}) and {@link LiveKitBreaker} (which refuses it
 * at once while LiveKit is not answering); what pages read is shared for the cache time, and forgotten when
 * an action or a webhook changes it. While LiveKit is not answering, the rooms, a room's participants and its
 * dispatches are the last answers seen, each noted in {@link StaleAnswers} with its age; actions are refused.
 */
@Component
public class LiveKitGateway implements AutoCloseable {

    private static final String ROOMS = "rooms";
    private static final String EGRESS = "egress:";
    private static final String INGRESSES = "ingresses";
    private static final String SIP = "sip:";
    /** The name asked for to see whether LiveKit answers: an answer about one room is small however many there are. */
    private static final String NO_SUCH_ROOM = "roomwarden-reachability-check";

    private final LiveKitTransport transport;
    private final RoomServiceClient roomService;
    private final AgentDispatchServiceClient dispatchService;
    private final LiveKitTransport.ServerRpc serverRpc;
    private final EgressServiceClient egressService;
    private final EgressServiceClient egressWorkerCalls;
    private final IngressServiceClient ingressService;
    private final LiveKitTransport.Sip sip;
    private final LiveKitTransport.Sip sipCalls;
    private final SingleFlightCache cache;
    private final LiveKitBreaker breaker;
    private final Clock clock;
    /** This LiveKit (one URL per gateway) answered MoveParticipant "not implemented": kept in memory, per instance. */
    private volatile boolean moveNotImplemented;

    LiveKitGateway(LiveKitTransport transport, LiveKitProperties properties, Clock clock) {
        this.transport = transport;
        this.roomService = transport.roomService();
        this.dispatchService = transport.agentDispatchService();
        this.serverRpc = transport.serverRpc();
        this.egressService = transport.egressService();
        this.egressWorkerCalls = transport.egressWorkerService();
        this.ingressService = transport.ingressService();
        this.sip = transport.sip();
        this.sipCalls = transport.sipCalls();
        this.cache = new SingleFlightCache(properties.cacheTtl(), clock);
        this.clock = clock;
        this.breaker = new LiveKitBreaker(properties.probeInterval(), clock, transport.connection().displayHost());
        breaker.probeWith(() -> transport.execute(roomService.listRooms(List.of(NO_SUCH_ROOM)), "ListRooms", false));
    }

    /** Why LiveKit is taken as not answering, or null while it answers. */
    LiveKitBreaker.Failing failing() {
        return breaker.failing();
    }

    /**
     * Whether LiveKit answers as far as this instance's calls tell (a LiveKit nobody asked is taken as answering:
     * {@link #checkReachable()} asks), and the latency of the calls of the last minutes.
     */
    public LiveKitStatus status() {
        var failing = breaker.failing();
        return new LiveKitStatus(failing == null ? null : failing.since(), failing == null ? null : failing.failure().failure(),
                transport.recentLatency());
    }

    /** Runs when LiveKit answers again after it did not: what pages show from the last state seen can be refreshed. */
    public void whenAnsweringAgain(Runnable action) {
        breaker.whenAnsweringAgain(action);
    }

    /** A new start, as after a restart: nothing seen yet, LiveKit taken as answering. */
    void forget() {
        breaker.reset();
        cache.clear();
        moveNotImplemented = false;
    }

    @PreDestroy
    @Override
    public void close() {
        breaker.close();
    }

    public LiveKitConnection connection() {
        return transport.connection();
    }

    /** Asks LiveKit something small, past the cache; throws a {@link LiveKitException} when it does not answer properly. */
    public void checkReachable() {
        lookUpRooms(List.of(NO_SUCH_ROOM));
    }

    /** Every room; one ListRooms serves every page asking within the cache time. */
    public List<Room> listRooms() {
        return read(ROOMS, () -> List.copyOf(orEmpty(execute(roomService.listRooms(), "ListRooms"))));
    }

    /** The room from the shared room list, or, when the list does not have it yet, from LiveKit directly. */
    public Optional<Room> findRoom(String name) {
        var shared = listRooms().stream().filter(room -> room.getName().equals(name)).findFirst();
        return shared.isPresent() ? shared : lookUpRoom(name);
    }

    /** These rooms as LiveKit has them at this moment (those it has), not as the shared list last saw them. */
    public List<Room> lookUpRooms(List<String> names) {
        return orEmpty(execute(roomService.listRooms(names), "ListRooms"));
    }

    /** The room as LiveKit has it at this moment, not as the shared list last saw it. */
    public Optional<Room> lookUpRoom(String name) {
        return lookUpRooms(List.of(name)).stream()
                .filter(room -> room.getName().equals(name))
                .findFirst();
    }

    /** Every room as LiveKit has it at this moment: past the shared list, and never the last answer seen instead. */
    public List<Room> currentRooms() {
        return lookUpRooms(List.of());
    }

    /** The room's participants as LiveKit has them at this moment: past the shared list, never the last answer seen. */
    public List<ParticipantInfo> currentParticipants(String room) {
        return orEmpty(execute(roomService.listParticipants(room), "ListParticipants"));
    }

    /** Agents first, then by identity, as staff look for them. */
    public List<ParticipantInfo> listParticipants(String room) {
        return read(participantsKey(room), () -> orEmpty(execute(roomService.listParticipants(room), "ListParticipants"))
                .stream()
                .sorted(Comparator.comparing((ParticipantInfo p) -> p.getKind() != ParticipantInfo.Kind.AGENT)
                        .thenComparing(ParticipantInfo::getIdentity))
                .toList());
    }

    /** The participant as LiveKit has them at this moment (past the shared list); empty when not in the room. */
    public Optional<ParticipantInfo> lookUpParticipant(String room, String identity) {
        return unlessUnknown(() -> Optional.ofNullable(transport.execute(roomService.getParticipant(room, identity), "GetParticipant")));
    }

    public ActionOutcome removeParticipant(String room, String identity) {
        return changing(room, roomService.removeParticipant(room, identity), "RemoveParticipant");
    }

    /**
     * Moves a participant into another room (LiveKit Cloud; the open-source server answers "not implemented",
     * remembered until a move succeeds or Roomwarden restarts). The SDK's token carries roomAdmin for
     * {@code room} and destinationRoom for {@code destinationRoom}, as MoveParticipant requires.
     */
    public ActionOutcome moveParticipant(String room, String identity, String destinationRoom) {
        try {
            var outcome = changing(room, roomService.moveParticipant(room, identity, destinationRoom), "MoveParticipant");
            moveNotImplemented = false;
            return outcome;
        } catch (LiveKitException e) {
            if (e.failure() == LiveKitFailure.NOT_IMPLEMENTED) {
                moveNotImplemented = true;
            }
            throw e;
        } finally {
            changed(destinationRoom);
        }
    }

    /** Whether this LiveKit has said it does not implement MoveParticipant (since this instance started). */
    public boolean moveNotImplemented() {
        return moveNotImplemented;
    }

    /** Mutes or unmutes one published track; LiveKit refuses to unmute unless remote unmute is enabled. */
    public ActionOutcome setTrackMuted(String room, String identity, String trackSid, boolean muted) {
        return onParticipant(room, identity, participant -> participant.getTracksList().stream().noneMatch(track -> track.getSid().equals(trackSid))
                ? null : roomService.mutePublishedTrack(room, identity, trackSid, muted), "MutePublishedTrack");
    }

    /**
     * Changes what a participant may do, starting from the permission LiveKit has for them now; LiveKit
     * unpublishes the tracks the new permission no longer allows.
     */
    public ActionOutcome updatePermission(String room, String identity, UnaryOperator<ParticipantPermission> change) {
        return onParticipant(room, identity, participant -> roomService.updateParticipant(room, identity, null, null,
                change.apply(participant.getPermission())), "UpdateParticipant");
    }

    /**
     * Changes a participant's name and metadata (empty: unchanged, as LiveKit has it) and sets their
     * attributes to exactly {@code attributes}: keys they have that are not given are removed.
     */
    public ActionOutcome updateParticipant(String room, String identity, String name, String metadata, Map<String, String> attributes) {
        return onParticipant(room, identity, participant -> {
            var changes = new HashMap<>(attributes);
            participant.getAttributesMap().keySet().forEach(key -> changes.putIfAbsent(key, ""));
            return roomService.updateParticipant(room, identity, name, metadata, null, changes);
        }, "UpdateParticipant");
    }

    /**
     * An action on a participant as LiveKit has them now. LiveKit makes some calls about a participant who
     * has left wait about 3 s and answer 503 unavailable (docs/emulator.md), so Roomwarden asks first; a
     * participant (or, when {@code call} gives no call, a track) that is not there any more is already gone.
     */
    private ActionOutcome onParticipant(String room, String identity, Function<ParticipantInfo, Call<?>> call, String method) {
        try {
            var participant = execute(roomService.getParticipant(room, identity), "GetParticipant");
            var next = participant == null ? null : call.apply(participant);
            return next == null ? ActionOutcome.ALREADY_GONE : action(next, method);
        } catch (LiveKitException e) {
            if (e.failure() == LiveKitFailure.NOT_FOUND) {
                return ActionOutcome.ALREADY_GONE;
            }
            throw e;
        } finally {
            changed(room);
        }
    }

    /**
     * Sends a reliable data message into the room, to everyone or to the given identities. LiveKit makes
     * SendData to a room that has ended wait about 3 s and answer 503 unavailable, so Roomwarden asks first.
     */
    public ActionOutcome sendData(String room, byte[] payload, List<String> identities, String topic) {
        if (findRoom(room).isEmpty()) {
            return ActionOutcome.ALREADY_GONE;
        }
        return action(roomService.sendData(room, payload, DataPacket.Kind.RELIABLE, List.of(), identities, topic), "SendData");
    }

    /**
     * Calls an RPC method of a participant (RoomService PerformRpc, LiveKit 1.9.2 or later); the answer may take up
     * to {@code responseTimeout}, or about 15 s when that is 3 s or more (LiveKit re-sends the request, so the
     * participant's handler must be idempotent). Empty when the participant is not in the room: LiveKit would
     * wait about 3 s and answer 503 for them, so Roomwarden asks first. An RPC error is an answer, not a failure.
     */
    public Optional<RpcResult> performRpc(String room, String identity, String method, String payload, Duration responseTimeout) {
        try {
            if (lookUpParticipant(room, identity).isEmpty()) {
                return Optional.empty();
            }
            var request = PerformRpcRequest.newBuilder().setRoom(room).setDestinationIdentity(identity).setMethod(method)
                    .setPayload(payload).setResponseTimeoutMs((int) Math.max(1, responseTimeout.toMillis())).build();
            var authorization = transport.authorization(new RoomAdmin(true), new RoomName(room));
            return Optional.of(breaker.call(() -> {
                try {
                    var answer = transport.execute(serverRpc.performRpc(request, authorization), "PerformRpc");
                    return RpcResult.answered(answer == null ? "" : answer.getPayload());
                } catch (LiveKitException e) {
                    var rpcError = RpcResult.fromTwirpMessage(e.twirpMessage());
                    if (rpcError == null) {
                        throw e;
                    }
                    return rpcError;
                }
            }, "PerformRpc"));
        } finally {
            changed(room);
        }
    }

    /** Creates a room (LiveKit answers with the existing room if the name is taken: callers ask first). */
    public Room createRoom(String name, int emptyTimeout, int departureTimeout, int maxParticipants, String metadata) {
        try {
            return execute(roomService.createRoom(name, emptyTimeout, maxParticipants, null, metadata, null, null, null,
                    departureTimeout), "CreateRoom");
        } finally {
            changed(name);
        }
    }

    public ActionOutcome updateRoomMetadata(String room, String metadata) {
        return changing(room, roomService.updateRoomMetadata(room, metadata), "UpdateRoomMetadata");
    }

    public ActionOutcome deleteRoom(String room) {
        return changing(room, roomService.deleteRoom(room), "DeleteRoom");
    }

    /** The room's agent dispatches (LiveKit makes one for any unnamed agent in every room), oldest first. */
    public List<AgentDispatch> listDispatches(String room) {
        return read(dispatchesKey(room),
                () -> List.copyOf(orEmpty(execute(dispatchService.listDispatch(room), "ListDispatch"))));
    }

    /**
     * Asks LiveKit to send an agent into the room; empty when the room has ended. LiveKit would create a
     * room that is not there (its rooms are created on demand), so Roomwarden asks first.
     */
    public Optional<AgentDispatch> createDispatch(String room, String agentName, String metadata) {
        try {
            if (lookUpRoom(room).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(execute(dispatchService.createDispatch(room, agentName, metadata), "CreateDispatch"));
        } finally {
            changed(room);
        }
    }

    /** Cancels a dispatch; LiveKit ends its jobs and their agents leave the room. */
    public ActionOutcome deleteDispatch(String room, String dispatchId) {
        return changing(room, dispatchService.deleteDispatch(room, dispatchId), "DeleteDispatch");
    }

    /**
     * Records the whole room into one file at {@code filepath} (a path on the egress worker's own storage, which may
     * hold LiveKit's {room_name}, {room_id} and {time} placeholders), laid out as {@code layout} ("grid",
     * "speaker", ...), or only its audio. Empty when the room has ended. The answer is the egress as the worker
     * accepted it (EGRESS_STARTING); LiveKit may take up to about 30 s to answer when no worker is free.
     */
    public Optional<EgressInfo> startRoomRecording(String room, String filepath, String layout, boolean audioOnly) {
        try {
            if (lookUpRoom(room).isEmpty()) {
                return Optional.empty();
            }
            var file = EncodedFileOutput.newBuilder().setFilepath(filepath)
                    .setFileType(audioOnly ? EncodedFileType.OGG : EncodedFileType.MP4).build();
            return Optional.of(egress(egressWorkerCalls.startRoomCompositeEgress(room, file, layout, null, null, audioOnly, false),
                    "StartRoomCompositeEgress", true));
        } finally {
            changed(room);
        }
    }

    /** Records one participant (their camera or screen share, with their audio) into an MP4 file; empty when they left. */
    public Optional<EgressInfo> startParticipantRecording(String room, String identity, String filepath) {
        try {
            if (lookUpParticipant(room, identity).isEmpty()) {
                return Optional.empty();
            }
            var file = EncodedFileOutput.newBuilder().setFilepath(filepath).setFileType(EncodedFileType.MP4).build();
            return Optional.of(egress(egressWorkerCalls.startParticipantEgress(room, identity,
                    new EncodedOutputs(file, null, null, null), false, null, null), "StartParticipantEgress", true));
        } finally {
            changed(room);
        }
    }

    /**
     * Every egress LiveKit keeps (it forgets ended ones 24 h after their end), of one room when {@code room} is not
     * null, only those not ended yet when {@code activeOnly}; in no particular order (LiveKit's is its store's).
     */
    public List<EgressInfo> listEgress(String room, boolean activeOnly) {
        return read(egressKey(room, activeOnly), () -> List.copyOf(orEmpty(egress(
                egressService.listEgress(room, null, activeOnly ? Boolean.TRUE : null), "ListEgress", false))));
    }

    /** One egress as LiveKit has it at this moment; empty when LiveKit does not know it (any more). */
    public Optional<EgressInfo> lookUpEgress(String egressId) {
        return unlessUnknown(() -> orEmpty(egress(egressService.listEgress(null, egressId, null), "ListEgress", false)).stream().findFirst());
    }

    /**
     * Asks the egress to stop: LiveKit answers it ENDING (ABORTED when it had not started yet), and it ends once
     * its file is uploaded. One that has already ended is refused with failed_precondition (INVALID_REQUEST).
     */
    public EgressInfo stopEgress(String egressId) {
        try {
            // LiveKit asks the worker first: for an egress that ended it answers only after about 3 s of retries.
            return egress(egressWorkerCalls.stopEgress(egressId), "StopEgress", false);
        } finally {
            egressChanged();
        }
    }

    /** Every ingress LiveKit has (its URL, stream key, state and room); ordered as LiveKit's store has them. */
    public List<IngressInfo> listIngress() {
        return read(INGRESSES, () -> List.copyOf(orEmpty(ingress(ingressService.listIngress(), "ListIngress"))));
    }

    /** One ingress as LiveKit has it at this moment (with its stream key); empty when LiveKit does not know it. */
    public Optional<IngressInfo> lookUpIngress(String ingressId) {
        return unlessUnknown(() -> orEmpty(ingress(ingressService.listIngress(null, ingressId), "ListIngress")).stream().findFirst());
    }

    /**
     * Creates an ingress: for RTMP and WHIP LiveKit answers the URL and stream key an encoder publishes to (the
     * stream key is a credential); for URL input, LiveKit starts pulling from {@code url} into the room at once.
     * {@code transcoding} null leaves LiveKit's default (on, except for WHIP).
     */
    public IngressInfo createIngress(IngressInput input, String name, String room, String identity, String participantName,
            String url, Boolean transcoding) {
        try {
            return ingress(ingressService.createIngress(name, room, identity, participantName, input, null, null, null,
                    transcoding, url), "CreateIngress");
        } finally {
            ingressChanged();
        }
    }

    /** Deletes an ingress (stopping its stream, if one is publishing); empty when LiveKit did not know it. */
    public Optional<IngressInfo> deleteIngress(String ingressId) {
        try {
            return unlessUnknown(() -> Optional.of(ingress(ingressService.deleteIngress(ingressId), "DeleteIngress")));
        } finally {
            ingressChanged();
        }
    }

    /** Every inbound trunk (LiveKit answers all of them in one answer, sorted by id; passwords included). */
    public List<SIPInboundTrunkInfo> listInboundTrunks() {
        return read(SIP + "inbound", () -> List.copyOf(sip(sip.listInboundTrunks(ListSIPInboundTrunkRequest.getDefaultInstance(),
                sipAdmin()), "ListSIPInboundTrunk", false).getItemsList()));
    }

    public List<SIPOutboundTrunkInfo> listOutboundTrunks() {
        return read(SIP + "outbound", () -> List.copyOf(sip(sip.listOutboundTrunks(ListSIPOutboundTrunkRequest.getDefaultInstance(),
                sipAdmin()), "ListSIPOutboundTrunk", false).getItemsList()));
    }

    public List<SIPDispatchRuleInfo> listDispatchRules() {
        return read(SIP + "rules", () -> List.copyOf(sip(sip.listDispatchRules(ListSIPDispatchRuleRequest.getDefaultInstance(),
                sipAdmin()), "ListSIPDispatchRule", false).getItemsList()));
    }

    /** Creates an inbound trunk from every field given (its id empty: LiveKit assigns one). */
    public SIPInboundTrunkInfo createInboundTrunk(SIPInboundTrunkInfo trunk) {
        return sipChange(sip.createInboundTrunk(CreateSIPInboundTrunkRequest.newBuilder().setTrunk(trunk).build(), sipAdmin()),
                "CreateSIPInboundTrunk");
    }

    public SIPOutboundTrunkInfo createOutboundTrunk(SIPOutboundTrunkInfo trunk) {
        return sipChange(sip.createOutboundTrunk(CreateSIPOutboundTrunkRequest.newBuilder().setTrunk(trunk).build(), sipAdmin()),
                "CreateSIPOutboundTrunk");
    }

    /** Replaces the trunk {@code id} by {@code trunk} whole (LiveKit's update "replace"). */
    public SIPInboundTrunkInfo replaceInboundTrunk(String id, SIPInboundTrunkInfo trunk) {
        return sipChange(sip.updateInboundTrunk(UpdateSIPInboundTrunkRequest.newBuilder().setSipTrunkId(id).setReplace(trunk).build(),
                sipAdmin()), "UpdateSIPInboundTrunk");
    }

    public SIPOutboundTrunkInfo replaceOutboundTrunk(String id, SIPOutboundTrunkInfo trunk) {
        return sipChange(sip.updateOutboundTrunk(UpdateSIPOutboundTrunkRequest.newBuilder().setSipTrunkId(id).setReplace(trunk).build(),
                sipAdmin()), "UpdateSIPOutboundTrunk");
    }

    /** Deletes an inbound or outbound trunk; LiveKit answers an unknown id with success too. */
    public void deleteTrunk(String id) {
        sipChange(sip.deleteTrunk(DeleteSIPTrunkRequest.newBuilder().setSipTrunkId(id).build(), sipAdmin()), "DeleteSIPTrunk");
    }

    public SIPDispatchRuleInfo createDispatchRule(SIPDispatchRuleInfo rule) {
        return sipChange(sip.createDispatchRule(CreateSIPDispatchRuleRequest.newBuilder().setDispatchRule(rule).build(), sipAdmin()),
                "CreateSIPDispatchRule");
    }

    public SIPDispatchRuleInfo replaceDispatchRule(String id, SIPDispatchRuleInfo rule) {
        return sipChange(sip.updateDispatchRule(UpdateSIPDispatchRuleRequest.newBuilder().setSipDispatchRuleId(id).setReplace(rule).build(),
                sipAdmin()), "UpdateSIPDispatchRule");
    }

    /** Deletes a dispatch rule; empty when LiveKit does not know it. */
    public Optional<SIPDispatchRuleInfo> deleteDispatchRule(String id) {
        return unlessUnknown(() -> Optional.of(sipChange(sip.deleteDispatchRule(
                DeleteSIPDispatchRuleRequest.newBuilder().setSipDispatchRuleId(id).build(), sipAdmin()), "DeleteSIPDispatchRule")));
    }

    /**
     * Dials a phone number into a room through an outbound trunk: LiveKit answers once the SIP participant has joined
     * (dialing), or with {@code wait_until_answered} once the callee answered, or with the SIP status that ended the
     * call (busy, no answer: the Twirp message says which). Waits up to {@link LiveKitTransport#SIP_CALL_READ_TIMEOUT}.
     */
    public SIPParticipantInfo dial(CreateSIPParticipantRequest request) {
        try {
            return sip(sipCalls.createParticipant(request, transport.authorization(List.of(), new SIPCall(true))),
                    "CreateSIPParticipant", true);
        } finally {
            changed(request.getRoomName());
        }
    }

    /**
     * Transfers a SIP participant's call to {@code transferTo} ({@code tel:} or {@code sip:}) with a SIP REFER; LiveKit
     * answers once the far end accepted, and the participant then leaves the room about a second later.
     */
    public void transfer(String room, String identity, String transferTo, boolean playDialtone, Duration ringingTimeout) {
        var request = TransferSIPParticipantRequest.newBuilder().setRoomName(room).setParticipantIdentity(identity)
                .setTransferTo(transferTo).setPlayDialtone(playDialtone)
                .setRingingTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(ringingTimeout.toSeconds())).build();
        try {
            sip(sipCalls.transferParticipant(request, transport.authorization(List.of(new RoomAdmin(true), new RoomName(room)),
                    new SIPCall(true))), "TransferSIPParticipant", true);
        } finally {
            changed(room);
        }
    }

    /** Forgets the trunks and dispatch rules, e.g. after a change made elsewhere. */
    public void sipChanged() {
        cache.invalidatePrefix(SIP);
    }

    private String sipAdmin() {
        return transport.authorization(List.of(), new SIPAdmin(true));
    }

    private <T> T sipChange(Call<T> call, String method) {
        try {
            return sip(call, method, false);
        } finally {
            sipChanged();
        }
    }

    private <T> T sip(Call<T> call, String method, boolean needsService) {
        try {
            return execute(call, method);
        } catch (LiveKitException e) {
            throw notAvailable(e, "Telephony (SIP)", "SIP", needsService, "sip not connected").orElseThrow(() -> e);
        }
    }

    /** Forgets the egress lists, e.g. after an egress webhook. */
    public void egressChanged() {
        cache.invalidatePrefix(EGRESS);
    }

    /** Forgets the ingress list, e.g. after an ingress webhook. */
    public void ingressChanged() {
        cache.invalidate(INGRESSES);
    }

    private static String egressKey(String room, boolean activeOnly) {
        return EGRESS + (activeOnly ? "active:" : "all:") + (room == null ? "" : "room:" + room);
    }

    /**
     * A call to the Egress service. A LiveKit without one (no Redis) answers "egress not connected"; a start that no
     * worker accepts ends in "no response from servers"; a LiveKit (or proxy) without the service answers bad_route.
     */
    private <T> T egress(Call<T> call, String method, boolean start) {
        try {
            return execute(call, method);
        } catch (LiveKitException e) {
            throw notAvailable(e, "Recording", "Egress", start, "egress not connected")
                    .orElseThrow(() -> e);
        } finally {
            if (start) {
                egressChanged();
            }
        }
    }

    private <T> T ingress(Call<T> call, String method) {
        try {
            return execute(call, method);
        } catch (LiveKitException e) {
            throw notAvailable(e, "Streaming in (ingress)", "Ingress", method.equals("CreateIngress"), "ingress not connected")
                    .orElseThrow(() -> e);
        }
    }

    private Optional<LiveKitException> notAvailable(LiveKitException e, String what, String service, boolean needsWorker,
            String notConnected) {
        var message = e.twirpMessage() == null ? "" : e.twirpMessage();
        String why;
        if (message.contains(notConnected) || message.equals("Internal service panic")) {
            why = "it has no " + service + " service connected (LiveKit needs Redis for it)";
        } else if (needsWorker && message.endsWith("no response from servers")) {
            why = "no " + service + " worker accepted the request (none is running, or all are busy)";
        } else if ("bad_route".equals(e.twirpCode())) {
            why = "it does not serve LiveKit's " + service + " API at this URL";
        } else {
            return Optional.empty();
        }
        var host = transport.connection().displayHost();
        return Optional.of(new LiveKitException(LiveKitFailure.NOT_AVAILABLE, e.twirpCode(), e.twirpMessage(), host,
                service, e).explained(what + " is not available on this LiveKit server (" + host + "): " + why + "."));
    }

    /** Forgets what is known of this room (and the room list), e.g. after an action or a webhook about it. */
    public void changed(String room) {
        cache.invalidate(ROOMS);
        cache.invalidate(participantsKey(room));
        cache.invalidate(dispatchesKey(room));
        // Egress webhooks name their room: its recordings (and the lists of all of them) are asked for again.
        egressChanged();
    }

    private static String participantsKey(String room) {
        return "participants:" + room;
    }

    private static String dispatchesKey(String room) {
        return "dispatches:" + room;
    }

    /** An action on the room: what Roomwarden knew of it is forgotten afterwards, whatever LiveKit answered. */
    private ActionOutcome changing(String room, Call<?> call, String method) {
        try {
            return action(call, method);
        } finally {
            changed(room);
        }
    }

    /** What LiveKit answered, or empty when it answered not_found: the participant, egress, ingress or rule is not (any more). */
    private static <T> Optional<T> unlessUnknown(Supplier<Optional<T>> call) {
        try {
            return call.get();
        } catch (LiveKitException e) {
            if (e.failure() == LiveKitFailure.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private ActionOutcome action(Call<?> call, String method) {
        try {
            execute(call, method);
            return ActionOutcome.DONE;
        } catch (LiveKitException e) {
            if (e.failure() == LiveKitFailure.NOT_FOUND) {
                return ActionOutcome.ALREADY_GONE;
            }
            throw e;
        }
    }

    private <T> T execute(Call<T> call, String method) {
        return breaker.call(() -> transport.execute(call, method), method);
    }

    /**
     * A page's read, shared through the cache; while LiveKit is not answering, the last answer seen (noted in
     * {@link StaleAnswers} with its age), or, when there is none, the failure at once.
     */
    @SuppressWarnings("unchecked")
    private <T> T read(String key, Supplier<T> fetch) {
        try {
            return cache.get(key, fetch);
        } catch (LiveKitException e) {
            var failing = breaker.failing();
            var seen = cache.lastSeen(key);
            if (failing == null || seen == null || !(e.failure() == LiveKitFailure.NOT_ANSWERING || LiveKitBreaker.notAnswered(e))) {
                throw e;
            }
            StaleAnswers.note(Duration.between(seen.at(), clock.instant()), failing.failure());
            return (T) seen.value();
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
