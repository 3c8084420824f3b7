package dev.roomwarden.e2e;

import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.test.context.TestPropertySource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roomwarden served under {@code /roomwarden}, as behind a proxy that maps a path to it: scripts, styles,
 * htmx requests, dialogs and the event stream all work there. Polling is slowed to once a minute, so only
 * a push over the event stream can bring LiveKit's change to the page within the test.
 */
@TestPropertySource(properties = {
        "server.servlet.context-path=" + ContextPathIT.CONTEXT,
        "roomwarden.refresh-interval=60s",
        "roomwarden.reconcile-interval=60s",
        "spring.datasource.url=jdbc:h2:mem:e2e-context-path;DB_CLOSE_DELAY=-1"})
class ContextPathIT extends BrowserTest {

    static final String CONTEXT = "/roomwarden";
    private static final By PARTICIPANTS = By.cssSelector("#room-live table tbody");

    @Override
    String url(String path) {
        return "http://localhost:" + port + CONTEXT + path;
    }

    @Test
    void aModeratorRemovesTheAgentUnderTheContextPathAndThePageFollowsLiveKit() {
        supportChat("support-9001");
        logIn("moderator");
        await(d -> d.getCurrentUrl().equals(url("/rooms")));
        assertThat(driver.executeScript("return typeof htmx")).as("scripts load").isEqualTo("object");
        assertThat(driver.executeScript("return Array.from(document.styleSheets).filter(s => s.href"
                + " && s.href.indexOf('" + CONTEXT + "/') > 0 && s.cssRules.length > 0).length")).as("styles load").isEqualTo(2L);

        driver.findElement(By.linkText("support-9001")).click();
        await(d -> d.getCurrentUrl().equals(url("/rooms/support-9001")));
        emulator.state().addParticipant("support-9001", new ParticipantSpec("late-joiner", "", ParticipantInfo.Kind.STANDARD, "",
                Map.of(), List.of()));
        awaitText(PARTICIPANTS, "late-joiner");

        click(By.partialLinkText("Remove agent"));
        var dialog = awaitVisible(By.cssSelector("dialog[open]"));
        dialog.findElement(By.name("reason")).sendKeys("a human takes over");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(By.id("flash"), "“agent-support-9001” was removed from “support-9001”.");
        awaitNoText(PARTICIPANTS, "agent-support-9001");
        assertThat(emulator.state().participants("support-9001")).extracting(ParticipantInfo::getIdentity)
                .containsExactlyInAnyOrder("customer-support-9001", "late-joiner");
        assertThat(driver.getCurrentUrl()).isEqualTo(url("/rooms/support-9001"));
    }
}
