package dev.roomwarden.users;

import dev.roomwarden.security.Role;
import dev.roomwarden.security.StaffAccounts;
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

/** Outside demo mode, an empty database gets exactly one ADMIN, with a password printed once. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roomwarden.livekit.url=http://127.0.0.1:9", "roomwarden.livekit.api-key=k",
        "roomwarden.livekit.api-secret=first-admin-secret",
        "spring.datasource.url=jdbc:h2:mem:first-admin-generated;DB_CLOSE_DELAY=-1"})
@ExtendWith(OutputCaptureExtension.class)
class FirstAdminGeneratedPasswordTest {

    @LocalServerPort
    int port;

    @Autowired
    StaffAccounts accounts;

    @Test
    void aGeneratedPasswordIsPrintedOnceAndLogsTheAdminIn(CapturedOutput output) {
        var matcher = Pattern.compile("created ADMIN account 'admin' with the generated password\\s+(\\S+)")
                .matcher(output.getAll());
        assertThat(matcher.find()).as("the log names the generated password").isTrue();
        var password = matcher.group(1);

        assertThat(accounts.count()).isEqualTo(1);
        assertThat(accounts.findByUsername("admin")).hasValueSatisfying(a -> assertThat(a.role()).isEqualTo(Role.ADMIN));
        assertThat(accounts.findByUsername("moderator")).isEmpty();
        var login = new StaffBrowser(port).logIn("admin", password);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
    }

    @Test
    void theLoginPageDoesNotMentionDemoAccounts() {
        assertThat(new StaffBrowser(port).get("/login").body()).doesNotContain("Demo accounts");
    }
}

