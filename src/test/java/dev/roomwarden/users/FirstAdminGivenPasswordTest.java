package dev.roomwarden.users;

import java.util.regex.Pattern;

import dev.roomwarden.StaffBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside demo mode, ROOMWARDEN_ADMIN_USERNAME/PASSWORD name the first ADMIN. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roomwarden.livekit.url=http://127.0.0.1:9", "roomwarden.livekit.api-key=k",
        "roomwarden.livekit.api-secret=first-admin-secret",
        "roomwarden.admin.username=boss", "roomwarden.admin.password=boss-password-123",
        "spring.datasource.url=jdbc:h2:mem:first-admin-given;DB_CLOSE_DELAY=-1"})
@ExtendWith(OutputCaptureExtension.class)
class FirstAdminGivenPasswordTest {

    @LocalServerPort
    int port;

    @Test
    void theGivenAccountLogsInAndThePasswordIsNotLogged(CapturedOutput output) {
        assertThat(output.getAll()).contains("created ADMIN account 'boss' with ROOMWARDEN_ADMIN_PASSWORD")
                .doesNotContain("boss-password-123");
        var browser = new StaffBrowser(port);
        assertThat(browser.logIn("boss", "wrong").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(browser.logIn("boss", "boss-password-123").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        var rooms = browser.get("/rooms");
        assertThat(rooms.body()).contains("boss", "ADMIN", "can&#39;t reach LiveKit at 127.0.0.1:9")
                .doesNotContain("DEMO DATA");
    }
}
