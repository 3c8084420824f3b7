package dev.roomwarden.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Function;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import livekit.LivekitAgentDispatch.CreateAgentDispatchRequest;
import livekit.LivekitAgentDispatch.DeleteAgentDispatchRequest;
import livekit.LivekitAgentDispatch.ListAgentDispatchRequest;
import livekit.LivekitAgentDispatch.ListAgentDispatchResponse;
import livekit.LivekitEgress.ListEgressRequest;
import livekit.LivekitEgress.ParticipantEgressRequest;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitEgress.StopEgressRequest;
import livekit.LivekitEgress.TrackCompositeEgressRequest;
import livekit.LivekitEgress.TrackEgressRequest;
import livekit.LivekitEgress.UpdateLayoutRequest;
import livekit.LivekitEgress.UpdateStreamRequest;
import livekit.LivekitEgress.WebEgressRequest;
import livekit.LivekitIngress.CreateIngressRequest;
import livekit.LivekitIngress.DeleteIngressRequest;
import livekit.LivekitIngress.ListIngressRequest;
import livekit.LivekitIngress.ListIngressResponse;
import livekit.LivekitIngress.UpdateIngressRequest;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitRoom.DeleteRoomRequest;
import livekit.LivekitRoom.DeleteRoomResponse;
import livekit.LivekitRoom.ListParticipantsRequest;
import livekit.LivekitRoom.ListParticipantsResponse;
import livekit.LivekitRoom.ListRoomsRequest;
import livekit.LivekitRoom.ListRoomsResponse;
import livekit.LivekitRoom.MoveParticipantRequest;
import livekit.LivekitRoom.MoveParticipantResponse;
import livekit.LivekitRoom.MuteRoomTrackRequest;
import livekit.LivekitRoom.MuteRoomTrackResponse;
import livekit.LivekitRoom.PerformRpcRequest;
import livekit.LivekitRoom.PerformRpcResponse;
import livekit.LivekitRoom.RemoveParticipantResponse;
import livekit.LivekitRoom.RoomParticipantIdentity;
import livekit.LivekitRoom.SendDataRequest;
import livekit.LivekitRoom.SendDataResponse;
import livekit.LivekitRoom.UpdateParticipantRequest;
import livekit.LivekitRoom.UpdateRoomMetadataRequest;
import livekit.LivekitRoom.UpdateSubscriptionsRequest;
import livekit.LivekitRoom.UpdateSubscriptionsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /twirp/livekit.<Service>/<Method>}, in protobuf or JSON, authenticated like livekit-server. */
final class TwirpHandler implements HttpHandler {

    static final String PREFIX = "/twirp/";
    private static final String ROOM_SERVICE = "livekit.RoomService/";
    private static final String AGENT_DISPATCH_SERVICE = "livekit.AgentDispatchService/";
    private static final String EGRESS_SERVICE = "livekit.Egress/";
    private static final String INGRESS_SERVICE = "livekit.Ingress/";
    private static final String SIP_SERVICE = "livekit.SIP/";
    private static final Logger log = LoggerFactory.getLogger(TwirpHandler.class);
    private static final JsonFormat.Printer JSON_OUT = JsonFormat.printer().preservingProtoFieldNames()
            .alwaysPrintFieldsWithNoPresence();
    private static final JsonFormat.Parser JSON_IN = JsonFormat.parser().ignoringUnknownFields();
    private static final byte[] GARBAGE = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, '<', 'h', 't', 'm', 'l', '>'};

    /** One RPC: its request type, the grant it needs, and what it does. */
    private record Rpc<Q extends Message>(Q prototype, BiPredicate<Grants, Q> allowed, Function<Q, Message> call) {

        @SuppressWarnings("unchecked")
        Message invoke(Message request) {
            return call.apply((Q) request);
        }

        @SuppressWarnings("unchecked")
        boolean permits(Grants grants, Message request) {
            return allowed.test(grants, (Q) request);
        }
    }

    private final EmulatorState state;
    private final Faults faults;
    private final TokenVerifier tokens;
    private final EmulatorSettings settings;
    private final Moves moves;
    private final Map<String, Rpc<?>> rpcs;
    private final ScheduledExecutorService later;

    /** livekit-server's PerformRpc limits (protocol utils/data_channel_rpc.go) and psrpc's attempts (3 s, 5 s, 7 s). */
    static final int RPC_MAX_PAYLOAD_BYTES = 15360;
    static final long RPC_DEFAULT_RESPONSE_TIMEOUT_MS = 10_000;
    private static final long[] RPC_ATTEMPT_TIMEOUTS_MS = {3_000, 5_000, 7_000};

    TwirpHandler(EmulatorState state, Faults faults, Moves moves, EmulatorSettings settings, ScheduledExecutorService later,
            Egresses egresses, Sips sips) {
        this.later = later;
        this.state = state;
        this.faults = faults;
        this.moves = moves;
        this.settings = settings;
        this.tokens = new TokenVerifier(settings.apiKey(), settings.apiSecret());
        var rpcs = new java.util.HashMap<String, Rpc<?>>(egressRpcs(egresses));
        rpcs.putAll(sipRpcs(sips));
        rpcs.putAll(Map.ofEntries(
                Map.entry(ROOM_SERVICE + "CreateRoom", new Rpc<>(CreateRoomRequest.getDefaultInstance(),
                        (g, r) -> g.roomCreate(), state::createRoom)),
                Map.entry(ROOM_SERVICE + "ListRooms", new Rpc<>(ListRoomsRequest.getDefaultInstance(),
                        (g, r) -> g.roomList(),
                        r -> ListRoomsResponse.newBuilder().addAllRooms(state.rooms(r.getNamesList())).build())),
                Map.entry(ROOM_SERVICE + "DeleteRoom", new Rpc<>(DeleteRoomRequest.getDefaultInstance(),
                        (g, r) -> g.roomCreate(), this::deleteRoom)),
                Map.entry(ROOM_SERVICE + "ListParticipants", new Rpc<>(ListParticipantsRequest.getDefaultInstance(),
                        (g, r) -> g.adminOf(r.getRoom()),
                        r -> ListParticipantsResponse.newBuilder().addAllParticipants(state.participants(r.getRoom())).build())),
                Map.entry(ROOM_SERVICE + "GetParticipant", new Rpc<>(RoomParticipantIdentity.getDefaultInstance(),
                        (g, r) -> g.adminOf(r.getRoom()), this::getParticipant)),
                Map.entry(ROOM_SERVICE + "RemoveParticipant", new Rpc<>(RoomParticipantIdentity.getDefaultInstance(),
                        (g, r) -> g.adminOf(r.getRoom()), this::removeParticipant)),
                Map.entry(ROOM_SERVICE + "MutePublishedTrack", new Rpc<>(MuteRoomTrackRequest.getDefaultInstance(),
                        (g, r) -> g.adminOf(r.getRoom()), this::mutePublishedTrack)),
                Map.entry(ROOM_SERVICE + "UpdateParticipant", new Rpc<>(UpdateParticipantRequest.getDefaultInstance(),
                        (g, r) -> g.adminOf(r.getRoom()), state::updateParticipant)),
                Map.entry(ROOM_SERVICE + "UpdateSubscriptions", new Rpc<>(UpdateSubscriptionsRequest.getDefaultInstance(),
                        (g, r) -> g.adminOf(r.getRoom()), this::updateSubscriptions)),
                Map.entry(ROOM_SERVICE + "UpdateRoomMetadata", new Rpc<>(UpdateRoomMetadataRequest.getDefaultInstance(),
                        (g, r) -> g.adminOf(r.getRoom()), r -> state.updateRoomMetadata(r.getRoom(), r.getMetadata()))),
                Map.entry(ROOM_SERVICE + "MoveParticipant", new Rpc<>(MoveParticipantRequest.getDefaultInstance(),
                        (g, r) -> g.mayMove(r.getRoom(), r.getDestinationRoom()), this::moveParticipant)),
                Map.entry(ROOM_SERVICE + "SendData", new Rpc<>(SendDataRequest.getDefaultInstance(),
                        (g, r) -> g.adminOf(r.getRoom()), this::sendData)),
                Map.entry(ROOM_SERVICE + "PerformRpc", new Rpc<>(PerformRpcRequest.getDefaultInstance(),
                        (g, r) -> g.adminOf(r.getRoom()), this::performRpc)),
                Map.entry(AGENT_DISPATCH_SERVICE + "CreateDispatch", new Rpc<>(CreateAgentDispatchRequest.getDefaultInstance(),
                        (g, r) -> g.adminOf(r.getRoom()), state::createDispatch)),
                Map.entry(AGENT_DISPATCH_SERVICE + "DeleteDispatch", new Rpc<>(DeleteAgentDispatchRequest.getDefaultInstance(),
                        (g, r) -> g.adminOf(r.getRoom()), r -> state.deleteDispatch(r.getRoom(), r.getDispatchId()))),
                Map.entry(AGENT_DISPATCH_SERVICE + "ListDispatch", new Rpc<>(ListAgentDispatchRequest.getDefaultInstance(),
                        (g, r) -> g.adminOf(r.getRoom()),
                        r -> ListAgentDispatchResponse.newBuilder()
                                .addAllAgentDispatches(state.dispatches(r.getRoom(), r.getDispatchId())).build())),
                // CreateIngress checks the input type before the grant (livekit pkg/service/ingress.go).
                Map.entry(INGRESS_SERVICE + "CreateIngress", new Rpc<>(CreateIngressRequest.getDefaultInstance(),
                        (g, r) -> g.ingressAdmin() || !Ingresses.knownType(r.getInputType()), state.ingresses()::create)),
                Map.entry(INGRESS_SERVICE + "UpdateIngress", new Rpc<>(UpdateIngressRequest.getDefaultInstance(),
                        (g, r) -> g.ingressAdmin(), state.ingresses()::update)),
                Map.entry(INGRESS_SERVICE + "ListIngress", new Rpc<>(ListIngressRequest.getDefaultInstance(),
                        (g, r) -> g.ingressAdmin(),
                        r -> ListIngressResponse.newBuilder().addAllItems(state.ingresses().list(r)).build())),
                Map.entry(INGRESS_SERVICE + "DeleteIngress", new Rpc<>(DeleteIngressRequest.getDefaultInstance(),
                        (g, r) -> g.ingressAdmin(), r -> state.ingresses().delete(r.getIngressId())))));
        this.rpcs = Map.copyOf(rpcs);
    }

    /** livekit.Egress: every method needs roomRecord, and no room claim (livekit-server's EnsureRecordPermission). */
    private static Map<String, Rpc<?>> egressRpcs(Egresses egresses) {
        return Map.of(
                EGRESS_SERVICE + "StartRoomCompositeEgress", new Rpc<>(RoomCompositeEgressRequest.getDefaultInstance(),
                        (g, r) -> g.roomRecord(), egresses::startRoomComposite),
                EGRESS_SERVICE + "StartWebEgress", new Rpc<>(WebEgressRequest.getDefaultInstance(),
                        (g, r) -> g.roomRecord(), egresses::startWeb),
                EGRESS_SERVICE + "StartParticipantEgress", new Rpc<>(ParticipantEgressRequest.getDefaultInstance(),
                        (g, r) -> g.roomRecord(), egresses::startParticipant),
                EGRESS_SERVICE + "StartTrackCompositeEgress", new Rpc<>(TrackCompositeEgressRequest.getDefaultInstance(),
                        (g, r) -> g.roomRecord(), egresses::startTrackComposite),
                EGRESS_SERVICE + "StartTrackEgress", new Rpc<>(TrackEgressRequest.getDefaultInstance(),
                        (g, r) -> g.roomRecord(), egresses::startTrack),
                EGRESS_SERVICE + "UpdateLayout", new Rpc<>(UpdateLayoutRequest.getDefaultInstance(),
                        (g, r) -> g.roomRecord(), egresses::updateLayout),
                EGRESS_SERVICE + "UpdateStream", new Rpc<>(UpdateStreamRequest.getDefaultInstance(),
                        (g, r) -> g.roomRecord(), egresses::updateStream),
                EGRESS_SERVICE + "ListEgress", new Rpc<>(ListEgressRequest.getDefaultInstance(),
                        (g, r) -> g.roomRecord(), egresses::list),
                EGRESS_SERVICE + "StopEgress", new Rpc<>(StopEgressRequest.getDefaultInstance(),
                        (g, r) -> g.roomRecord(), egresses::stop));
    }

    /**
     * livekit.SIP (livekit pkg/service/sip.go): trunks and rules need sip.admin, CreateSIPParticipant sip.call (admin
     * does not imply it), TransferSIPParticipant sip.call and roomAdmin of its room, after its own two checks.
     * CreateSIPTrunk is gone from the service ("DELETED" in livekit_sip.proto), so it is an unknown route (bad_route).
     */
    private Map<String, Rpc<?>> sipRpcs(Sips sips) {
        return Map.ofEntries(
                Map.entry(SIP_SERVICE + "CreateSIPInboundTrunk", new Rpc<>(livekit.LivekitSip.CreateSIPInboundTrunkRequest.getDefaultInstance(),
                        (g, r) -> g.sipAdmin(), sips::createInbound)),
                Map.entry(SIP_SERVICE + "CreateSIPOutboundTrunk", new Rpc<>(livekit.LivekitSip.CreateSIPOutboundTrunkRequest.getDefaultInstance(),
                        (g, r) -> g.sipAdmin(), sips::createOutbound)),
                Map.entry(SIP_SERVICE + "UpdateSIPInboundTrunk", new Rpc<>(livekit.LivekitSip.UpdateSIPInboundTrunkRequest.getDefaultInstance(),
                        (g, r) -> g.sipAdmin(), sips::updateInbound)),
                Map.entry(SIP_SERVICE + "UpdateSIPOutboundTrunk", new Rpc<>(livekit.LivekitSip.UpdateSIPOutboundTrunkRequest.getDefaultInstance(),
                        (g, r) -> g.sipAdmin(), sips::updateOutbound)),
                Map.entry(SIP_SERVICE + "GetSIPInboundTrunk", new Rpc<>(livekit.LivekitSip.GetSIPInboundTrunkRequest.getDefaultInstance(),
                        (g, r) -> g.sipAdmin(), sips::getInbound)),
                Map.entry(SIP_SERVICE + "GetSIPOutboundTrunk", new Rpc<>(livekit.LivekitSip.GetSIPOutboundTrunkRequest.getDefaultInstance(),
                        (g, r) -> g.sipAdmin(), sips::getOutbound)),
                Map.entry(SIP_SERVICE + "ListSIPInboundTrunk", new Rpc<>(livekit.LivekitSip.ListSIPInboundTrunkRequest.getDefaultInstance(),
                        (g, r) -> g.sipAdmin(), sips::listInbound)),
                Map.entry(SIP_SERVICE + "ListSIPOutboundTrunk", new Rpc<>(livekit.LivekitSip.ListSIPOutboundTrunkRequest.getDefaultInstance(),
                        (g, r) -> g.sipAdmin(), sips::listOutbound)),
                Map.entry(SIP_SERVICE + "ListSIPTrunk", new Rpc<>(livekit.LivekitSip.ListSIPTrunkRequest.getDefaultInstance(),
                        (g, r) -> g.sipAdmin(), sips::listLegacy)),
                Map.entry(SIP_SERVICE + "DeleteSIPTrunk", new Rpc<>(livekit.LivekitSip.DeleteSIPTrunkRequest.getDefaultInstance(),
                        (g, r) -> g.sipAdmin(), sips::deleteTrunk)),
                Map.entry(SIP_SERVICE + "CreateSIPDispatchRule", new Rpc<>(livekit.LivekitSip.CreateSIPDispatchRuleRequest.getDefaultInstance(),
                        (g, r) -> g.sipAdmin(), sips::createRule)),
                Map.entry(SIP_SERVICE + "UpdateSIPDispatchRule", new Rpc<>(livekit.LivekitSip.UpdateSIPDispatchRuleRequest.getDefaultInstance(),
                        (g, r) -> g.sipAdmin(), sips::updateRule)),
                Map.entry(SIP_SERVICE + "ListSIPDispatchRule", new Rpc<>(livekit.LivekitSip.ListSIPDispatchRuleRequest.getDefaultInstance(),
                        (g, r) -> g.sipAdmin(), sips::listRules)),
                Map.entry(SIP_SERVICE + "DeleteSIPDispatchRule", new Rpc<>(livekit.LivekitSip.DeleteSIPDispatchRuleRequest.getDefaultInstance(),
                        (g, r) -> g.sipAdmin(), sips::deleteRule)),
                Map.entry(SIP_SERVICE + "CreateSIPParticipant", new Rpc<>(livekit.LivekitSip.CreateSIPParticipantRequest.getDefaultInstance(),
                        (g, r) -> g.sipCall(), sips::createParticipant)),
                // "Missing room name" / "Missing participant identity" come before the grant checks.
                Map.entry(SIP_SERVICE + "TransferSIPParticipant", new Rpc<>(livekit.LivekitSip.TransferSIPParticipantRequest.getDefaultInstance(),
                        (g, r) -> r.getRoomName().isEmpty() || r.getParticipantIdentity().isEmpty()
                                || g.sipCall() && g.adminOf(r.getRoomName()),
                        r -> {
                            if (r.getRoomName().isEmpty()) {
                                throw EmulatorException.invalidArgument("twirp error unknown: Missing room name");
                            }
                            if (r.getParticipantIdentity().isEmpty()) {
                                throw EmulatorException.invalidArgument("twirp error unknown: Missing participant identity");
                            }
                            return sips.transfer(r, faults.withoutRedis());
                        })));
    }

    private final Map<String, java.util.concurrent.atomic.AtomicLong> calls = new java.util.concurrent.ConcurrentHashMap<>();

    /** How many times a method (of any service) was called, answered or not (for tests and benchmarks). */
    long calls(String method) {
        var count = calls.get(method);
        return count == null ? 0 : count.get();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        var path = exchange.getRequestURI().getPath();
        if (path.startsWith(PREFIX)) {
            calls.computeIfAbsent(path.substring(path.lastIndexOf('/') + 1), m -> new java.util.concurrent.atomic.AtomicLong())
                    .incrementAndGet();
        }
        try {
            serve(exchange);
        } catch (Http.TooLarge e) {
            Http.sendText(exchange, 413, "request entity too large");
        } catch (RuntimeException e) {
            log.warn("Emulator Twirp call failed on {}", exchange.getRequestURI().getPath(), e);
            twirpError(exchange, new EmulatorException("internal", 500, "internal error"));
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        var path = exchange.getRequestURI().getPath();
        var mediaType = Http.mediaType(exchange);
        var json = mediaType.equals("application/json");
        if (!"POST".equals(exchange.getRequestMethod()) || !(json || mediaType.equals("application/protobuf"))) {
            twirpError(exchange, badRoute(exchange));
            return;
        }
        var method = path.substring(path.lastIndexOf('/') + 1);
        var fault = faults.modeFor(method);
        if (applyFault(exchange, fault, json)) {
            return;
        }
        Grants grants;
        try {
            grants = tokens.verify(exchange.getRequestHeaders().getFirst("Authorization"),
                    Http.queryParameter(exchange, "access_token"));
        } catch (TokenVerifier.Rejected e) {
            Http.sendText(exchange, 401, e.getMessage());
            return;
        }
        var route = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : null;
        var rpc = route == null || faults.agentDispatchMissing() && route.startsWith(AGENT_DISPATCH_SERVICE) ? null : rpcs.get(route);
        if (rpc == null) {
            twirpError(exchange, badRoute(exchange));
            return;
        }
        Message request;
        try {
            request = decode(Http.body(exchange), json, rpc.prototype());
        } catch (InvalidProtocolBufferException e) {
            twirpError(exchange, new EmulatorException("malformed", 400,
                    "the " + (json ? "json" : "protobuf") + " request could not be decoded"));
            return;
        }
        if (!rpc.permits(grants, request)) {
            twirpError(exchange, new EmulatorException("unauthenticated", 401, "permissions denied"));
            return;
        }
        var notConnected = faults.withoutRedis() ? notConnected(route, request) : null;
        if (notConnected != null) {
            twirpError(exchange, notConnected);
            return;
        }
        if (fault == FaultMode.HANG) {
            sleep(faults.delay());
            twirpError(exchange, EmulatorException.requestTimedOut());
            return;
        }
        Message response;
        try {
            response = rpc.invoke(request);
        } catch (EmulatorException e) {
            twirpError(exchange, e);
            return;
        }
        if (fault == FaultMode.LATE) {
            sleep(faults.delay());
        }
        if (json) {
            Http.send(exchange, 200, "application/json", JSON_OUT.print(response).getBytes(StandardCharsets.UTF_8));
        } else {
            Http.send(exchange, 200, "application/protobuf", response.toByteArray());
        }
    }

    /**
     * livekit-server without Redis has no store for Egress and Ingress (pkg/service/wire.go getEgressStore,
     * getIngressStore): after the grant check Egress calls and CreateIngress/ListIngress answer ErrEgressNotConnected
     * / ErrIngressNotConnected (pkg/service/errors.go, egress.go, ingress.go); UpdateIngress and DeleteIngress only
     * check the psrpc client, which exists, then call the nil store: a panic, which Twirp answers as below.
     */
    private static EmulatorException notConnected(String route, Message request) {
        if (route.startsWith(EGRESS_SERVICE)) {
            return new EmulatorException("internal", 500, "twirp error unknown: egress not connected (redis required)");
        }
        if (route.equals(INGRESS_SERVICE + "UpdateIngress") || route.equals(INGRESS_SERVICE + "DeleteIngress")) {
            return new EmulatorException("internal", 500, "Internal service panic");
        }
        // CreateIngress refuses an unknown input type before anything else.
        if (request instanceof CreateIngressRequest create && !Ingresses.knownType(create.getInputType())) {
            return null;
        }
        if (route.startsWith(INGRESS_SERVICE)) {
            return new EmulatorException("internal", 500, "twirp error unknown: ingress not connected (redis required)");
        }
        // TransferSIPParticipant checks no store: its REFER finds no SIP service (one needs Redis), see Sips.transfer.
        if (route.startsWith(SIP_SERVICE) && !route.equals(SIP_SERVICE + "TransferSIPParticipant")) {
            return new EmulatorException("internal", 500, "twirp error unknown: sip not connected (redis required)");
        }
        return null;
    }

    /** True when the fault in force has answered the request. */
    private boolean applyFault(HttpExchange exchange, FaultMode fault, boolean json) throws IOException {
        switch (fault) {
            case UNAVAILABLE -> twirpError(exchange, new EmulatorException("unavailable", 503, "service unavailable"));
            case INTERNAL -> twirpError(exchange, new EmulatorException("internal", 500, "internal error"));
            case REJECT_KEY -> Http.sendText(exchange, 401, "invalid API key");
            case GARBAGE -> Http.send(exchange, 200, json ? "application/json" : "application/protobuf", GARBAGE);
            case SLOW -> {
                sleep(faults.delay());
                return false;
            }
            case NONE, LATE, HANG -> {
                return false;
            }
        }
        return true;
    }

    private static Message decode(byte[] body, boolean json, Message prototype) throws InvalidProtocolBufferException {
        if (!json) {
            return prototype.getParserForType().parseFrom(body);
        }
        var builder = prototype.newBuilderForType();
        JSON_IN.merge(new String(body, StandardCharsets.UTF_8), builder);
        return builder.build();
    }

    private Message deleteRoom(DeleteRoomRequest request) {
        if (!state.deleteRoom(request.getRoom())) {
            throw EmulatorException.notFound("twirp error unknown: requested room does not exist");
        }
        return DeleteRoomResponse.getDefaultInstance();
    }

    private ParticipantInfo getParticipant(RoomParticipantIdentity request) {
        return state.participant(request.getRoom(), request.getIdentity())
                .orElseThrow(() -> EmulatorException.notFound("twirp error unknown: participant does not exist"));
    }

    private Message removeParticipant(RoomParticipantIdentity request) {
        if (!state.removeParticipant(request.getRoom(), request.getIdentity())) {
            throw EmulatorException.notFound("twirp error unknown: participant does not exist");
        }
        return RemoveParticipantResponse.getDefaultInstance();
    }

    /**
     * As livekit-server's RoomService.MoveParticipant: the same room is refused up front (twirp.InvalidArgumentError,
     * hence the trailing space); then the call goes to the participant's topic, where the open-source RoomManager
     * answers errors.New("not implemented") and Cloud checks SupportsMoving before moving (docs/emulator.md).
     */
    private Message moveParticipant(MoveParticipantRequest request) {
        if (request.getRoom().equals(request.getDestinationRoom())) {
            throw EmulatorException.invalidArgument("destination room cannot be the same as source room ");
        }
        var participant = state.participant(request.getRoom(), request.getIdentity());
        if (participant.isEmpty()) {
            sleep(settings.unclaimedWait());
            throw EmulatorException.noResponse();
        }
        if (!moves.cloud()) {
            throw new EmulatorException("unknown", 500, "twirp error unknown: not implemented");
        }
        if (moves.oldClient(request.getIdentity())) {
            throw EmulatorException.failedPrecondition("twirp error unknown: participant client version does not support moving");
        }
        var kind = participant.get().getKind();
        if (kind == ParticipantInfo.Kind.AGENT || kind == ParticipantInfo.Kind.EGRESS) {
            throw EmulatorException.failedPrecondition("twirp error unknown: " + kind.name()
                    + " participants cannot be moved, one-shot signaling mode: false");
        }
        EmulatorState.requireName(request.getDestinationRoom(), "destination room");
        state.moveParticipant(request.getRoom(), request.getIdentity(), request.getDestinationRoom());
        return MoveParticipantResponse.getDefaultInstance();
    }

    private Message mutePublishedTrack(MuteRoomTrackRequest request) {
        requireConnected(request.getRoom(), request.getIdentity());
        if (!request.getMuted() && !settings.remoteUnmuteEnabled()) {
            throw EmulatorException.failedPrecondition("remote unmute not enabled");
        }
        var response = MuteRoomTrackResponse.newBuilder();
        state.setTrackMuted(request.getRoom(), request.getIdentity(), request.getTrackSid(), request.getMuted())
                .ifPresent(response::setTrack);
        return response.build();
    }

    private Message updateSubscriptions(UpdateSubscriptionsRequest request) {
        requireConnected(request.getRoom(), request.getIdentity());
        return UpdateSubscriptionsResponse.getDefaultInstance();
    }

    /** SendData goes to the room's topic: the room answers whoever the recipients are; no room, no answer. */
    private Message sendData(SendDataRequest request) {
        if (state.room(request.getRoom()).isEmpty()) {
            sleep(settings.unclaimedWait());
            throw EmulatorException.noResponse();
        }
        state.recordSentData(request);
        return SendDataResponse.getDefaultInstance();
    }

    /**
     * As livekit-server: no check that the room or participant exists (an unconnected one is an unclaimed topic),
     * the payload limit checked on the node, then the request sent to the participant once per psrpc attempt
     * (3 s, 5 s, 7 s: a handler slower than an attempt is invoked again, with a new request id). Errors carry
     * the RPC code only in the message, "RpcError <code>: <message>[: <data>]", under the code it maps to.
     */
    private Message performRpc(PerformRpcRequest request) {
        if (request.getDestinationIdentity().isEmpty()) {
            throw EmulatorException.invalidArgument("twirp error unknown: destination identity is required");
        }
        var room = request.getRoom();
        var identity = request.getDestinationIdentity();
        requireConnected(room, identity);
        if (request.getPayload().getBytes(StandardCharsets.UTF_8).length > RPC_MAX_PAYLOAD_BYTES) {
            throw rpcError(1402, "Request payload too large", "");
        }
        var timeout = request.getResponseTimeoutMs() == 0 ? RPC_DEFAULT_RESPONSE_TIMEOUT_MS : request.getResponseTimeoutMs();
        for (var attemptTimeout : RPC_ATTEMPT_TIMEOUTS_MS) {
            var id = UUID.randomUUID().toString();
            state.recordRpcRequest(new RpcRequestSeen(room, identity, request.getMethod(), request.getPayload(), id, timeout));
            var answer = state.rpcAnswer(room, identity, request.getMethod());
            if (answer.isEmpty()) {
                throw rpcError(1400, "Method not supported at destination", "");
            }
            var delay = answer.get().delay();
            var waited = Math.min(timeout, attemptTimeout);
            if (delay != null && delay.toMillis() < waited) {
                sleep(delay);
                return answered(room, identity, answer.get());
            }
            sleep(Duration.ofMillis(waited));
            if (state.participant(room, identity).isEmpty()) {
                // 1503 Recipient disconnected is retried on a topic nobody serves any more.
                sleep(settings.unclaimedWait());
                throw EmulatorException.noResponse();
            }
            if (timeout <= attemptTimeout) {
                throw rpcError(1502, "Response timeout", "");
            }
        }
        throw EmulatorException.requestTimedOut();
    }

    private Message answered(String room, String identity, RpcAnswer answer) {
        if (state.participant(room, identity).isEmpty()) {
            sleep(settings.unclaimedWait());
            throw EmulatorException.noResponse();
        }
        if (answer.leaveAfter() != null) {
            later.schedule(() -> state.removeParticipant(room, identity, livekit.LivekitModels.DisconnectReason.CLIENT_INITIATED),
                    answer.leaveAfter().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (answer.isError()) {
            throw rpcError(answer.errorCode(), answer.errorMessage(), answer.errorData());
        }
        if (answer.payload().getBytes(StandardCharsets.UTF_8).length > RPC_MAX_PAYLOAD_BYTES) {
            throw rpcError(1504, "Response payload too large", "");
        }
        return PerformRpcResponse.newBuilder().setPayload(answer.payload()).build();
    }

    /** An RpcError through PsrpcError() and Twirp: the psrpc code's Twirp code, the error's text after "twirp error unknown: ". */
    static EmulatorException rpcError(int code, String message, String data) {
        var text = "twirp error unknown: RpcError " + code + ": " + message + (data.isEmpty() ? "" : ": " + data);
        return switch (code) {
            case 1400, 1402 -> new EmulatorException("invalid_argument", 400, text);
            case 1401 -> new EmulatorException("not_found", 404, text);
            case 1403, 1404 -> new EmulatorException("unimplemented", 501, text);
            case 1501, 1502 -> new EmulatorException("canceled", 408, text);
            case 1503 -> new EmulatorException("unavailable", 503, text);
            default -> new EmulatorException("internal", 500, text);
        };
    }

    /**
     * The real server does not check these calls up front: it sends them to the participant's topic, which
     * only the node holding a connected participant serves; unclaimed, psrpc gives up (docs/emulator.md).
     */
    private void requireConnected(String room, String identity) {
        if (state.participant(room, identity).isEmpty()) {
            sleep(settings.unclaimedWait());
            throw EmulatorException.noResponse();
        }
    }

    private static EmulatorException badRoute(HttpExchange exchange) {
        return new EmulatorException("bad_route", 404, "no handler for path \"" + exchange.getRequestURI().getPath() + "\"");
    }

    static void twirpError(HttpExchange exchange, EmulatorException error) throws IOException {
        var body = new StringBuilder("{\"code\":\"" + error.code() + "\",\"msg\":" + jsonString(error.getMessage()));
        if (!error.meta().isEmpty()) {
            var meta = new java.util.StringJoiner(",", ",\"meta\":{", "}");
            new java.util.TreeMap<>(error.meta()).forEach((key, value) -> meta.add(jsonString(key) + ":" + jsonString(value)));
            body.append(meta);
        }
        body.append('}');
        Http.send(exchange, error.status(), "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String jsonString(String value) {
        var quoted = new StringBuilder("\"");
        for (var c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
