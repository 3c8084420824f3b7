package dev.roomwarden.livekit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Empty;
import com.google.protobuf.InvalidProtocolBufferException;
import io.livekit.server.AccessToken;
import io.livekit.server.AgentDispatchServiceClient;
import io.livekit.server.EgressServiceClient;
import io.livekit.server.IngressServiceClient;
import io.livekit.server.SIPGrant;
import livekit.LivekitSip.CreateSIPDispatchRuleRequest;
import livekit.LivekitSip.CreateSIPInboundTrunkRequest;
import livekit.LivekitSip.CreateSIPOutboundTrunkRequest;
import livekit.LivekitSip.CreateSIPParticipantRequest;
import livekit.LivekitSip.DeleteSIPDispatchRuleRequest;
import livekit.LivekitSip.DeleteSIPTrunkRequest;
import livekit.LivekitSip.ListSIPDispatchRuleRequest;
import livekit.LivekitSip.ListSIPDispatchRuleResponse;
import livekit.LivekitSip.ListSIPInboundTrunkRequest;
import livekit.LivekitSip.ListSIPInboundTrunkResponse;
import livekit.LivekitSip.ListSIPOutboundTrunkRequest;
import livekit.LivekitSip.ListSIPOutboundTrunkResponse;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import livekit.LivekitSip.SIPParticipantInfo;
import livekit.LivekitSip.SIPTrunkInfo;
import livekit.LivekitSip.TransferSIPParticipantRequest;
import livekit.LivekitSip.UpdateSIPDispatchRuleRequest;
import livekit.LivekitSip.UpdateSIPInboundTrunkRequest;
import livekit.LivekitSip.UpdateSIPOutboundTrunkRequest;
import io.livekit.server.VideoGrant;
import livekit.LivekitRoom.PerformRpcRequest;
import livekit.LivekitRoom.PerformRpcResponse;
import io.livekit.server.RoomServiceClient;
import io.livekit.server.okhttp.OkHttpFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.protobuf.ProtoConverterFactory;
import retrofit2.http.Body;
import retrofit2.http.Header;
import retrofit2.http.Headers;
import retrofit2.http.POST;
import tools.jackson.databind.json.JsonMapper;

/**
 * How Roomwarden reaches LiveKit's server API: one HTTP client with timeouts that accepts only LiveKit's
 * answers, the SDK's client of each LiveKit service over it, and every call timed and, when it fails,
 * turned into a {@link LiveKitException} with a {@link LiveKitFailure}.
 */
@Component
class LiveKitTransport {

    private static final Logger log = LoggerFactory.getLogger(LiveKitTransport.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Bucket bounds of the call latency histogram, from a local LiveKit to one that is about to time out. */
    private static final Duration[] LATENCY_BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private static final long MAX_ANSWER_BYTES = 64L * 1024 * 1024;
    /** LiveKit's error messages are a line; anything longer is not worth keeping whole. */
    private static final int MAX_MESSAGE_CHARS = 300;

    private final LiveKitConnection connection;
    private final LiveKitProperties properties;
    private final MeterRegistry meters;
    /** How far back the overview's latency percentiles reach (Micrometer's rotating window). */
    static final Duration RECENT = Duration.ofMinutes(5);
    private final Timer latency;
    /** Builds one OkHttpClient, on first use, that every service's client shares. */
    private final OkHttpFactory http;

    LiveKitTransport(LiveKitConnection connection, LiveKitProperties properties, MeterRegistry meters) {
        this.connection = connection;
        this.properties = properties;
        this.meters = meters;
        // Every call whatever its method or outcome, for the overview's "API latency, last minutes" (and Prometheus).
        this.latency = Timer.builder("roomwarden.livekit.latency")
                .description("Calls to LiveKit's server API, all methods, percentiles over the last minutes")
                .publishPercentiles(0.5, 0.95).percentilePrecision(2)
                .distributionStatisticExpiry(RECENT).distributionStatisticBufferLength(5)
                .register(meters);
        this.http = new OkHttpFactory(false, builder -> builder
                .connectTimeout(properties.connectTimeout())
                .readTimeout(properties.readTimeout())
                .callTimeout(properties.connectTimeout().plus(properties.readTimeout()))
                .retryOnConnectionFailure(false)
                .addInterceptor(LiveKitTransport::requireProtobufAnswer));
    }

    LiveKitConnection connection() {
        return connection;
    }

    RoomServiceClient roomService() {
        return RoomServiceClient.createClient(connection.url(), connection.apiKey(), connection.apiSecret(), http);
    }

    /**
     * RoomService PerformRpc, which the SDK 0.13.0 has no method for: the same Twirp path, protobuf converter and
     * HTTP client as the SDK's own RoomService, with a read timeout past the ~15 s LiveKit may take to answer it.
     */
    interface ServerRpc {
        @Headers("Content-Type: application/protobuf")
        @POST("/twirp/livekit.RoomService/PerformRpc")
        Call<PerformRpcResponse> performRpc(@Body PerformRpcRequest request, @Header("Authorization") String authorization);
    }

    /** livekit-server's psrpc attempts (3 s + 5 s + 7 s) and some room for the network. */
    static final Duration RPC_READ_TIMEOUT = Duration.ofSeconds(20);

    ServerRpc serverRpc() {
        return calls(ServerRpc.class, waitingUpTo(RPC_READ_TIMEOUT));
    }

    /** The shared HTTP client (its connections, its protobuf check), waiting up to {@code readTimeout} for an answer. */
    private okhttp3.OkHttpClient waitingUpTo(Duration readTimeout) {
        return http.get().newBuilder()
                .readTimeout(readTimeout)
                .callTimeout(properties.connectTimeout().plus(readTimeout))
                .build();
    }

    /** A Twirp service of LiveKit's as the SDK's clients call it: protobuf in and out, over {@code client}. */
    private <T> T calls(Class<T> service, okhttp3.OkHttpClient client) {
        return new Retrofit.Builder().baseUrl(connection.url()).addConverterFactory(ProtoConverterFactory.create())
                .client(client).build().create(service);
    }

    /** A Bearer token as the SDK's clients make them: the API key's, with these grants, for ten minutes. */
    String authorization(VideoGrant... grants) {
        var token = new AccessToken(connection.apiKey(), connection.apiSecret());
        token.addGrants(grants);
        token.setTtl(TimeUnit.MINUTES.toMillis(10));
        return "Bearer " + token.toJwt();
    }

    /** The Egress service's ListEgress, StopEgress, UpdateLayout: LiveKit answers them itself, from its store. */
    EgressServiceClient egressService() {
        return EgressServiceClient.Companion.createClient(connection.url(), connection.apiKey(), connection.apiSecret(), http);
    }

    /**
     * LiveKit waits for an egress worker to accept a start (without one it answers 503 "no response from servers" only
     * after about 18 to 27 s, docs/emulator.md) or a stop (about 3 s for one that ended), so these calls wait longer.
     */
    static final Duration EGRESS_START_READ_TIMEOUT = Duration.ofSeconds(35);

    EgressServiceClient egressWorkerService() {
        return EgressServiceClient.Companion.createClient(connection.url(), connection.apiKey(), connection.apiSecret(),
                () -> waitingUpTo(EGRESS_START_READ_TIMEOUT));
    }

    /**
     * livekit.SIP with the SDK's protobuf messages whole: SDK 0.13.0's SipServiceClient cannot send every field staff
     * may set (a trunk's headers or Krisp, a dial's ringing timeout, a replacing update), so these calls go over the
     * same Twirp paths, converter and HTTP client as the SDK's own, as {@link ServerRpc} does.
     */
    interface Sip {
        @Headers("Content-Type: application/protobuf")
        @POST("/twirp/livekit.SIP/ListSIPInboundTrunk")
        Call<ListSIPInboundTrunkResponse> listInboundTrunks(@Body ListSIPInboundTrunkRequest request, @Header("Authorization") String authorization);

        @Headers("Content-Type: application/protobuf")
        @POST("/twirp/livekit.SIP/ListSIPOutboundTrunk")
        Call<ListSIPOutboundTrunkResponse> listOutboundTrunks(@Body ListSIPOutboundTrunkRequest request, @Header("Authorization") String authorization);

        @Headers("Content-Type: application/protobuf")
        @POST("/twirp/livekit.SIP/ListSIPDispatchRule")
        Call<ListSIPDispatchRuleResponse> listDispatchRules(@Body ListSIPDispatchRuleRequest request, @Header("Authorization") String authorization);

        @Headers("Content-Type: application/protobuf")
        @POST("/twirp/livekit.SIP/CreateSIPInboundTrunk")
        Call<SIPInboundTrunkInfo> createInboundTrunk(@Body CreateSIPInboundTrunkRequest request, @Header("Authorization") String authorization);

        @Headers("Content-Type: application/protobuf")
        @POST("/twirp/livekit.SIP/CreateSIPOutboundTrunk")
        Call<SIPOutboundTrunkInfo> createOutboundTrunk(@Body CreateSIPOutboundTrunkRequest request, @Header("Authorization") String authorization);

        @Headers("Content-Type: application/protobuf")
        @POST("/twirp/livekit.SIP/UpdateSIPInboundTrunk")
        Call<SIPInboundTrunkInfo> updateInboundTrunk(@Body UpdateSIPInboundTrunkRequest request, @Header("Authorization") String authorization);

        @Headers("Content-Type: application/protobuf")
        @POST("/twirp/livekit.SIP/UpdateSIPOutboundTrunk")
        Call<SIPOutboundTrunkInfo> updateOutboundTrunk(@Body UpdateSIPOutboundTrunkRequest request, @Header("Authorization") String authorization);

        @Headers("Content-Type: application/protobuf")
        @POST("/twirp/livekit.SIP/DeleteSIPTrunk")
        Call<SIPTrunkInfo> deleteTrunk(@Body DeleteSIPTrunkRequest request, @Header("Authorization") String authorization);

        @Headers("Content-Type: application/protobuf")
        @POST("/twirp/livekit.SIP/CreateSIPDispatchRule")
        Call<SIPDispatchRuleInfo> createDispatchRule(@Body CreateSIPDispatchRuleRequest request, @Header("Authorization") String authorization);

        @Headers("Content-Type: application/protobuf")
        @POST("/twirp/livekit.SIP/UpdateSIPDispatchRule")
        Call<SIPDispatchRuleInfo> updateDispatchRule(@Body UpdateSIPDispatchRuleRequest request, @Header("Authorization") String authorization);

        @Headers("Content-Type: application/protobuf")
        @POST("/twirp/livekit.SIP/DeleteSIPDispatchRule")
        Call<SIPDispatchRuleInfo> deleteDispatchRule(@Body DeleteSIPDispatchRuleRequest request, @Header("Authorization") String authorization);

        @Headers("Content-Type: application/protobuf")
        @POST("/twirp/livekit.SIP/CreateSIPParticipant")
        Call<SIPParticipantInfo> createParticipant(@Body CreateSIPParticipantRequest request, @Header("Authorization") String authorization);

        @Headers("Content-Type: application/protobuf")
        @POST("/twirp/livekit.SIP/TransferSIPParticipant")
        Call<Empty> transferParticipant(@Body TransferSIPParticipantRequest request, @Header("Authorization") String authorization);
    }

    /** Trunks and dispatch rules: LiveKit answers them from its store. */
    Sip sip() {
        return calls(Sip.class, http.get());
    }

    /**
     * A dial that waits until answered may take LiveKit up to 80 s, and a transfer rings for up to its ringing timeout
     * (30 s by default) before the far end answers, so calls wait longer than any ringing staff can choose.
     */
    static final Duration SIP_CALL_READ_TIMEOUT = Duration.ofSeconds(95);

    Sip sipCalls() {
        return calls(Sip.class, waitingUpTo(SIP_CALL_READ_TIMEOUT));
    }

    /** The same, with LiveKit's SIP grants too (sip.admin does not imply sip.call). */
    String authorization(List<VideoGrant> grants, SIPGrant... sipGrants) {
        var token = new AccessToken(connection.apiKey(), connection.apiSecret());
        token.addGrants(grants);
        token.addSIPGrants(sipGrants);
        token.setTtl(TimeUnit.MINUTES.toMillis(10));
        return "Bearer " + token.toJwt();
    }

    IngressServiceClient ingressService() {
        return IngressServiceClient.createClient(connection.url(), connection.apiKey(), connection.apiSecret(), http);
    }

    AgentDispatchServiceClient agentDispatchService() {
        return AgentDispatchServiceClient.createClient(connection.url(), connection.apiKey(), connection.apiSecret(), http);
    }

    /** A 200 that is not LiveKit's protobuf answer: something else is listening at LIVEKIT_URL. */
    static final class NotALiveKitAnswer extends IOException {
        NotALiveKitAnswer(String message) {
            super(message);
        }
    }

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
        if (!type.toLowerCase(Locale.ROOT).startsWith("application/protobuf")) {
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

    /** The median and 95th percentile of Roomwarden's calls to LiveKit over the last minutes, and how many there were. */
    LiveKitStatus.Latency recentLatency() {
        var snapshot = latency.takeSnapshot();
        Duration p50 = null;
        Duration p95 = null;
        for (var value : snapshot.percentileValues()) {
            var at = Duration.ofNanos((long) value.value(java.util.concurrent.TimeUnit.NANOSECONDS));
            if (value.percentile() == 0.5) {
                p50 = at;
            } else if (value.percentile() == 0.95) {
                p95 = at;
            }
        }
        return new LiveKitStatus.Latency(p50, p95, RECENT);
    }

    /** Every call to LiveKit, timed by method and outcome ("ok" or the failure); never by room, which would be unbounded. */
    <T> T execute(Call<T> call, String method) {
        return execute(call, method, true);
    }

    /** As {@link #execute(Call, String)}; the breaker's probe logs no failure, or a LiveKit that is down would fill the log. */
    <T> T execute(Call<T> call, String method, boolean logFailure) {
        var sample = Timer.start(meters);
        var outcome = "ok";
        try {
            return send(call, method);
        } catch (LiveKitException e) {
            outcome = e.failure().name().toLowerCase(Locale.ROOT);
            if (logFailure) {
                var cause = e.getCause();
                log.warn("LiveKit {} at {} failed: {}{}", method, connection.displayHost(), e.failure(), e.twirpCode() == null
                        ? (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")") : " [" + e.twirpCode() + "]");
            }
            throw e;
        } finally {
            var nanos = sample.stop(Timer.builder("roomwarden.livekit.calls")
                    .description("Calls to LiveKit's server API")
                    .tags("method", method, "outcome", outcome)
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(meters));
            latency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
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
        var error = twirpError(response.errorBody());
        throw new LiveKitException(classify(response.code(), error.code(), error.message()), error.code(), error.message(),
                connection.displayHost(), method, null);
    }

    private static LiveKitFailure classify(int status, String twirpCode, String twirpMessage) {
        // First: a declined call is 403 and an unanswered one 408, which say nothing about Roomwarden's key or LiveKit's speed.
        if (twirpMessage != null && SIP_CALL_ENDED.matcher(twirpMessage).find()) {
            return LiveKitFailure.CALL_FAILED;
        }
        if (status == 401 || status == 403) {
            return LiveKitFailure.UNAUTHORIZED;
        }
        // The open-source server's Cloud-only calls end in errors.New("not implemented"), which Twirp sends as 500 unknown.
        if ("unimplemented".equals(twirpCode)
                || "unknown".equals(twirpCode) && twirpMessage != null && twirpMessage.endsWith("not implemented")) {
            return LiveKitFailure.NOT_IMPLEMENTED;
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

    /**
     * LiveKit SIP's words for a call the other end did not take: a SIP status (livekit/sip SIPStatus.Error) or the
     * ringing timeout that ran out (ErrSIPRequestTimeout), as docs/emulator.md "SIP" traces them.
     */
    private static final Pattern SIP_CALL_ENDED = Pattern.compile("sip status: \\d{3}\\b|sip request timed out$");

    private record TwirpError(String code, String message) {
        static final TwirpError NONE = new TwirpError(null, null);
    }

    /** Twirp error bodies are {@code {"code": "...", "msg": "..."}}; anything else has no code (nor message). */
    private static TwirpError twirpError(ResponseBody errorBody) {
        try (var body = errorBody) {
            if (body == null) {
                return TwirpError.NONE;
            }
            var node = JSON.readTree(body.string());
            var code = node.path("code");
            if (!code.isString() || !code.asString().matches("[a-z_]{1,40}")) {
                return TwirpError.NONE;
            }
            var message = node.path("msg");
            return new TwirpError(code.asString(), message.isString() ? shortened(message.asString()) : null);
        } catch (Exception e) {
            return TwirpError.NONE;
        }
    }

    private static String shortened(String message) {
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "…";
    }

    private LiveKitException failure(LiveKitFailure failure, String twirpCode, String method, Throwable cause) {
        return new LiveKitException(failure, twirpCode, connection.displayHost(), method, cause);
    }
}
