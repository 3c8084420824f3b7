package dev.roomwarden.rooms;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.roomwarden.EventStream;
import dev.roomwarden.FlowTest;
import dev.roomwarden.display.Times;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.history.HistorySessions;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRoom.CreateRoomRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The live room page links to its session's timeline, and says when the session it showed ended and links there. */
class RoomHistoryLinkFlowTest extends FlowTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    @Autowired
    HistorySessions sessions;

    private String liveRoom(String room) {
        emulator.state().addParticipant(room, new ParticipantSpec("customer-1", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
        return emulator.state().room(room).orElseThrow().getSid();
    }

    private static String timeline(String sid) {
        return "href=\"/history/" + sid + "\"";
    }

    @Test
    void theLiveRoomPageAndItsLivePartLinkToTheTimelineOfTheSessionTheyShow() {
        var sid = liveRoom("support-1701");
        var viewer = loggedIn("viewer");

        for (var page : List.of(viewer.get("/rooms/support-1701"), viewer.getHtmx("/rooms/support-1701"))) {
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("History of this session", timeline(sid))
                    .as("its refreshes follow this session").contains("/rooms/support-1701?sid=" + sid);
        }
    }

    @Test
    void aRoomThatEndsWhileWatchedSaysWhenFromItsRoomFinishedAndLinksToItsTimeline() throws Exception {
        var sid = liveRoom("support-1702");
        var viewer = loggedIn("viewer");
        try (var stream = viewer.stream("/rooms/support-1702?sid=" + sid)) {
            emulator.state().deleteRoom("support-1702");

            // The first push may come before room_finished is kept; the one after it says when LiveKit ended the room.
            var pushed = nextWhere(stream, html -> html.contains("This room has ended") && html.contains("It ended"));
            assertThat(pushed).as("a push of the ended room with its end").isNotNull();
            var ended = sessions.room(sid).orElseThrow().ended();
            assertThat(pushed.data()).contains(timeline(sid), "See what happened in this room", Times.exact(ended));
        }
        var polled = viewer.getHtmx("/rooms/support-1702?sid=" + sid);
        assertThat(polled.statusCode()).as("polling stops").isEqualTo(RoomController.STOP_POLLING);
        assertThat(polled.body()).contains("This room has ended", timeline(sid));
    }

    @Test
    void aNewRoomOfTheSameNameIsAnotherSessionAndThePageOfTheOldOneSaysItEnded() throws Exception {
        var first = liveRoom("support-1703");
        var viewer = loggedIn("viewer");
        try (var stream = viewer.stream("/rooms/support-1703?sid=" + first)) {
            emulator.state().deleteRoom("support-1703");
            emulator.state().createRoom(CreateRoomRequest.newBuilder().setName("support-1703").build());
            var second = emulator.state().room("support-1703").orElseThrow().getSid();
            assertThat(second).isNotEqualTo(first);

            var pushed = nextWhere(stream, html -> html.contains("This room has ended") && html.contains("Open the new room"));
            assertThat(pushed).as("a push saying the watched session ended").isNotNull();
            assertThat(pushed.data()).contains(timeline(first)).doesNotContain(timeline(second));

            var old = viewer.getHtmx("/rooms/support-1703?sid=" + first);
            assertThat(old.statusCode()).isEqualTo(RoomController.STOP_POLLING);
            assertThat(old.body()).contains(timeline(first), "Open the new room").doesNotContain(timeline(second));
            var current = viewer.getHtmx("/rooms/support-1703?sid=" + second);
            assertThat(current.statusCode()).isEqualTo(200);
            assertThat(current.body()).contains(timeline(second)).doesNotContain("This room has ended");
        }
    }

    @Test
    void aSidThatIsNotOneIsRefusedWithAMessage() {
        liveRoom("support-1704");

        var answer = loggedIn("viewer").getHtmx("/rooms/support-1704?sid=%3Cscript%3E");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("is not a LiveKit sid").doesNotContain("<script>");
    }

    private static EventStream.Event nextWhere(EventStream stream, Predicate<String> condition) throws InterruptedException {
        var deadline = System.nanoTime() + SOON.toNanos();
        while (System.nanoTime() < deadline) {
            var next = stream.next("room-live", Duration.ofNanos(deadline - System.nanoTime()));
            if (next != null && condition.test(next.data())) {
                return next;
            }
        }
        return null;
    }
}
