package dev.roomwarden.emulator;

import java.util.List;

import dev.roomwarden.StaffBrowser;
import dev.roomwarden.livekit.LiveKitConnection;
import io.livekit.server.RoomServiceClient;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Without LIVEKIT_URL, Roomwarden starts the emulator with simulated rooms and manages it over HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roomwarden.emulator.port=0", "roomwarden.demo.password=demo-mode-test-pw",
        "spring.datasource.url=jdbc:h2:mem:demo-mode;DB_CLOSE_DELAY=-1"})
@ExtendWith(OutputCaptureExtension.class)
class DemoModeTest {

    @Autowired
    LiveKitConnection connection;

    @Autowired
    LiveKitEmulator emulator;

    @LocalServerPort
    int port;

    @Test
    void theDashboardTalksToTheEmbeddedEmulatorWithTheDevKeysAndSaysItIsADemo(CapturedOutput log) throws Exception {
        assertThat(connection.demo()).isTrue();
        assertThat(connection.url()).isEqualTo(emulator.url()).startsWith("http://127.0.0.1:");
        assertThat(connection.apiKey()).isEqualTo("devkey");
        assertThat(log.getAll()).contains("DEMO MODE: LIVEKIT_URL is not set");

        var sdk = RoomServiceClient.createClient(connection.url(), "devkey", "secret");
        var rooms = sdk.listRooms().execute().body();
        assertThat(rooms).hasSizeGreaterThanOrEqualTo(10);
        var support = rooms.stream().filter(r -> r.getName().startsWith("support-")).findFirst().orElseThrow();
        assertThat(sdk.listParticipants(support.getName()).execute().body())
                .anySatisfy(p -> assertThat(p.getKind()).isEqualTo(ParticipantInfo.Kind.AGENT));

        var browser = new StaffBrowser(port);
        browser.logIn("viewer", "demo-mode-test-pw");
        assertThat(browser.get("/rooms").body()).contains("DEMO DATA", "class-algebra-7b", support.getName());
        assertThat(List.of(connection.toString())).noneMatch(s -> s.contains("secret"));
    }
}
