package dev.roomwarden.rooms;

import java.util.Map;

import dev.roomwarden.FlowTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Creating a room over real HTTP, through the SDK to the embedded emulator. */
class NewRoomFlowTest extends FlowTest {

    @Test
    void anAdminCreatesARoomWithItsSettingsAndLandsOnIt() {
        var admin = loggedIn("admin", "/rooms");
        assertThat(admin.get("/rooms").body()).contains("href=\"/new-room\"", ">New room</a>");
        assertThat(admin.getHtmx("/new-room").body()).contains("<dialog", "name=\"emptyTimeout\"", "name=\"_csrf\"");

        var answer = admin.postHtmx("/rooms", Map.of("name", " webinar-12 ", "emptyTimeout", "600", "departureTimeout", "60",
                "maxParticipants", "50", "metadata", "{ \"host\": \"lee\" }"));

        assertThat(answer.headers().firstValue("HX-Redirect")).hasValue("/rooms/webinar-12");
        var room = emulator.state().room("webinar-12").orElseThrow();
        assertThat(room.getEmptyTimeout()).isEqualTo(600);
        assertThat(room.getDepartureTimeout()).isEqualTo(60);
        assertThat(room.getMaxParticipants()).isEqualTo(50);
        assertThat(room.getMetadata()).isEqualTo("{\"host\":\"lee\"}");
        assertThat(admin.get("/rooms/webinar-12").body()).contains("Room “webinar-12” is created. LiveKit closes it if nobody joins within 600 s.");
        assertThat(audited("action = 'CREATE_ROOM' AND room = 'webinar-12' AND outcome = 'DONE'")).singleElement()
                .extracting(r -> r.get("DETAIL"))
                .isEqualTo("empty timeout 600 s, departure timeout 60 s, max participants 50, metadata: {\"host\":\"lee\"}");
    }

    @Test
    void aTakenNameOrBadSettingsAreRefusedWithAMessageAndNothingChanges() {
        var admin = loggedIn("admin", "/rooms");
        admin.postForm("/rooms", Map.of("name", "taken", "metadata", "first"));

        var taken = admin.postHtmx("/rooms", Map.of("name", "taken", "metadata", "second"));
        assertThat(taken.statusCode()).isEqualTo(400);
        assertThat(taken.body()).contains("A room named “taken” already exists.");
        assertThat(emulator.state().room("taken").orElseThrow().getMetadata()).isEqualTo("first");

        assertThat(admin.postHtmx("/rooms", Map.of("name", "x", "emptyTimeout", "soon")).body())
                .contains("The empty timeout must be a whole number from 0 to 604800");
        assertThat(admin.postHtmx("/rooms", Map.of("name", "  ")).body()).contains("The room name is empty.");
        assertThat(admin.postHtmx("/rooms", Map.of("name", "y", "metadata", "{broken")).body()).contains("not valid JSON");
        assertThat(emulator.state().rooms()).hasSize(1);
    }

    @Test
    void moderatorsAndViewersCannotCreateRooms() {
        for (var username : new String[] {"moderator", "viewer"}) {
            var staff = loggedIn(username, "/rooms");
            assertThat(staff.get("/rooms").body()).doesNotContain("/new-room");
            assertThat(staff.postHtmx("/rooms", Map.of("name", "sneaky")).statusCode()).isEqualTo(403);
        }
        assertThat(emulator.state().rooms()).isEmpty();
    }
}
