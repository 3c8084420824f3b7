package dev.roomwarden.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.livekit.server.AccessToken;
import io.livekit.server.AgentDispatchServiceClient;
import io.livekit.server.RoomAdmin;
import io.livekit.server.RoomCreate;
import io.livekit.server.RoomList;
import io.livekit.server.RoomName;
import io.livekit.server.RoomServiceClient;
import io.livekit.server.VideoGrant;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;

/** An emulator on a free port with a short participant deadline, and the ways clients talk to it. */
final class EmulatorFixture implements AutoCloseable {

    static final String KEY = "test-key";
    static final String SECRET = "test-secret-0123456789";
    static final Duration DEADLINE = Duration.ofMillis(200);

    final LiveKitEmulator emulator;
    final RoomServiceClient sdk;
    final AgentDispatchServiceClient dispatch;
    private final HttpClient http = HttpClient.newHttpClient();

    EmulatorFixture() {
        this(List.of(), false);
    }

    EmulatorFixture(List<String> webhookUrls, boolean remoteUnmute) {
        emulator = LiveKitEmulator.start(new EmulatorSettings("127.0.0.1", 0, KEY, SECRET, webhookUrls, DEADLINE, remoteUnmute));
        sdk = RoomServiceClient.createClient(emulator.url(), KEY, SECRET);
        dispatch = AgentDispatchServiceClient.createClient(emulator.url(), KEY, SECRET);
    }

    EmulatorState state() {
        return emulator.state();
    }

    static String token(VideoGrant... grants) {
        var token = new AccessToken(KEY, SECRET);
        token.addGrants(grants);
        return token.toJwt();
    }

    static String adminToken(String room) {
        return token(new RoomAdmin(true), new RoomName(room));
    }

    static String allGrants() {
        return token(new RoomList(true), new RoomCreate(true), new RoomAdmin(true), new RoomName("*"));
    }

    ParticipantInfo join(String room, String identity, ParticipantInfo.Kind kind, TrackSpec... tracks) {
        return state().addParticipant(room, new ParticipantSpec(identity, identity, kind, "", Map.of(), List.of(tracks)));
    }

    static TrackSpec mic() {
        return new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false);
    }

    static TrackSpec camera() {
        return new TrackSpec(TrackType.VIDEO, TrackSource.CAMERA, false);
    }

    /** A raw RoomService call, for what the SDK cannot express (JSON, bad tokens, other methods). */
    HttpResponse<String> twirp(String method, String contentType, String body, String authorization) {
        return twirp("livekit.RoomService", method, contentType, body, authorization);
    }

    HttpResponse<String> twirp(String service, String method, String contentType, String body, String authorization) {
        var request = HttpRequest.newBuilder(URI.create(emulator.url() + "/twirp/" + service + "/" + method))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    HttpResponse<String> json(String method, String body, String token) {
        return twirp(method, "application/json", body, token == null ? null : "Bearer " + token);
    }

    HttpResponse<String> dispatchJson(String method, String body, String token) {
        return twirp("livekit.AgentDispatchService", method, "application/json", body, token == null ? null : "Bearer " + token);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> control(String method, String path, String body, String token) {
        var request = HttpRequest.newBuilder(URI.create(emulator.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
