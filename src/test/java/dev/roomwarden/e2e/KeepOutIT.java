package dev.roomwarden.e2e;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/** A moderator removes a customer and keeps them out for an hour; they come back and are gone again; lifting it. */
class KeepOutIT extends BrowserTest {

    private static final By FLASH = By.id("flash");
    private static final By PARTICIPANTS = By.cssSelector("#room-live table tbody");
    /** Screenshots of the dialog, the room page's list and /keep-outs, to look at. */
    

    @Test
    void aModeratorKeepsACustomerOutWhoComesBackAndIsRemovedAgainThenLiftsIt() throws IOException {
        driver.manage().window().setSize(new Dimension(1280, 900));
        supportChat("support-4701");
        logIn("moderator");
        open("/rooms/support-4701");

        click(By.cssSelector("a[aria-label*='customer-support-4701'][href*='/remove']"));
        var dialog = awaitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("Keep them out?", "for 15 minutes", "for 1 hour", "for 24 hours", "until lifted", "of this room",
                "of every room", "LiveKit cannot ban");
        new Select(dialog.findElement(By.name("keepOut"))).selectByValue("1h");
        dialog.findElement(By.name("reason")).sendKeys("abusive language");
        screenshot("keep-out-dialog");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(FLASH, "Roomwarden keeps them out of “support-4701” until");
        awaitNoText(PARTICIPANTS, "customer-support-4701");
        awaitText(By.id("room-kept-out"), "customer-support-4701");

        person("support-4701", "customer-support-4701");
        awaitNoText(PARTICIPANTS, "customer-support-4701");
        awaitText(By.id("room-audit"), "remove kept out");
        driver.manage().window().setSize(new Dimension(1280, 1700));
        screenshot("keep-out-room");
        driver.manage().window().setSize(new Dimension(1280, 900));

        navigate("Manage", "Kept out");
        await(d -> d.getCurrentUrl().endsWith("/keep-outs"));
        awaitText(By.cssSelector("main"), "customer-support-4701");
        assertThat(text(By.cssSelector("main"))).contains("abusive language", "moderator", "their token still works");
        screenshot("keep-out-list");

        click(By.partialLinkText("Lift"));
        var lift = awaitVisible(By.cssSelector("dialog[open]"));
        assertThat(lift.getText()).contains("in again?", "customer-support-4701");
        lift.findElement(By.name("reason")).sendKeys("apologised");
        screenshot("keep-out-lift");
        lift.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(FLASH, "may join “support-4701” again");
        assertThat(text(By.cssSelector("main"))).contains("Nobody is kept out");
    }
}
