package dev.roomwarden.rooms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.roomwarden.FlowTest;
import dev.roomwarden.emulator.FaultMode;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitRoom.CreateRoomRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ending several rooms with one confirmation (ADMIN), over real HTTP through the SDK to the embedded
 * emulator: ticked rooms, or every empty room with a preview; each audited on its own with one batch id.
 */
class EndRoomsFlowTest extends FlowTest {

    @BeforeEach
    void threeBusyAndTwoEmptyRooms() {
        join("support-1", "customer-1");
        join("support-1", "agent-1");
        join("support-2", "customer-2");
        join("sales-9", "caller");
        emptyRoom("test-a");
        emptyRoom("test-b");
    }

    private void join(String room, String identity) {
        emulator.state().addParticipant(room, new ParticipantSpec(identity, "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
    }

    private void emptyRoom(String name) {
        emulator.state().createRoom(CreateRoomRequest.newBuilder().setName(name).build());
    }

    private List<String> rooms() {
        return emulator.state().rooms().stream().map(Room::getName).toList();
    }

    private List<Map<String, Object>> records() {
        return audited("action = 'DELETE_ROOM'");
    }

    private static List<Map.Entry<String, String>> fields(String... namesThenPairs) {
        var fields = new ArrayList<Map.Entry<String, String>>();
        for (var name : namesThenPairs) {
            var equals = name.indexOf('=');
            fields.add(equals < 0 ? Map.entry("name", name) : Map.entry(name.substring(0, equals), name.substring(equals + 1)));
        }
        return fields;
    }

    @Test
    void anAdminSeesCheckboxesAndBothButtonsAModeratorNeither() {
        assertThat(loggedIn("admin", "/rooms").get("/rooms").body()).contains("id=\"bulk-rooms\"", "name=\"name\" form=\"bulk-rooms\"",
                "value=\"support-1\"", "End selected rooms…", "End all empty rooms…");
        assertThat(loggedIn("moderator", "/rooms").get("/rooms").body()).doesNotContain("bulk-rooms", "End all empty rooms");
    }

    @Test
    void aModeratorCannotEndRoomsByAForgedRequest() {
        var answer = loggedIn("moderator", "/rooms").postHtmx("/end-rooms", fields("support-1", "support-2"));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(rooms()).contains("support-1", "support-2");
        assertThat(records()).singleElement().satisfies(r -> assertThat(r).containsEntry("OUTCOME", "DENIED")
                .containsEntry("ROOM", "support-1, support-2"));
    }

    @Test
    void theConfirmationListsTheTickedRoomsAndHowManyPeopleAreInThem() {
        var dialog = loggedIn("admin", "/rooms").getHtmx("/end-rooms?name=support-1&name=support-2&name=gone-room").body();

        assertThat(dialog).contains("<dialog", "End <span>2</span>", "name=\"name\" value=\"support-1\"",
                "name=\"name\" value=\"support-2\"", "3 people are in them now.", "Already ended, so left out:", "gone-room",
                "End 2 rooms");
        assertThat(dialog).doesNotContain("value=\"sales-9\"", "name=\"empty\"");
    }

    @Test
    void theTickedRoomsEndEachRecordedOnItsOwnWithOneBatchId() {
        var admin = loggedIn("admin", "/rooms");

        var answer = admin.postHtmx("/end-rooms", fields("support-1", "support-2", "reason=end of shift"));

        assertThat(answer.headers().firstValue("HX-Redirect")).hasValueSatisfying(location -> assertThat(location).endsWith("/rooms"));
        assertThat(admin.get("/rooms").body()).contains("2 rooms: 2 ended.", "alert-success");
        assertThat(rooms()).containsExactlyInAnyOrder("sales-9", "test-a", "test-b");
        var records = records();
        assertThat(records).hasSize(2).allSatisfy(r -> assertThat(r).containsEntry("OUTCOME", "DONE")
                .containsEntry("REASON", "end of shift"));
        assertThat(records).extracting(r -> r.get("ROOM")).containsExactly("support-1", "support-2");
        assertThat(records.get(0).get("BATCH_ID")).isNotNull().isEqualTo(records.get(1).get("BATCH_ID"));
    }

    @Test
    void endAllEmptyRoomsPreviewsOnlyTheEmptyOnes() {
        var dialog = loggedIn("admin", "/rooms").getHtmx("/end-rooms?empty=true").body();

        assertThat(dialog).contains("End <span>2</span>", "<span>empty rooms</span>?", "value=\"test-a\"", "value=\"test-b\"",
                "name=\"empty\" value=\"true\"", "before its turn is left alone");
        assertThat(dialog).doesNotContain("value=\"support-1\"", "value=\"sales-9\"");
    }

    @Test
    void aRoomSomeoneJoinedSinceThePreviewIsLeftAloneAndRecordedAsSkipped() {
        var admin = loggedIn("admin", "/rooms");
        admin.getHtmx("/end-rooms?empty=true");
        join("test-b", "late-joiner");

        admin.postHtmx("/end-rooms", fields("test-a", "test-b", "empty=true"));

        assertThat(rooms()).contains("test-b").doesNotContain("test-a");
        assertThat(admin.get("/rooms").body()).contains("2 rooms: 1 ended, 1 left alone.",
                "left alone: 1 participant has joined since the preview", "alert-info");
        assertThat(records()).extracting(r -> r.get("ROOM") + " " + r.get("OUTCOME")).containsExactly("test-a DONE", "test-b SKIPPED");
    }

    @Test
    void withNoEmptyRoomThereIsNothingToConfirm() {
        emulator.state().deleteRoom("test-a");
        emulator.state().deleteRoom("test-b");

        var dialog = loggedIn("admin", "/rooms").getHtmx("/end-rooms?empty=true").body();

        assertThat(dialog).contains("No empty room to end", "Every room has someone in it right now.").doesNotContain("type=\"submit\"");
    }

    @Test
    void whenLiveKitCannotSayWhichRoomsAreEmptyNoRoomIsEnded() {
        var admin = loggedIn("admin", "/rooms");
        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO);

        admin.postHtmx("/end-rooms", fields("test-a", "test-b", "empty=true"));

        emulator.faults().reset();
        assertThat(admin.get("/rooms").body()).contains("No room was ended.", "unavailable");
        assertThat(rooms()).contains("test-a", "test-b");
    }

    @Test
    void nothingTickedOrABadFlagIsRefusedWithAMessage() {
        var admin = loggedIn("admin", "/rooms");

        var nothing = admin.getHtmx("/end-rooms");
        assertThat(nothing.statusCode()).isEqualTo(400);
        assertThat(nothing.body()).contains("Tick the rooms to end first.");
        assertThat(admin.get("/end-rooms?empty=yes").body()).contains("&#39;empty&#39; can only be &#39;true&#39;.");
    }
}
