package dev.roomwarden.live;

import java.util.List;
import java.util.Map;

import dev.roomwarden.FlowTest;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Without webhooks (LiveKit's webhook.urls not pointed at Roomwarden) pages poll, and say so. */
@TestPropertySource(properties = {
        "roomwarden.emulator.webhooks-to-self=false",
        "roomwarden.refresh-interval=4s",
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
}
