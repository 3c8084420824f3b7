package dev.roomwarden.live;

import java.util.List;
import java.util.Map;

import dev.roomwarden.StaffBrowser;
import dev.roomwarden.emulator.LiveKitEmulator;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Without webhooks (LiveKit's webhook.urls not pointed at Roomwarden) pages poll, and say so. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roomwarden.emulator.port=0",
        "roomwarden.emulator.simulation.enabled=false",
        "roomwarden.emulator.webhooks-to-self=false",
        "roomwarden.refresh-interval=4s",
        "roomwarden.demo.password=" + PollingModeTest.PASSWORD,
        "spring.datasource.url=jdbc:h2:mem:polling;DB_CLOSE_DELAY=-1"})
class PollingModeTest {

    static final String PASSWORD = "polling-password-3310";

    @LocalServerPort
    int port;

    @Autowired
    LiveKitEmulator emulator;

    @Test
    void pagesPollAtTheRefreshIntervalAndSaySo() {
        emulator.state().addParticipant("support-1", new ParticipantSpec("c1", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
        var viewer = new StaffBrowser(port);
        viewer.logIn("viewer", PASSWORD);

        var rooms = viewer.get("/rooms").body();
        assertThat(rooms).contains("id=\"live-mode\"", ">Polling<", "refreshes every 4 s<", "hx-trigger=\"every 4s")
                .doesNotContain("● Live");
        assertThat(viewer.get("/rooms/support-1").body()).contains(">Polling<", "hx-trigger=\"every 4s");
        try (var stream = viewer.stream("/rooms/support-1")) {
            assertThat(stream.status()).as("the page still listens, in case webhooks start").isEqualTo(200);
        }
    }
}
