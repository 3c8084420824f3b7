package dev.roomwarden.e2e;

import java.time.Duration;

import dev.roomwarden.emulator.RpcAnswer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/** A moderator hands a cooperative agent over to a human and sees it go, with the message it sent. */
class HandOverIT extends BrowserTest {

    private static final By DIALOG = By.cssSelector("dialog[open]");
    private static final By PARTICIPANTS = By.cssSelector("#room-live table tbody");

    @Test
    void aModeratorHandsOverACooperativeAgentAndSeesItGo() {
        supportChat("support-4101");
        emulator.state().implementRpc("support-4101", "agent-support-4101", "roomwarden.hand-over",
                RpcAnswer.payload("{\"ok\":true}").after(Duration.ofMillis(200)).thenLeave(Duration.ofSeconds(2)));
        logIn("moderator");
        open("/rooms/support-4101");

        click(By.partialLinkText("Hand over to a human"));
        var dialog = awaitVisible(DIALOG);
        assertThat(dialog.getText()).contains("Hand over “agent-support-4101” to a human?", "roomwarden.hand-over", "10 s");
        dialog.findElement(By.name("message")).sendKeys("A colleague is joining now.");
        dialog.findElement(By.name("reason")).sendKeys("customer asked for a human");
        screenshot("hand-over-dialog");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(DIALOG, "Waiting up to 10 s for it to leave by itself");
        screenshot("hand-over-waiting");
        awaitText(DIALOG, "“agent-support-4101” left by itself.");
        assertThat(text(DIALOG)).contains("Your message “A colleague is joining now.” was sent to the room.");
        screenshot("hand-over-result");
        awaitNoText(PARTICIPANTS, "agent-support-4101");
        assertThat(text(PARTICIPANTS)).contains("customer-support-4101");
        assertThat(emulator.state().sentData()).anySatisfy(d -> assertThat(d.getData().toStringUtf8()).contains("A colleague is joining now."));
    }

}
