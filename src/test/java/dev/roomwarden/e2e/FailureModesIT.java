package dev.roomwarden.e2e;

import java.time.Duration;

import dev.roomwarden.emulator.FaultMode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenarios 7 and 8: a session that expires while polling, and LiveKit failing and coming back. */
class FailureModesIT extends BrowserTest {

    @Test
    void whenTheSessionExpiresDuringPollingTheBrowserGoesToLoginAndComesBack() {
        person("support-7001", "caller");
        logIn("viewer");
        open("/rooms?q=support");
        awaitText(By.id("rooms-table"), "support-7001");
        expectConsoleError("401");

        // The server forgets the session: the next refresh is unauthenticated.
        driver.manage().deleteCookieNamed("ROOMWARDEN_SESSION");

        await(d -> d.getCurrentUrl().contains("/login"));
        assertThat(driver.findElements(By.id("rooms-table"))).as("no login form pasted into the table").isEmpty();
        submitLogin("viewer", PASSWORD);
        await(d -> d.getCurrentUrl().contains("/rooms?q=support"));
        awaitText(By.id("rooms-table"), "support-7001");
    }

    @Test
    void aBannerShowsWhileLiveKitFailsAndGoesWhenItIsBack() {
        person("support-8001", "caller");
        logIn("viewer");
        awaitText(By.id("rooms-table"), "support-8001");

        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO);
        awaitText(By.id("rooms-table"), "LiveKit problem");
        assertThat(text(By.id("rooms-table"))).contains("127.0.0.1:");

        emulator.faults().set(FaultMode.REJECT_KEY, Duration.ZERO);
        awaitText(By.id("rooms-table"), "rejected Roomwarden's API key");

        emulator.faults().reset();
        awaitNoText(By.id("rooms-table"), "LiveKit problem");
        awaitText(By.id("rooms-table"), "support-8001");
    }
}
