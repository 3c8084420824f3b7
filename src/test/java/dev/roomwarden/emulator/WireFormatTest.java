package dev.roomwarden.emulator;

import java.net.URI;
import java.net.http.HttpRequest;

import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.roomwarden.emulator.EmulatorFixture.adminToken;
import static dev.roomwarden.emulator.EmulatorFixture.allGrants;
import static dev.roomwarden.emulator.EmulatorFixture.mic;
import static org.assertj.core.api.Assertions.assertThat;

/** Twirp's JSON and protobuf encodings, routing and errors, as the Node SDK and others send them. */
class WireFormatTest {

    private static final EmulatorFixture lk = new EmulatorFixture();

    @AfterAll
    static void stop() {
        lk.close();
    }

    @BeforeEach
    void empty() {
        lk.state().clear();
    }

    @Test
    void jsonAnswersUseSnakeCaseWithDefaultsEnumsByNameAndInt64AsStrings() {
        lk.join("r", "bot", ParticipantInfo.Kind.AGENT, mic());

        var rooms = lk.json("ListRooms", "{}", allGrants());
        assertThat(rooms.statusCode()).isEqualTo(200);
        assertThat(rooms.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(rooms.body()).contains("\"num_participants\": 1", "\"num_publishers\": 1", "\"max_participants\": 0",
                "\"active_recording\": false").containsPattern("\"creation_time\": \"\\d+\"");

        var participants = lk.json("ListParticipants", "{\"room\":\"r\"}", adminToken("r"));
        assertThat(participants.body()).contains("\"kind\": \"AGENT\"", "\"state\": \"ACTIVE\"", "\"is_publisher\": true",
                "\"type\": \"AUDIO\"", "\"source\": \"MICROPHONE\"");
    }

    @Test
    void jsonRequestsAreAcceptedInCamelCaseAndSnakeCaseWithCharsetParameters() {
        var track = lk.join("r", "ann", ParticipantInfo.Kind.STANDARD, mic()).getTracks(0).getSid();
        var camel = lk.twirp("MutePublishedTrack", "application/json;charset=UTF-8",
                "{\"room\":\"r\",\"identity\":\"ann\",\"trackSid\":\"" + track + "\",\"muted\":true}", "Bearer " + adminToken("r"));
        assertThat(camel.statusCode()).isEqualTo(200);
        assertThat(camel.body()).contains("\"muted\": true");

        var snake = lk.json("CreateRoom", "{\"name\":\"s\",\"empty_timeout\":42,\"max_participants\":3}", allGrants());
        assertThat(snake.body()).contains("\"empty_timeout\": 42", "\"max_participants\": 3");
        var camelRoom = lk.json("CreateRoom", "{\"name\":\"c\",\"emptyTimeout\":43}", allGrants());
        assertThat(camelRoom.body()).contains("\"empty_timeout\": 43");
    }

    @Test
    void unknownMethodsOtherVerbsAndOtherContentTypesAreBadRoutes() {
        var unknown = lk.json("DropTables", "{}", allGrants());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"code\":\"bad_route\"");

        var get = lk.send(HttpRequest.newBuilder(URI.create(lk.emulator.url() + "/twirp/livekit.RoomService/ListRooms"))
                .header("Authorization", "Bearer " + allGrants()).GET());
        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(get.body()).contains("bad_route");

        var text = lk.twirp("ListRooms", "text/plain", "{}", "Bearer " + allGrants());
        assertThat(text.statusCode()).isEqualTo(404);
        assertThat(text.body()).contains("bad_route");
    }

    @Test
    void errorsAreTwirpJsonEvenForProtobufRequests() {
        var response = lk.twirp("DeleteRoom", "application/protobuf",
                new String(livekit.LivekitRoom.DeleteRoomRequest.newBuilder().setRoom("nope").build().toByteArray()),
                "Bearer " + allGrants());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"code\":\"not_found\",\"msg\":\"twirp error unknown: requested room does not exist\"}");
    }

    @Test
    void anUndecodableBodyIsMalformed() {
        var response = lk.twirp("ListRooms", "application/protobuf", "\u00ff\u00ff\u00ff", "Bearer " + allGrants());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"malformed\"");
    }

    @Test
    void bodiesOverTenMebibytesAreRefused() {
        var response = lk.json("UpdateRoomMetadata", "{\"room\":\"r\",\"metadata\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}",
                adminToken("r"));
        assertThat(response.statusCode()).isEqualTo(413);
    }
}
