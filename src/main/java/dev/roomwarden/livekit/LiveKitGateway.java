package dev.roomwarden.livekit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.livekit.server.AgentDispatchServiceClient;
import io.livekit.server.RoomServiceClient;
import io.livekit.server.okhttp.OkHttpFactory;
import livekit.LivekitAgentDispatch.AgentDispatch;
import livekit.LivekitModels.DataPacket;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.Room;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import retrofit2.Call;
import retrofit2.Response;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way Roomwarden talks to LiveKit: the official SDK over HTTP with timeouts, every
 * failure turned into a {@link LiveKitException} with a {@link LiveKitFailure}.
 */
@Component
public class LiveKitGateway {

    private static final Logger log = LoggerFactory.getLogger(LiveKitGateway.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String ROOMS = "rooms";
    /** The name asked for to see whether LiveKit answers: an answer about one room is small however many there are. */
    private static final String NO_SUCH_ROOM = "roomwarden-reachability-check";
    /** Bucket bounds of the call latency histogram, from a local LiveKit to one that is about to time out. */
    private static final Duration[] LATENCY_BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private final RoomServiceClient client;
    private final AgentDispatchServiceClient dispatches;
    private final LiveKitConnection connection;
    private final SingleFlightCache cache;
    private final MeterRegistry meters;

    @org.springframework.beans.factory.annotation.Autowired
    LiveKitGateway(LiveKitConnection connection, LiveKitProperties properties, java.time.Clock clock, MeterRegistry meters) {
        this(connection, properties, new SingleFlightCache(properties.cacheTtl(), clock), meters);
    }

    LiveKitGateway(LiveKitConnection connection, LiveKitProperties properties, java.time.Clock clock) {
        this(connection, properties, clock, new SimpleMeterRegistry());
    }

    LiveKitGateway(LiveKitConnection connection, LiveKitProperties properties) {
        this(connection, properties, java.time.Clock.systemUTC());
    }

    private LiveKitGateway(LiveKitConnection connection, LiveKitProperties properties, SingleFlightCache cache,
            MeterRegistry meters) {
        this.connection = connection;
        this.cache = cache;
        this.meters = meters;
        var http = new OkHttpFactory(false, builder -> builder
                .connectTimeout(properties.connectTimeout())
                .readTimeout(properties.readTimeout())
                .callTimeout(properties.connectTimeout().plus(properties.readTimeout()))
                .retryOnConnectionFailure(false)
                .addInterceptor(LiveKitGateway::requireProtobufAnswer));
        this.client = RoomServiceClient.createClient(connection.url(), connection.apiKey(), connection.apiSecret(), http);
        this.dispatches = AgentDispatchServiceClient.createClient(connection.url(), connection.apiKey(), connection.apiSecret(), http);
    }

    /** A 200 that is not LiveKit's protobuf answer: something else is listening at LIVEKIT_URL. */
    static final class NotALiveKitAnswer extends IOException {
        NotALiveKitAnswer(String message) {
            super(message);
        }
    }

    private static final long MAX_ANSWER_BYTES = 64L * 1024 * 1024;

    /**
     * The SDK does not read the (empty) body of calls like RemoveParticipant, so any web server answering
     * 200 would look like success. Roomwarden asks for protobuf and accepts only well-formed protobuf.
     */
    private static okhttp3.Response requireProtobufAnswer(okhttp3.Interceptor.Chain chain) throws IOException {
        var response = chain.proceed(chain.request());
        if (!response.isSuccessful()) {
            return response;
        }
        var type = response.header("Content-Type", "");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/protobuf")) {
            response.close();
            throw new NotALiveKitAnswer("answer of type '" + type + "'");
        }
        try {
            requireWellFormed(response.peekBody(MAX_ANSWER_BYTES).bytes());
        } catch (InvalidProtocolBufferException e) {
            response.close();
            throw new NotALiveKitAnswer("answer is not protobuf");
        }
        return response;
    }

    /** Walks the message's fields without building them (a list of 10,000 rooms is not parsed twice). */
    private static void requireWellFormed(byte[] message) throws InvalidProtocolBufferException {
        var input = CodedInputStream.newInstance(message);
        try {
            for (int tag = input.readTag(); tag != 0; tag = input.readTag()) {
                if (!input.skipField(tag)) {
                    throw new InvalidProtocolBufferException("end of a group that never started");
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidProtocolBufferException(e);
        }
    }

    public LiveKitConnection connection() {
        return connection;
    }

    /** Asks LiveKit something small, past the cache; throws a {@link LiveKitException} when it does not answer properly. */
    public void checkReachable() {
        lookUpRooms(List.of(NO_SUCH_ROOM));
    }

    /** Every room; one ListRooms serves every page asking within the cache time. */
    public List<Room> listRooms() {
        return cache.get(ROOMS, () -> List.copyOf(orEmpty(execute(client.listRooms(), "ListRooms"))));
    }

    /** The room from the shared room list, or, when the list does not have it yet, from LiveKit directly. */
    public Optional<Room> findRoom(String name) {
        var shared = listRooms().stream().filter(room -> room.getName().equals(name)).findFirst();
        return shared.isPresent() ? shared : lookUpRoom(name);
    }

    /** These rooms as LiveKit has them at this moment (those it has), not as the shared list last saw them. */
    public List<Room> lookUpRooms(List<String> names) {
        return orEmpty(execute(client.listRooms(names), "ListRooms"));
    }

    /** The room as LiveKit has it at this moment, not as the shared list last saw it. */
    public Optional<Room> lookUpRoom(String name) {
        return lookUpRooms(List.of(name)).stream()
                .filter(room -> room.getName().equals(name))
                .findFirst();
    }

    /** Agents first, then by identity, as staff look for them. */
    public List<ParticipantInfo> listParticipants(String room) {
        return cache.get(participantsKey(room), () -> orEmpty(execute(client.listParticipants(room), "ListParticipants"))
                .stream()
                .sorted(Comparator.comparing((ParticipantInfo p) -> p.getKind() != ParticipantInfo.Kind.AGENT)
                        .thenComparing(ParticipantInfo::getIdentity))
                .toList());
    }

    public ActionOutcome removeParticipant(String room, String identity) {
        return changing(room, client.removeParticipant(room, identity), "RemoveParticipant");
    }

    /** Mutes or unmutes one published track; LiveKit refuses to unmute unless remote unmute is enabled. */
    public ActionOutcome setTrackMuted(String room, String identity, String trackSid, boolean muted) {
        return onParticipant(room, identity, participant -> participant.getTracksList().stream().noneMatch(track -> track.getSid().equals(trackSid))
                ? null : client.mutePublishedTrack(room, identity, trackSid, muted), "MutePublishedTrack");
    }

    /**
     * Changes what a participant may do, starting from the permission LiveKit has for them now; LiveKit
     * unpublishes the tracks the new permission no longer allows.
     */
    public ActionOutcome updatePermission(String room, String identity, UnaryOperator<ParticipantPermission> change) {
        return onParticipant(room, identity, participant -> client.updateParticipant(room, identity, null, null,
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
            return client.updateParticipant(room, identity, name, metadata, null, changes);
        }, "UpdateParticipant");
    }

    /**
     * An action on a participant as LiveKit has them now. LiveKit makes some calls about a participant who
     * has left wait about 15 s and time out, so Roomwarden asks first; a participant (or, when {@code call}
     * gives no call, a track) that is not there any more is already gone.
     */
    private ActionOutcome onParticipant(String room, String identity, Function<ParticipantInfo, Call<?>> call, String method) {
        try {
            var participant = execute(client.getParticipant(room, identity), "GetParticipant");
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
     * SendData to a room that has ended wait about 15 s and time out, so Roomwarden asks first.
     */
    public ActionOutcome sendData(String room, byte[] payload, List<String> identities, String topic) {
        if (findRoom(room).isEmpty()) {
            return ActionOutcome.ALREADY_GONE;
        }
        return action(client.sendData(room, payload, DataPacket.Kind.RELIABLE, List.of(), identities, topic), "SendData");
    }

    /** Creates a room (LiveKit answers with the existing room if the name is taken: callers ask first). */
    public Room createRoom(String name, int emptyTimeout, int departureTimeout, int maxParticipants, String metadata) {
        try {
            return execute(client.createRoom(name, emptyTimeout, maxParticipants, null, metadata, null, null, null, departureTimeout),
                    "CreateRoom");
        } finally {
            changed(name);
        }
    }

    public ActionOutcome updateRoomMetadata(String room, String metadata) {
        return changing(room, client.updateRoomMetadata(room, metadata), "UpdateRoomMetadata");
    }

    public ActionOutcome deleteRoom(String room) {
        return changing(room, client.deleteRoom(room), "DeleteRoom");
    }

    /** The room's agent dispatches (LiveKit makes one for any unnamed agent in every room), oldest first. */
    public List<AgentDispatch> listDispatches(String room) {
        return cache.get(dispatchesKey(room), () -> List.copyOf(orEmpty(execute(dispatches.listDispatch(room), "ListDispatch"))));
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
            return Optional.of(execute(dispatches.createDispatch(room, agentName, metadata), "CreateDispatch"));
        } finally {
            changed(room);
        }
    }

    /** Cancels a dispatch; LiveKit ends its jobs and their agents leave the room. */
    public ActionOutcome deleteDispatch(String room, String dispatchId) {
        return changing(room, dispatches.deleteDispatch(room, dispatchId), "DeleteDispatch");
    }

    /** Forgets what is known of this room (and the room list), e.g. after an action or a webhook about it. */
    public void changed(String room) {
        cache.invalidate(ROOMS);
        cache.invalidate(participantsKey(room));
        cache.invalidate(dispatchesKey(room));
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

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Every call to LiveKit, timed by method and outcome ("ok" or the failure); never by room, which would be unbounded. */
    private <T> T execute(Call<T> call, String method) {
        var sample = Timer.start(meters);
        var outcome = "ok";
        try {
            return send(call, method);
        } catch (LiveKitException e) {
            outcome = e.failure().name().toLowerCase(Locale.ROOT);
            throw e;
        } finally {
            sample.stop(Timer.builder("roomwarden.livekit.calls")
                    .description("Calls to LiveKit's server API")
                    .tags("method", method, "outcome", outcome)
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(meters));
        }
    }

    private <T> T send(Call<T> call, String method) {
        Response<T> response;
        try {
            response = call.execute();
        } catch (InvalidProtocolBufferException | NotALiveKitAnswer e) {
            throw failure(LiveKitFailure.BAD_RESPONSE, null, method, e);
        } catch (InterruptedIOException e) {
            throw failure(LiveKitFailure.TIMEOUT, null, method, e);
        } catch (IOException e) {
            throw failure(LiveKitFailure.UNREACHABLE, null, method, e);
        } catch (RuntimeException e) {
            // The protobuf converter wraps undecodable bodies in a RuntimeException.
            throw failure(LiveKitFailure.BAD_RESPONSE, null, method, e);
        }
        if (response.isSuccessful()) {
            return response.body();
        }
        var twirpCode = twirpCode(response);
        throw failure(classify(response.code(), twirpCode), twirpCode, method, null);
    }

    private static LiveKitFailure classify(int status, String twirpCode) {
        if (status == 401 || status == 403) {
            return LiveKitFailure.UNAUTHORIZED;
        }
        if ("not_found".equals(twirpCode)) {
            return LiveKitFailure.NOT_FOUND;
        }
        if (status == 408 || "deadline_exceeded".equals(twirpCode) || status == 504) {
            return LiveKitFailure.TIMEOUT;
        }
        if (status == 400 || status == 412 || status == 409 || status == 413) {
            return LiveKitFailure.INVALID_REQUEST;
        }
        if (status == 503 || "unavailable".equals(twirpCode)) {
            return LiveKitFailure.UNAVAILABLE;
        }
        if (status == 404) {
            // 404 without Twirp's not_found: something other than LiveKit answered (bad_route, a proxy).
            return LiveKitFailure.BAD_RESPONSE;
        }
        return LiveKitFailure.SERVER_ERROR;
    }

    /** Twirp error bodies are {@code {"code": "...", "msg": "..."}}; anything else has no code. */
    private static String twirpCode(Response<?> response) {
        try (var body = response.errorBody()) {
            if (body == null) {
                return null;
            }
            var node = JSON.readTree(body.string());
            var code = node.path("code");
            return code.isString() && code.asString().matches("[a-z_]{1,40}") ? code.asString() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private LiveKitException failure(LiveKitFailure failure, String twirpCode, String method, Throwable cause) {
        var exception = new LiveKitException(failure, twirpCode, connection.displayHost(), method, cause);
        log.warn("LiveKit {} at {} failed: {}{}", method, connection.displayHost(), failure,
                twirpCode == null ? (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")") : " [" + twirpCode + "]");
        return exception;
    }
}
