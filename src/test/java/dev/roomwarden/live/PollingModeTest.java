package dev.roomwarden.live;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.roomwarden.FlowTest;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without webhooks (LiveKit's webhook.urls not pointed at Roomwarden) pages poll, and say so. Event streams live
 * for a short while here, to show how one ends when its life is over.
 */
@TestPropertySource(properties = {
        "roomwarden.emulator.webhooks-to-self=false",
        "roomwarden.refresh-interval=4s",
        "roomwarden.live.max-stream-life=2s",
        "spring.datasource.url=jdbc:h2:mem:flow-polling;DB_CLOSE_DELAY=-1"})
class PollingModeTest extends FlowTest {

    @Test
    void pagesPollAtTheRefreshIntervalAndSaySo() {
        emulator.state().addParticipant("support-1", new ParticipantSpec("c1", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
        var viewer = loggedIn("viewer");

        var rooms = viewer.get("/rooms").body();
        assertThat(rooms).contains("id=\"live-mode\"", ">Polling<", "refreshes every 4 s<", "hx-trigger=\"every 4s")
                .doesNotContain("● Live");
        assertThat(viewer.get("/rooms/support-1").body()).contains(">Polling<", "hx-trigger=\"every 4s");
        try (var stream = viewer.stream("/rooms/support-1")) {
            assertThat(stream.status()).as("the page still listens, in case webhooks start").isEqualTo(200);
        }
    }

    @Test
    void aStreamEndsAfterItsMaximumLifeAndItsReconnectionIsSentTheFragmentAtOnce() throws Exception {
        emulator.state().addParticipant("support-2", new ParticipantSpec("c2", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
        var viewer = loggedIn("viewer");
        viewer.get("/rooms/support-2");
        try (var stream = viewer.stream("/rooms/support-2")) {
            assertThat(stream.status()).isEqualTo(200);
            var last = stream.next(LiveUpdates.RENEWED, Duration.ofSeconds(20));
            assertThat(last).as("the stream's last event, once its life is over").isNotNull();
            assertThat(last.id()).as("an id, for the browser's reconnection").isNotBlank();
            assertThat(stream.endsWithin(Duration.ofSeconds(10))).as("the server ends the stream").isTrue();

            try (var again = viewer.reconnect("/rooms/support-2", last.id())) {
                assertThat(again.status()).isEqualTo(200);
                var fragment = again.next("room-live", Duration.ofSeconds(10));
                assertThat(fragment).as("the page catches up at once").isNotNull();
                assertThat(fragment.data()).contains("c2");
            }
        }
    }
}
