package dev.roomwarden.participants;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import dev.roomwarden.FlowTest;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.emulator.TrackSpec;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitRoom.CreateRoomRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moving a participant into another room over real HTTP, through the SDK's MoveParticipant to the emulator: as
 * the open-source server ("not implemented") and, switched at run time, as LiveKit Cloud.
 */
class MoveParticipantFlowTest extends FlowTest {

    private ParticipantInfo join(String room, String identity, ParticipantInfo.Kind kind) {
        return emulator.state().addParticipant(room, new ParticipantSpec(identity, identity, kind, "", Map.of(),
                List.of(new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false))));
    }

    private void room(String name) {
        emulator.state().createRoom(CreateRoomRequest.newBuilder().setName(name).build());
    }

    private static String move(String room, String identity) {
        return "/rooms/" + room + "/participants/" + identity + "/move";
    }

    @Test
    void theOpenSourceServerSaysNotImplementedInWordsAndTheRoomPageStopsOfferingMove() {
        var customer = join("mv-oss-agent", "mv-oss-customer", ParticipantInfo.Kind.STANDARD);
        room("mv-oss-staffed");
        var moderator = loggedIn("moderator", "/rooms/mv-oss-agent");
        assertThat(moderator.get("/rooms/mv-oss-agent").body()).contains(move("mv-oss-agent", "mv-oss-customer") + "?sid=", ">Move…</a>");

        var dialog = moderator.getHtmx(move("mv-oss-agent", "mv-oss-customer") + "?sid=" + customer.getSid()).body();
        assertThat(dialog).contains("<dialog", "Move “", "<option value=\"mv-oss-staffed\">mv-oss-staffed</option>",
                "name=\"destinationName\"", "name=\"_csrf\"").doesNotContain("<option value=\"mv-oss-agent\"");

        var answer = moderator.postHtmx(move("mv-oss-agent", "mv-oss-customer"),
                Map.of("destination", "mv-oss-staffed", "reason", "to a staffed room", "sid", customer.getSid()));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("“mv-oss-customer” was not moved to “mv-oss-staffed”",
                "answered “not implemented”", "LiveKit Cloud implements it; the open-source server does not.",
                "Move to another room is not offered").doesNotContain(">Move…</a>");
        assertThat(emulator.state().participant("mv-oss-agent", "mv-oss-customer")).isPresent();
        assertThat(lastAudited()).containsEntry("ACTION", "MOVE_PARTICIPANT").containsEntry("OUTCOME", "FAILED")
                .containsEntry("PARTICIPANT_SID", customer.getSid()).containsEntry("REASON", "to a staffed room")
                .containsEntry("DETAIL", "to room “mv-oss-staffed”; NOT_IMPLEMENTED (unknown): twirp error unknown: not implemented");

        var page = moderator.get("/rooms/mv-oss-agent").body();
        assertThat(page).doesNotContain(">Move…</a>").contains("Move: not on this server",
                "answered “not implemented” (LiveKit Cloud implements it");
        // LiveKit answered: it is not taken as down.
        assertThat(page).doesNotContain("is not answering");
    }

    @Test
    void asLiveKitCloudTheParticipantIsInTheDestinationRoomWithTheWebhooksOfBoth() throws InterruptedException {
        emulator.moves().cloud(true);
        var customer = join("mv-cloud-agent", "mv-cloud-customer", ParticipantInfo.Kind.STANDARD);
        join("mv-cloud-staffed", "mv-cloud-staff", ParticipantInfo.Kind.STANDARD);
        var moderator = loggedIn("moderator", "/rooms/mv-cloud-agent");

        var answer = moderator.postHtmx(move("mv-cloud-agent", "mv-cloud-customer"),
                Map.of("destinationName", " mv-cloud-staffed ", "reason", "staff can help", "sid", customer.getSid()));

        assertThat(answer.body()).contains("“mv-cloud-customer” was moved to “mv-cloud-staffed”");
        assertThat(emulator.state().participant("mv-cloud-agent", "mv-cloud-customer")).isEmpty();
        var moved = emulator.state().participant("mv-cloud-staffed", "mv-cloud-customer").orElseThrow();
        assertThat(moved.getSid()).isNotEqualTo(customer.getSid());
        assertThat(moderator.get("/rooms/mv-cloud-staffed").body()).contains(moved.getSid());
        assertThat(moderator.get("/rooms/mv-cloud-agent").body()).doesNotContain(customer.getSid());
        assertThat(lastAudited()).containsEntry("ACTION", "MOVE_PARTICIPANT").containsEntry("OUTCOME", "DONE")
                .containsEntry("ROOM", "mv-cloud-agent").containsEntry("DETAIL", "to room “mv-cloud-staffed”");
        await("participant_left in the source and participant_joined in the destination received",
                () -> webhooks("participant_left", "mv-cloud-agent", customer.getSid()) == 1
                        && webhooks("participant_joined", "mv-cloud-staffed", moved.getSid()) == 1);
    }

    @Test
    void asLiveKitCloudEachRefusalIsSaidInWordsAndNothingMoves() {
        emulator.moves().cloud(true);
        var customer = join("mv-no-room", "mv-no-customer", ParticipantInfo.Kind.STANDARD);
        join("mv-no-room", "mv-no-agent", ParticipantInfo.Kind.AGENT);
        join("mv-no-room", "mv-no-old", ParticipantInfo.Kind.STANDARD);
        emulator.moves().oldClients(java.util.Set.of("mv-no-old"));
        room("mv-no-other");
        var moderator = loggedIn("moderator", "/rooms/mv-no-room");
        assertThat(moderator.get("/rooms/mv-no-room").body()).doesNotContain(move("mv-no-room", "mv-no-agent"));

        var same = moderator.postHtmx(move("mv-no-room", "mv-no-customer"), Map.of("destination", "mv-no-room"));
        assertThat(same.body()).contains("they are already in “mv-no-room”. Choose another room.");
        assertThat((String) lastAudited().get("DETAIL")).contains("destination room cannot be the same as source room");

        var agent = moderator.postHtmx(move("mv-no-room", "mv-no-agent"), Map.of("destination", "mv-no-other"));
        assertThat(agent.body()).contains("“mv-no-agent” was not moved to “mv-no-other”: LiveKit does not move agents");
        assertThat(lastAudited()).containsEntry("OUTCOME", "FAILED").containsEntry("PARTICIPANT", "mv-no-agent");

        var old = moderator.postHtmx(move("mv-no-room", "mv-no-old"), Map.of("destination", "mv-no-other"));
        assertThat(old.body()).contains("their LiveKit client is too old to be moved");

        var audited = audited("action = 'MOVE_PARTICIPANT'").size();
        var typo = moderator.postHtmx(move("mv-no-room", "mv-no-customer"), Map.of("destinationName", "mv-no-such-room"));
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.body()).contains("There is no live room “mv-no-such-room”");
        assertThat(audited("action = 'MOVE_PARTICIPANT'")).as("bad input changes nothing").hasSize(audited);

        var nothing = moderator.postHtmx(move("mv-no-room", "mv-no-customer"), Map.of());
        assertThat(nothing.statusCode()).isEqualTo(400);
        assertThat(nothing.body()).contains("Choose the room to move them to, or type its name.");

        assertThat(emulator.state().participants("mv-no-room")).hasSize(3);
        assertThat(emulator.state().participants("mv-no-other")).isEmpty();
        assertThat(customer.getSid()).isEqualTo(emulator.state().participant("mv-no-room", "mv-no-customer").orElseThrow().getSid());
    }

    @Test
    void someoneWhoLeftIsAlreadyGoneAtOnceAndAViewerCannotMove() {
        emulator.moves().cloud(true);
        join("mv-left-room", "mv-left-customer", ParticipantInfo.Kind.STANDARD);
        room("mv-left-other");
        var viewer = loggedIn("viewer", "/rooms/mv-left-room");
        assertThat(viewer.get("/rooms/mv-left-room").body()).doesNotContain("/move", "Move…");

        var forged = viewer.postHtmx(move("mv-left-room", "mv-left-customer"), Map.of("destination", "mv-left-other"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(emulator.state().participant("mv-left-room", "mv-left-customer")).isPresent();
        assertThat(lastAudited()).containsEntry("ACTION", "MOVE_PARTICIPANT").containsEntry("OUTCOME", "DENIED");

        var moderator = loggedIn("moderator", "/rooms/mv-left-room");
        emulator.state().removeParticipant("mv-left-room", "mv-left-customer");
        var started = System.nanoTime();
        var gone = moderator.postHtmx(move("mv-left-room", "mv-left-customer"), Map.of("destination", "mv-left-other"));
        assertThat(gone.body()).contains("“mv-left-customer” is no longer in “mv-left-room”.");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(lastAudited()).containsEntry("OUTCOME", "ALREADY_GONE");
    }

    private long webhooks(String type, String room, String participantSid) {
        return jdbc.sql("SELECT COUNT(*) FROM history_event WHERE event_type = ? AND room_name = ? AND participant_sid = ?")
                .params(type, room, participantSid).query(Long.class).single();
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        // The emulator delivers on its own thread; generous, for a loaded machine.
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(done.getAsBoolean()).as(what).isTrue();
    }
}
