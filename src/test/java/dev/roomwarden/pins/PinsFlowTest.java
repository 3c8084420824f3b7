package dev.roomwarden.pins;

import java.util.List;
import java.util.Map;

import dev.roomwarden.FlowTest;
import livekit.LivekitRoom.CreateRoomRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Pinned rooms: each member of staff's own, first in their /rooms, starred there and on the room's page. */
class PinsFlowTest extends FlowTest {

    @BeforeEach
    void noPins() {
        jdbc.sql("DELETE FROM pinned_room").update();
        for (var name : List.of("alpha-desk", "bravo-desk", "charlie-desk")) {
            emulator.state().createRoom(CreateRoomRequest.newBuilder().setName(name).build());
        }
    }

    @Test
    void aPinnedRoomComesFirstForWhoPinnedItAndOnlyForThem() {
        var viewer = loggedIn("viewer", "/rooms");
        assertThat(namesInOrder(viewer.get("/rooms").body())).containsExactly("alpha-desk", "bravo-desk", "charlie-desk");

        var answer = viewer.postForm("/pins", Map.of("pin", "charlie-desk", "back", "/rooms?q=desk&sort=name"));
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location").orElseThrow()).endsWith("/rooms?q=desk&sort=name");

        var rooms = viewer.get("/rooms").body();
        assertThat(namesInOrder(rooms)).containsExactly("charlie-desk", "alpha-desk", "bravo-desk");
        assertThat(rooms).contains("aria-label=\"Unpin charlie-desk\"", "aria-label=\"Pin alpha-desk\"");
        // In any order the viewer picks, the pinned room stays first.
        assertThat(namesInOrder(viewer.get("/rooms?sort=-name").body())).containsExactly("charlie-desk", "bravo-desk", "alpha-desk");

        var moderator = loggedIn("moderator", "/rooms");
        assertThat(namesInOrder(moderator.get("/rooms").body())).containsExactly("alpha-desk", "bravo-desk", "charlie-desk");

        viewer.postForm("/pins", Map.of("unpin", "charlie-desk"));
        assertThat(namesInOrder(viewer.get("/rooms").body())).containsExactly("alpha-desk", "bravo-desk", "charlie-desk");
    }

    @Test
    void theRoomPagesStarPinsWithHtmxAndTheTableIsToldToRefresh() {
        var moderator = loggedIn("moderator", "/rooms/bravo-desk");
        assertThat(moderator.get("/rooms/bravo-desk").body()).contains("id=\"room-star\"", "aria-pressed=\"false\"", "Pin</span>");

        var answer = moderator.postHtmx("/pins", Map.of("pin", "bravo-desk"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("HX-Trigger").orElseThrow()).contains(PinController.PINS_CHANGED);
        assertThat(answer.body()).contains("id=\"room-star\"", "aria-pressed=\"true\"", "Pinned</span>");
        assertThat(moderator.get("/rooms/bravo-desk").body()).contains("aria-pressed=\"true\"");
        // Pinning twice is still one pin.
        moderator.postHtmx("/pins", Map.of("pin", "bravo-desk"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM pinned_room WHERE username = 'moderator'").query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aPinnedRoomThatIsNotLiveIsNamedAboveTheTableWithItsHistory() {
        var viewer = loggedIn("viewer", "/rooms");
        viewer.postForm("/pins", Map.of("pin", "yesterdays-room"));
        var rooms = viewer.get("/rooms").body();
        assertThat(rooms).contains("Pinned, not live now:", "href=\"/history?room=yesterdays-room\"");
    }

    @Test
    void badPinsChangeNothing() {
        var viewer = loggedIn("viewer", "/rooms");
        var both = viewer.postForm("/pins", Map.of("pin", "alpha-desk", "unpin", "bravo-desk"));
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(both.body()).contains("Say which room to pin or to unpin");
        var tooLong = viewer.postForm("/pins", Map.of("pin", "x".repeat(300)));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        // A plain form returns only to a page of /rooms, never to an address of someone else's choosing.
        var elsewhere = viewer.postForm("/pins", Map.of("pin", "alpha-desk", "back", "//evil.example/rooms"));
        assertThat(elsewhere.headers().firstValue("Location").orElseThrow()).endsWith("/rooms/alpha-desk");
        var withoutToken = viewer.postWithoutCsrf("/pins", Map.of("pin", "bravo-desk"));
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT room_name FROM pinned_room").query(String.class).list()).containsExactly("alpha-desk");
    }

    @Test
    void thePushedTableIsEachViewersOwn() {
        var viewer = loggedIn("viewer", "/rooms");
        viewer.postForm("/pins", Map.of("pin", "bravo-desk"));
        // The table as htmx refreshes it (and as it is pushed) puts this viewer's pin first, and it listens for pins.
        var table = viewer.getHtmx("/rooms?q=&sort=name").body();
        assertThat(namesInOrder(table)).containsExactly("bravo-desk", "alpha-desk", "charlie-desk");
        assertThat(viewer.get("/rooms").body()).contains("rw:pins-changed from:body", "id=\"pin-form\"");
    }

    /** The room names of the table's rows, top to bottom. */
    static List<String> namesInOrder(String html) {
        var names = new java.util.ArrayList<String>();
        var matcher = java.util.regex.Pattern.compile("<td class=\"rw-name\">\\s*<a href=\"/rooms/([^\"]+)\"").matcher(html);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

}
