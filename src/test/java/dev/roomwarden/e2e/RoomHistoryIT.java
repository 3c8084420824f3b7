package dev.roomwarden.e2e;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ADMIN watches a live room in one tab and ends it from another through the confirmation; the watching page
 * says the room ended, when, and links to that session's timeline, which the browser follows.
 */
class RoomHistoryIT extends BrowserTest {

    private static final By ROOM = By.id("room-live");
    private static final By ENDED = By.id("room-ended");
    /** Ending a room, its webhooks and the push that follows: generous, for a loaded 2-core machine. */
    private static final Duration ENDING = Duration.ofSeconds(30);

    @Test
    void anAdminEndsAWatchedRoomAndFollowsItsLinkToTheTimelineOfThatSession() {
        supportChat("support-41130");
        var sid = emulator.state().room("support-41130").orElseThrow().getSid();
        logIn("admin");
        open("/rooms/support-41130");
        awaitText(ROOM, "customer-support-41130");
        var history = awaitVisible(By.linkText("History of this session"));
        assertThat(history.getAttribute("href")).isEqualTo(url("/history/" + sid));
        var watching = driver.getWindowHandle();

        driver.switchTo().newWindow(WindowType.TAB);
        open("/rooms/support-41130");
        click(By.linkText("End room"));
        var dialog = awaitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("End room “support-41130”?");
        dialog.findElement(By.name("reason")).sendKeys("ticket 41130 closed");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();
        await(d -> d.getCurrentUrl().endsWith("/rooms"));
        awaitText(By.id("flash"), "Room “support-41130” has ended for everyone in it.");
        driver.close();

        driver.switchTo().window(watching);
        // "It ended" once LiveKit's room_finished is kept (before it the page says when Roomwarden saw the room gone).
        new WebDriverWait(driver, ENDING).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(ENDED).stream().anyMatch(e -> e.getText().contains("This room has ended")
                        && e.getText().contains("It ended")));
        var timeline = driver.findElement(ENDED).findElement(By.linkText("See what happened in this room"));
        assertThat(timeline.getAttribute("href")).isEqualTo(url("/history/" + sid));

        click(By.cssSelector("#room-ended a[href$='/history/" + sid + "']"));
        await(d -> d.getCurrentUrl().equals(url("/history/" + sid)));
        assertThat(text(By.tagName("h1"))).isEqualTo("Session of “support-41130”");
        // The end, with who ended it and why, from the audit log: an ADMIN may read it.
        awaitText(By.tagName("main"), "Room finished: ended by “admin”");
        assertThat(text(By.tagName("main"))).contains("ticket 41130 closed").contains("customer-support-41130");
    }
}
