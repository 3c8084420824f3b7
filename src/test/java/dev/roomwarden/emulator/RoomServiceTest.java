package dev.roomwarden.emulator;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import livekit.LivekitModels.DataPacket;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import retrofit2.Response;

import static dev.roomwarden.emulator.EmulatorFixture.camera;
import static dev.roomwarden.emulator.EmulatorFixture.mic;
import static org.assertj.core.api.Assertions.assertThat;

/** Every RoomService method through the official SDK over HTTP. */
class RoomServiceTest {

    private static final EmulatorFixture lk = new EmulatorFixture();

    @AfterAll
    static void stop() {
        lk.close();
    }

    @BeforeEach
    void empty() {
        lk.state().clear();
    }

    private static void assertTwirpError(Response<?> response, int status, String code) throws IOException {
        assertThat(response.isSuccessful()).isFalse();
        assertThat(response.code()).isEqualTo(status);
        assertThat(response.errorBody().string()).contains("\"code\":\"" + code + "\"");
    }

    @Test
    void createRoomAssignsASidAndCreationTimeAndReturnsTheSameRoomForTheSameName() throws IOException {
        var created = lk.sdk.createRoom("standup", 60, 10, null, "{\"team\":\"core\"}").execute().body();

        assertThat(created.getSid()).matches("RM_[" + Ids.ALPHABET + "]{12}");
        assertThat(created.getCreationTime()).isPositive();
        assertThat(created.getEmptyTimeout()).isEqualTo(60);
        assertThat(created.getMaxParticipants()).isEqualTo(10);
        assertThat(created.getMetadata()).isEqualTo("{\"team\":\"core\"}");
        assertThat(lk.sdk.createRoom("standup").execute().body().getSid()).isEqualTo(created.getSid());
    }

    @Test
    void listRoomsListsAllOrOnlyTheNamedOnes() throws IOException {
        lk.sdk.createRoom("a").execute();
        lk.sdk.createRoom("b").execute();
        lk.sdk.createRoom("c").execute();

        assertThat(lk.sdk.listRooms().execute().body()).extracting(r -> r.getName()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(lk.sdk.listRooms(List.of("b", "c", "zzz")).execute().body()).extracting(r -> r.getName())
                .containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void deleteRoomRemovesItAndAnUnknownRoomIsNotFound() throws IOException {
        lk.join("doomed", "ann", ParticipantInfo.Kind.STANDARD, mic());

        assertThat(lk.sdk.deleteRoom("doomed").execute().isSuccessful()).isTrue();
        assertThat(lk.state().room("doomed")).isEmpty();
        assertThat(lk.state().participants("doomed")).isEmpty();
        assertTwirpError(lk.sdk.deleteRoom("doomed").execute(), 404, "not_found");
    }

    @Test
    void listParticipantsOfAnUnknownRoomIsEmpty() throws IOException {
        lk.join("r", "ann", ParticipantInfo.Kind.STANDARD);
        lk.join("r", "bot", ParticipantInfo.Kind.AGENT, mic());

        assertThat(lk.sdk.listParticipants("r").execute().body()).extracting(ParticipantInfo::getIdentity)
                .containsExactly("ann", "bot");
        var unknown = lk.sdk.listParticipants("nope").execute();
        assertThat(unknown.code()).isEqualTo(200);
        assertThat(unknown.body()).isEmpty();
    }

    @Test
    void getParticipantAnswersItsInfoOrNotFound() throws IOException {
        var joined = lk.join("r", "bot", ParticipantInfo.Kind.AGENT, mic(), camera());

        var got = lk.sdk.getParticipant("r", "bot").execute().body();
        assertThat(got.getSid()).isEqualTo(joined.getSid()).matches("PA_[" + Ids.ALPHABET + "]{12}");
        assertThat(got.getKind()).isEqualTo(ParticipantInfo.Kind.AGENT);
        assertThat(got.getTracksList()).allSatisfy(t -> assertThat(t.getSid()).matches("TR_[" + Ids.ALPHABET + "]{12}"));
        assertTwirpError(lk.sdk.getParticipant("r", "ghost").execute(), 404, "not_found");
        assertTwirpError(lk.sdk.getParticipant("no-room", "bot").execute(), 404, "not_found");
    }

    @Test
    void removeParticipantDisconnectsThemAndTheCountsFollow() throws IOException {
        lk.join("r", "ann", ParticipantInfo.Kind.STANDARD, mic());
        lk.join("r", "bob", ParticipantInfo.Kind.STANDARD);
        assertThat(lk.state().room("r").orElseThrow().getNumPublishers()).isEqualTo(1);

        assertThat(lk.sdk.removeParticipant("r", "ann").execute().isSuccessful()).isTrue();

        var room = lk.sdk.listRooms(List.of("r")).execute().body().get(0);
        assertThat(room.getNumParticipants()).isEqualTo(1);
        assertThat(room.getNumPublishers()).isZero();
        assertTwirpError(lk.sdk.removeParticipant("r", "ann").execute(), 404, "not_found");
    }

    @Test
    void mutePublishedTrackMutesAndRefusesRemoteUnmuteByDefault() throws IOException {
        var ann = lk.join("r", "ann", ParticipantInfo.Kind.STANDARD, mic());
        var track = ann.getTracks(0).getSid();

        var muted = lk.sdk.mutePublishedTrack("r", "ann", track, true).execute().body();
        assertThat(muted.getMuted()).isTrue();
        assertThat(lk.sdk.getParticipant("r", "ann").execute().body().getTracks(0).getMuted()).isTrue();

        var unmute = lk.sdk.mutePublishedTrack("r", "ann", track, false).execute();
        assertTwirpError(unmute, 412, "failed_precondition");
    }

    @Test
    void remoteUnmuteWorksWhereTheServerAllowsIt() throws IOException {
        try (var allowing = new EmulatorFixture(List.of(), true)) {
            var track = allowing.join("r", "ann", ParticipantInfo.Kind.STANDARD, new TrackSpec(
                    livekit.LivekitModels.TrackType.AUDIO, livekit.LivekitModels.TrackSource.MICROPHONE, true)).getTracks(0).getSid();
            assertThat(allowing.sdk.mutePublishedTrack("r", "ann", track, false).execute().body().getMuted()).isFalse();
        }
    }

    @Test
    void mutingAnUnknownTrackAnswersNoTrack() throws IOException {
        lk.join("r", "ann", ParticipantInfo.Kind.STANDARD, mic());

        var unknownTrack = lk.json("MutePublishedTrack", "{\"room\":\"r\",\"identity\":\"ann\",\"track_sid\":\"TR_nope\",\"muted\":true}",
                EmulatorFixture.adminToken("r"));
        assertThat(unknownTrack.statusCode()).isEqualTo(200);
        assertThat(unknownTrack.body()).doesNotContain("\"sid\"");

    }

    /** What livekit-server answers when no node claims the call: psrpc's "no response from servers" (docs/emulator.md). */
    @Test
    void callsToAParticipantWhoIsNotConnectedGetNoResponseFromServers() throws IOException {
        lk.join("r", "ann", ParticipantInfo.Kind.STANDARD, mic());
        var noResponse = "{\"code\":\"unavailable\",\"msg\":\"twirp error unknown: no response from servers\"}";

        var started = System.nanoTime();
        var mute = lk.sdk.mutePublishedTrack("r", "ghost", "TR_x", true).execute();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited for a claim").isGreaterThanOrEqualTo(EmulatorFixture.DEADLINE);
        assertThat(mute.code()).isEqualTo(503);
        assertThat(mute.errorBody().string()).isEqualTo(noResponse);

        var subscriptions = lk.sdk.updateSubscriptions("r", "ghost", List.of("TR_x"), true).execute();
        assertThat(subscriptions.code()).isEqualTo(503);
        assertThat(subscriptions.errorBody().string()).isEqualTo(noResponse);

        var toNoRoom = lk.sdk.sendData("gone", "hello".getBytes(), DataPacket.Kind.RELIABLE, List.of(), List.of(), null).execute();
        assertThat(toNoRoom.code()).isEqualTo(503);
        assertThat(toNoRoom.errorBody().string()).isEqualTo(noResponse);
    }

    @Test
    void updateParticipantChangesNameMetadataAttributesAndPermission() throws IOException {
        lk.state().addParticipant("r", new ParticipantSpec("ann", "Ann", ParticipantInfo.Kind.STANDARD, "",
                Map.of("lang", "en", "tier", "gold"), List.of()));
        var permission = ParticipantPermission.newBuilder().setCanPublish(false).setCanSubscribe(true).build();

        var updated = lk.sdk.updateParticipant("r", "ann", "Ann B.", "{\"vip\":true}", permission,
                Map.of("lang", "de", "tier", "")).execute().body();

        assertThat(updated.getName()).isEqualTo("Ann B.");
        assertThat(updated.getMetadata()).isEqualTo("{\"vip\":true}");
        assertThat(updated.getAttributesMap()).containsExactly(Map.entry("lang", "de"));
        assertThat(updated.getPermission().getCanPublish()).isFalse();
        assertThat(lk.state().participant("r", "ann").orElseThrow().getName()).isEqualTo("Ann B.");
        assertTwirpError(lk.sdk.updateParticipant("r", "ghost", "x").execute(), 404, "not_found");
    }

    @Test
    void updateSubscriptionsOfAConnectedParticipantSucceeds() throws IOException {
        lk.join("r", "ann", ParticipantInfo.Kind.STANDARD);
        assertThat(lk.sdk.updateSubscriptions("r", "ann", List.of("TR_x"), true).execute().isSuccessful()).isTrue();
    }

    @Test
    void updateRoomMetadataChangesItOrIsNotFound() throws IOException {
        lk.sdk.createRoom("r").execute();

        assertThat(lk.sdk.updateRoomMetadata("r", "{\"topic\":\"refunds\"}").execute().body().getMetadata())
                .isEqualTo("{\"topic\":\"refunds\"}");
        assertTwirpError(lk.sdk.updateRoomMetadata("nope", "{}").execute(), 404, "not_found");
    }

    @Test
    void sendDataIsDeliveredToTheRoom() throws IOException {
        lk.join("r", "ann", ParticipantInfo.Kind.STANDARD);

        var sent = lk.sdk.sendData("r", "a human is joining".getBytes(), DataPacket.Kind.RELIABLE, List.of(),
                List.of("ann"), "support").execute();

        assertThat(sent.isSuccessful()).isTrue();
        var last = lk.state().sentData().get(lk.state().sentData().size() - 1);
        assertThat(last.getData().toStringUtf8()).isEqualTo("a human is joining");
        assertThat(last.getDestinationIdentitiesList()).containsExactly("ann");
        assertThat(last.getTopic()).isEqualTo("support");
    }

    @Test
    void limitsAreRefusedAsInvalidArgument() throws IOException {
        assertTwirpError(lk.sdk.createRoom("").execute(), 400, "invalid_argument");
        assertTwirpError(lk.sdk.createRoom("r".repeat(257)).execute(), 400, "invalid_argument");
        assertThat(lk.sdk.createRoom("r".repeat(256)).execute().isSuccessful()).isTrue();
        assertTwirpError(lk.sdk.createRoom("big", null, null, null, "m".repeat(512 * 1024 + 1)).execute(), 400, "invalid_argument");
        lk.join("r", "ann", ParticipantInfo.Kind.STANDARD);
        var hugeAttribute = lk.sdk.updateParticipant("r", "ann", null, null, null, Map.of("blob", "x".repeat(64 * 1024 + 1))).execute();
        assertTwirpError(hugeAttribute, 400, "invalid_argument");
        assertThat(lk.state().room("big")).isEmpty();
    }
}
