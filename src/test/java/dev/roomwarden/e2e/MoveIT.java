package dev.roomwarden.e2e;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/** Moving the customer out of the agent's room through the dialog, as the open-source server refuses it; screenshots of both. */
class MoveIT extends BrowserTest {

    private static final By FLASH = By.id("flash");
    private static final By MOVE = By.cssSelector("a[aria-label='Move customer-support-5001 to another room']");

    @Test
    void theOpenSourceServerRefusesInWordsAndMoveIsNoLongerOffered() throws IOException {
        supportChat("support-5001");
        person("staffed-5001", "staff-5001");
        logIn("moderator");
        open("/rooms/support-5001");
        assertThat(driver.findElements(By.cssSelector("a[aria-label='Move agent-support-5001 to another room']")))
                .as("agents cannot be moved").isEmpty();

        click(MOVE);
        var dialog = awaitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("Move “customer-support-5001” to another room", "Only LiveKit Cloud does this");
        new Select(dialog.findElement(By.name("destination"))).selectByVisibleText("staffed-5001");
        dialog.findElement(By.name("reason")).sendKeys("a colleague takes over");
        screenshot("move-dialog");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(FLASH, "“customer-support-5001” was not moved to “staffed-5001”");
        awaitText(FLASH, "LiveKit Cloud implements it; the open-source server does not.");
        awaitText(By.id("room-live"), "Move: not on this server");
        assertThat(driver.findElements(MOVE)).isEmpty();
        screenshot("move-refused");

        assertThat(emulator.state().participant("support-5001", "customer-support-5001")).isPresent();
        assertThat(emulator.state().participants("staffed-5001")).hasSize(1);
    }

}
