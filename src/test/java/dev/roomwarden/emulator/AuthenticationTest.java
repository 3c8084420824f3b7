package dev.roomwarden.emulator;

import java.time.Instant;
import java.util.Map;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.livekit.server.RoomAdmin;
import io.livekit.server.RoomCreate;
import io.livekit.server.RoomList;
import io.livekit.server.RoomName;
import io.livekit.server.RoomServiceClient;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.roomwarden.emulator.EmulatorFixture.KEY;
import static dev.roomwarden.emulator.EmulatorFixture.SECRET;
import static dev.roomwarden.emulator.EmulatorFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/** Tokens and grants, answered as livekit-server's auth middleware and RoomService answer them. */
class AuthenticationTest {

    private static final String DENIED = "{\"code\":\"unauthenticated\",\"msg\":\"permissions denied\"}";
    private static final EmulatorFixture lk = new EmulatorFixture();

    @AfterAll
    static void stop() {
        lk.close();
    }

    @BeforeEach
    void oneRoom() {
        lk.state().clear();
        lk.join("support-1", "ann", ParticipantInfo.Kind.STANDARD);
    }

    private static String jwt(String issuer, String secret, Instant expires, Map<String, ?> video) {
        var builder = JWT.create().withIssuer(issuer).withClaim("video", video);
        if (expires != null) {
            builder.withExpiresAt(expires);
        }
        return builder.sign(Algorithm.HMAC256(secret));
    }

    private void assertPlain401(String authorization, String message) {
        var response = lk.twirp("ListRooms", "application/json", "{}", authorization);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(response.body().strip()).isEqualTo(message);
    }

    @Test
    void eachMethodNeedsItsGrant() {
        var list = token(new RoomList(true));
        var create = token(new RoomCreate(true));
        var admin = token(new RoomAdmin(true), new RoomName("support-1"));

        assertThat(lk.json("ListRooms", "{}", list).statusCode()).isEqualTo(200);
        assertThat(lk.json("ListRooms", "{}", create).body()).isEqualTo(DENIED);
        assertThat(lk.json("CreateRoom", "{\"name\":\"x\"}", create).statusCode()).isEqualTo(200);
        assertThat(lk.json("CreateRoom", "{\"name\":\"y\"}", list).body()).isEqualTo(DENIED);
        assertThat(lk.json("DeleteRoom", "{\"room\":\"x\"}", admin).body()).isEqualTo(DENIED);
        assertThat(lk.json("DeleteRoom", "{\"room\":\"x\"}", create).statusCode()).isEqualTo(200);
        assertThat(lk.json("ListParticipants", "{\"room\":\"support-1\"}", admin).statusCode()).isEqualTo(200);
        assertThat(lk.json("ListParticipants", "{\"room\":\"support-1\"}", list).body()).isEqualTo(DENIED);
    }

    @Test
    void aTokenForAnotherRoomIsDenied() {
        var otherRoom = token(new RoomAdmin(true), new RoomName("support-2"));
        for (var method : new String[] {"ListParticipants", "GetParticipant", "RemoveParticipant", "UpdateParticipant",
                "MutePublishedTrack", "UpdateSubscriptions", "UpdateRoomMetadata", "SendData"}) {
            var response = lk.json(method, "{\"room\":\"support-1\",\"identity\":\"ann\"}", otherRoom);
            assertThat(response.statusCode()).as(method).isEqualTo(401);
            assertThat(response.body()).as(method).isEqualTo(DENIED);
        }
        assertThat(lk.state().participants("support-1")).hasSize(1);
    }

    @Test
    void theSdkWithAnotherSecretIsRefusedAndChangesNothing() throws Exception {
        var wrong = RoomServiceClient.createClient(lk.emulator.url(), KEY, "another-secret");
        var response = wrong.removeParticipant("support-1", "ann").execute();
        assertThat(response.code()).isEqualTo(401);
        assertThat(lk.state().participants("support-1")).hasSize(1);
    }

    @Test
    void noTokenIsATwirpPermissionDeniedAfterTheBodyIsDecoded() {
        var none = lk.twirp("ListRooms", "application/json", "{}", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).isEqualTo(DENIED);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/json");

        var malformed = lk.twirp("ListRooms", "application/json", "{not json", null);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"code\":\"malformed\"");
    }

    @Test
    void badTokensAreRefusedWithThePlainTextMessagesOfLiveKit() {
        var video = Map.of("roomList", true);
        assertPlain401("Token " + token(new RoomList(true)), "invalid authorization header. Must start with Bearer");
        assertPlain401("Bearer not-a-jwt", "invalid authorization token");
        assertPlain401("Bearer " + jwt("someone-else", SECRET, Instant.now().plusSeconds(60), video), "invalid API key");
        assertThat(lk.twirp("ListRooms", "application/json", "{}",
                "Bearer " + jwt(KEY, "forged-secret", Instant.now().plusSeconds(60), video)).body())
                .startsWith("invalid authorization token: ");
        assertThat(lk.twirp("ListRooms", "application/json", "{}",
                "Bearer " + jwt(KEY, SECRET, Instant.now().minusSeconds(120), video)).body())
                .startsWith("invalid authorization token: ");
        assertThat(lk.twirp("ListRooms", "application/json", "{}", "Bearer " + jwt(KEY, SECRET, null, video)).body())
                .startsWith("invalid authorization token: ");
    }

    @Test
    void aTokenExpiredWithinTheLeewayIsStillAccepted() {
        var justExpired = jwt(KEY, SECRET, Instant.now().minusSeconds(30), Map.of("roomList", true));
        assertThat(lk.json("ListRooms", "{}", justExpired).statusCode()).isEqualTo(200);
    }

    @Test
    void theAccessTokenParameterWorksLikeTheHeader() {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(lk.emulator.url()
                        + "/twirp/livekit.RoomService/ListRooms?access_token=" + token(new RoomList(true))))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"));
        assertThat(lk.send(request).statusCode()).isEqualTo(200);
    }
}
