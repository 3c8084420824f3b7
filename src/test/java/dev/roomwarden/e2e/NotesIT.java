package dev.roomwarden.e2e;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A moderator writes a note with a link and hostile text on a live room and tags its session, with htmx refreshing
 * only the section; the note is on the session's timeline among its events.
 */
class NotesIT extends BrowserTest {

    private static final By NOTES = By.id("session-notes");

    @Test
    void aModeratorWritesANoteAndATagThatTheTimelineShows() {
        supportChat("support-41130");
        var sid = emulator.state().room("support-41130").orElseThrow().getSid();
        logIn("moderator");
        open("/rooms/support-41130");
        awaitText(By.id("room-live"), "customer-support-41130");

        driver.findElement(By.id("note-text")).sendKeys("Customer 41130 asked for a refund; billing called back.\n"
                + "Runbook: https://docs.example/refunds. <script>alert(1)</script>");
        press(By.cssSelector("#new-note button[type=submit]"));
        awaitText(NOTES, "billing called back.");
        awaitText(By.id("flash"), "Your note is saved with this session.");
        driver.findElement(By.id("new-tag")).sendKeys("billing");
        press(By.cssSelector("#session-tags button.btn-outline-primary"));
        awaitText(By.id("session-tags"), "billing");

        var link = driver.findElement(By.cssSelector("#session-notes .rw-note-text a"));
        assertThat(link.getAttribute("href")).isEqualTo("https://docs.example/refunds");
        assertThat(link.getAttribute("rel")).isEqualTo("noopener noreferrer nofollow");
        assertThat(text(NOTES)).contains("<script>alert(1)</script>");
        driver.executeScript("document.getElementById('session-notes').scrollIntoView()");
        screenshot("notes-room");

        open("/history/" + sid);
        awaitText(By.id("timeline"), "billing called back.");
        assertThat(text(By.id("session-tags"))).contains("billing");
        screenshot("notes-timeline");
    }

    /** The section is below the live part, which refreshes every second and moves it: a click by script, where it is. */
    private void press(By locator) {
        driver.executeScript("arguments[0].click()", driver.findElement(locator));
    }
}
