package dev.roomwarden.e2e;

import java.util.List;
import java.util.Map;

import dev.roomwarden.StaffBrowser;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages that change as LiveKit does, with polling slowed to once a minute: within a test only the
 * emulator's webhooks, pushed over Server-Sent Events, can bring a change to the page. Streams last
 * a few seconds, so pages also live through the server ending their stream and reopen it themselves.
 */
@TestPropertySource(properties = {"roomwarden.refresh-interval=60s", "roomwarden.reconcile-interval=60s",
        "roomwarden.live.max-stream-life=4s"})
class LiveIT extends BrowserTest {

    private static final By ROOM = By.id("room-live");
    private static final By TABLE = By.id("rooms-table");

    /** htmx's SSE extension logs the EventSource's error event, which the browser fires on every reconnection. */
    @org.junit.jupiter.api.BeforeEach
    void streamsEndingHereAreExpected() {
        expectConsoleError("htmx\\.min\\.js .*\\[object Event\\]");
    }

    @Test
    void aJoinAndALeaveShowOnTheRoomPageAtOnceAndPushedButtonsWork() {
        person("incident-1", "caller");
        logIn("moderator");
        open("/rooms/incident-1");
        awaitText(ROOM, "caller");
        assertThat(text(By.id("live-mode"))).isEqualTo("● Live");
        driver.executeScript("window.__samePage = true");

        emulator.state().addParticipant("incident-1", new ParticipantSpec("agent-x", "Agent", ParticipantInfo.Kind.AGENT, "",
                Map.of(), List.of()));
        awaitText(ROOM, "agent-x");
        // The pushed fragment is live htmx: its Remove agent button opens the confirmation.
        click(By.partialLinkText("Remove agent"));
        awaitVisible(By.cssSelector("dialog[open]"));
        click(By.cssSelector("dialog[open] [data-close-dialog]"));

        emulator.state().removeParticipant("incident-1", "caller");
        awaitNoText(ROOM, "caller");
        emulator.state().deleteRoom("incident-1");
        awaitText(ROOM, "This room has ended");
        assertThat(driver.executeScript("return window.__samePage === true")).as("no page reload").isEqualTo(true);
    }

    @Test
    void aPageWhoseStreamTheServerEndedReopensItAndChangesStillArrive() {
        person("renewed-1", "caller");
        logIn("viewer");
        open("/rooms/renewed-1");
        awaitText(ROOM, "caller");
        driver.executeScript("window.__reopened = 0; document.addEventListener('htmx:sseOpen', function () { window.__reopened++; });");
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(30))
                .until(d -> ((Number) driver.executeScript("return window.__reopened")).intValue() >= 1);

        emulator.state().addParticipant("renewed-1", new ParticipantSpec("agent-r", "Agent", ParticipantInfo.Kind.AGENT, "",
                Map.of(), List.of()));
        awaitText(ROOM, "agent-r");
    }

    @Test
    void theRoomsTableFollowsItsFilterAfterTheFilterChanges() {
        person("support-1", "a");
        logIn("viewer");
        awaitText(TABLE, "support-1");
        driver.findElement(By.cssSelector("#rooms-filter input[name=q]")).sendKeys("support");
        await(d -> d.getCurrentUrl().contains("q=support"));

        person("support-2", "b");
        person("sales-9", "c");
        awaitText(TABLE, "support-2");
        assertThat(text(TABLE)).doesNotContain("sales-9");
    }

    @Test
    void aPageWhoseSessionAnAdministratorEndsGoesToTheLoginPage() {
        var admin = new StaffBrowser(port);
        admin.logIn("admin", PASSWORD);
        admin.get("/users");
        admin.postForm("/users", Map.of("username", "temp-staff", "displayName", "Temp", "role", "VIEWER",
                "password", "temporary-passphrase-4418"));
        person("support-3", "a");
        open("/rooms");
        submitLogin("temp-staff", "temporary-passphrase-4418");
        awaitText(TABLE, "support-3");

        admin.get("/users");
        admin.postForm("/users/temp-staff/disable", Map.of());
        await(d -> d.getCurrentUrl().contains("/login"));
        // The EventSource's last reconnection attempt is refused with 401, as it should be.
        expectConsoleError("text/event-stream|401");
    }
}
