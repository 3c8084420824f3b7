package dev.roomwarden.emulator;

import java.io.IOException;
import java.time.Duration;

import io.livekit.server.RoomList;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.roomwarden.emulator.EmulatorFixture.adminToken;
import static dev.roomwarden.emulator.EmulatorFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/** The emulator's own API for tests and demos: participants joining and leaving, and faults. */
class ControlApiTest {

    private static final EmulatorFixture lk = new EmulatorFixture();
    private static final String ADMIN = adminToken("any-room");

    @AfterAll
    static void stop() {
        lk.close();
    }

    @BeforeEach
    void reset() {
        lk.state().clear();
        lk.emulator.faults().reset();
    }

    @Test
    void aParticipantJoinsARoomThatIsCreatedForItAndItsInfoIsAnswered() {
        var response = lk.control("POST", "/emulator/rooms/eu%2Fsupport%20%231%20%25%C3%BC/participants", """
                {"identity":"agent-7","name":"Ava","kind":"AGENT","metadata":"{\\"v\\":1}","attributes":{"lk.agent.state":"listening"},
                 "tracks":[{"type":"AUDIO","source":"MICROPHONE","muted":false},{"type":"VIDEO","source":"SCREEN_SHARE","muted":true}]}""",
                ADMIN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"identity\": \"agent-7\"", "\"kind\": \"AGENT\"", "\"is_publisher\": true")
                .containsPattern("\"sid\": \"PA_\\w{12}\"").containsPattern("\"sid\": \"TR_\\w{12}\"");
        var room = lk.state().room("eu/support #1 %ü").orElseThrow();
        assertThat(room.getNumParticipants()).isEqualTo(1);
        var joined = lk.state().participant("eu/support #1 %ü", "agent-7").orElseThrow();
        assertThat(joined.getAttributesMap()).containsEntry("lk.agent.state", "listening");
        assertThat(joined.getTracks(1).getSource()).isEqualTo(TrackSource.SCREEN_SHARE);
        assertThat(joined.getTracks(1).getMuted()).isTrue();
    }

    @Test
    void aParticipantLeavesAndAnUnknownOneIsNotFound() {
        lk.join("r", "ann", ParticipantInfo.Kind.STANDARD);

        assertThat(lk.control("DELETE", "/emulator/rooms/r/participants/ann", null, ADMIN).statusCode()).isEqualTo(204);
        assertThat(lk.state().participants("r")).isEmpty();
        assertThat(lk.control("DELETE", "/emulator/rooms/r/participants/ann", null, ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    void controlCallsNeedARoomAdminTokenOfTheSameKey() {
        var body = "{\"identity\":\"x\"}";
        assertThat(lk.control("POST", "/emulator/rooms/r/participants", body, null).statusCode()).isEqualTo(401);
        assertThat(lk.control("POST", "/emulator/rooms/r/participants", body, token(new RoomList(true))).statusCode()).isEqualTo(401);
        assertThat(lk.control("POST", "/emulator/faults", "{\"mode\":\"unavailable\"}", "forged").statusCode()).isEqualTo(401);
        assertThat(lk.state().rooms()).isEmpty();
        assertThat(lk.emulator.faults().mode()).isEqualTo(FaultMode.NONE);
    }

    @Test
    void badInputIsA400AndChangesNothing() {
        assertThat(lk.control("POST", "/emulator/rooms/r/participants", "{not json", ADMIN).statusCode()).isEqualTo(400);
        assertThat(lk.control("POST", "/emulator/rooms/r/participants", "{\"identity\":\"x\",\"kind\":\"ROBOT\"}", ADMIN).statusCode())
                .isEqualTo(400);
        assertThat(lk.control("POST", "/emulator/rooms/r/participants", "{\"name\":\"no identity\"}", ADMIN).statusCode())
                .isEqualTo(400);
        assertThat(lk.control("POST", "/emulator/faults", "{\"mode\":\"explode\"}", ADMIN).statusCode()).isEqualTo(400);
        assertThat(lk.control("POST", "/emulator/rooms/r/aborted", "{\"name\":\"no identity\"}", ADMIN).statusCode()).isEqualTo(400);
        assertThat(lk.control("POST", "/emulator/rooms/r/aborted", "{\"identity\":\"x\",\"reason\":\"BORED\"}", ADMIN).statusCode())
                .isEqualTo(400);
        assertThat(lk.state().rooms()).isEmpty();
    }

    @Test
    void anUnknownLeaveReasonOrWebhookCountIsA400AndChangesNothing() {
        lk.join("r", "ann", ParticipantInfo.Kind.STANDARD);

        var unknown = lk.control("DELETE", "/emulator/rooms/r/participants/ann?reason=BORED", null, ADMIN);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("DisconnectReason");
        assertThat(lk.control("DELETE", "/emulator/rooms/r/participants/ann?reason=UNRECOGNIZED", null, ADMIN).statusCode())
                .isEqualTo(400);
        assertThat(lk.state().participants("r")).extracting(ParticipantInfo::getIdentity).containsExactly("ann");

        assertThat(lk.control("POST", "/emulator/webhooks", "{\"drop\":-1}", ADMIN).statusCode()).isEqualTo(400);
        assertThat(lk.control("POST", "/emulator/webhooks", "{\"duplicate\":\"many\"}", ADMIN).statusCode()).isEqualTo(400);
        assertThat(lk.control("POST", "/emulator/webhooks", "{\"drop\":1.5}", ADMIN).statusCode()).isEqualTo(400);
        assertThat(lk.emulator.faults().nextWebhook()).isEqualTo(Faults.WebhookFate.DELIVER);
    }

    @Test
    void eachFaultChangesWhatTheSdkSeesUntilReset() throws IOException {
        lk.join("r", "ann", ParticipantInfo.Kind.STANDARD);

        assertThat(lk.control("POST", "/emulator/faults", "{\"mode\":\"unavailable\"}", ADMIN).statusCode()).isEqualTo(200);
        var unavailable = lk.sdk.listRooms().execute();
        assertThat(unavailable.code()).isEqualTo(503);
        assertThat(unavailable.errorBody().string()).contains("\"code\":\"unavailable\"");

        lk.control("POST", "/emulator/faults", "{\"mode\":\"reject-key\"}", ADMIN);
        assertThat(lk.sdk.listRooms().execute().code()).isEqualTo(401);

        lk.control("POST", "/emulator/faults", "{\"mode\":\"garbage\"}", ADMIN);
        var garbage = lk.json("ListRooms", "{}", EmulatorFixture.allGrants());
        assertThat(garbage.statusCode()).isEqualTo(200);
        assertThat(garbage.body()).doesNotContain("rooms");

        lk.control("POST", "/emulator/faults", "{\"mode\":\"slow\",\"delayMs\":400}", ADMIN);
        var started = System.nanoTime();
        assertThat(lk.sdk.listRooms().execute().body()).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

        assertThat(lk.control("DELETE", "/emulator/rooms/r/participants/ann", null, ADMIN).statusCode())
                .as("faults never touch the control API").isEqualTo(204);

        lk.control("POST", "/emulator/faults", "{\"mode\":\"none\"}", ADMIN);
        assertThat(lk.sdk.listRooms().execute().isSuccessful()).isTrue();
    }

    @Test
    void aFaultLimitedToOneMethodLeavesTheOthersAloneAndLateAndHangTellWhetherTheCallWasCarriedOut() throws IOException {
        lk.join("r", "ann", ParticipantInfo.Kind.STANDARD);
        lk.join("r", "bob", ParticipantInfo.Kind.STANDARD);

        assertThat(lk.control("POST", "/emulator/faults", "{\"mode\":\"hang\",\"method\":\"RemoveParticipant\"}", ADMIN).body())
                .contains("\"method\":\"RemoveParticipant\"");
        assertThat(lk.sdk.listParticipants("r").execute().body()).as("other methods behave").hasSize(2);
        var hung = lk.sdk.removeParticipant("r", "ann").execute();
        assertThat(hung.code()).isEqualTo(408);
        assertThat(hung.errorBody().string()).isEqualTo("{\"code\":\"deadline_exceeded\",\"msg\":\"twirp error unknown: request timed out\"}");
        assertThat(lk.state().participant("r", "ann")).as("hang does not carry out the call").isPresent();

        lk.control("POST", "/emulator/faults", "{\"mode\":\"late\",\"delayMs\":200,\"method\":\"RemoveParticipant\"}", ADMIN);
        assertThat(lk.sdk.removeParticipant("r", "bob").execute().isSuccessful()).isTrue();
        assertThat(lk.state().participant("r", "bob")).as("late carries out the call, then answers").isEmpty();

        assertThat(lk.control("POST", "/emulator/faults", "{\"mode\":\"hang\",\"method\":\"Remove Participant\"}", ADMIN).statusCode())
                .isEqualTo(400);
    }
}
