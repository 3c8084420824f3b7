package dev.roomwarden.e2e;

import java.time.Duration;

import dev.roomwarden.emulator.Sips;
import dev.roomwarden.livekit.LiveKitGateway;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A moderator calls a colleague's number into a support call in Chromium: the dialog waits while it rings, the phone
 * participant behind it goes from ringing to in the call, then the message says it answered; then the call is
 * transferred to another number, and the phone participant leaves the room.
 */
class CallIT extends BrowserTest {

    private static final By ROOM = By.id("room-live");
    private static final By PROGRESS = By.id("call-progress");

    @Autowired
    LiveKitGateway livekit;

    @Test
    void aModeratorCallsANumberSeesItRingAndJoinThenTransfersTheCall() {
        supportChat("support-call-2");
        livekit.createOutboundTrunk(SIPOutboundTrunkInfo.newBuilder().setName("carrier").setAddress("sip.carrier.example")
                .addNumbers("+15550000000").setAuthUsername("roomwarden").setAuthPassword("trunk-pass-Ew51").build());
        // Ringing after a second, answered three seconds later: long enough to see both.
        emulator.sip().timings(new Sips.Timings(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(1)));
        logIn("moderator");
        open("/rooms/support-call-2");

        click(By.id("call-number-button"));
        awaitVisible(By.id("call-number")).sendKeys("+1 415 555 0123");
        assertThat(driver.findElement(By.id("call-wait")).isSelected()).as("wait until answered, by default").isTrue();
        var ringing = driver.findElement(By.id("call-ringing"));
        ringing.clear();
        ringing.sendKeys("20");
        assertThat(driver.findElement(PROGRESS).isDisplayed()).isFalse();
        driver.findElement(By.cssSelector("#call-form button[type=submit]")).click();

        var progress = awaitVisible(PROGRESS);
        assertThat(progress.getText()).contains("Calling +1 415 555 0123", "up to 20 s");
        WebElement submit = driver.findElement(By.cssSelector("#call-form button[type=submit]"));
        assertThat(submit.isEnabled()).as("the call button while it rings").isFalse();
        awaitText(ROOM, "ringing");
        assertThat(text(ROOM)).contains("PHONE", "sip_+14155550123", "+15550000000");
        assertThat(progress.isDisplayed()).as("the dialog still waits").isTrue();
        screenshot("call-ringing");

        awaitText(ROOM, "in the call");
        awaitText(By.id("flash"), "+14155550123 answered and is in the room as “sip_+14155550123”.");
        assertThat(driver.findElements(By.id("call-form"))).as("the dialog, closed").isEmpty();
        screenshot("call-answered");

        // The colleague hands the caller on to the billing desk: LiveKit transfers the call, then the caller leaves the room.
        emulator.sip().timings(new Sips.Timings(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(1)));
        click(By.cssSelector("#room-live a.rw-transfer-call"));
        var to = awaitVisible(By.id("transferTo"));
        assertThat(text(By.cssSelector("dialog[open]"))).contains("Transfer", "sip_+14155550123");
        to.sendKeys("+1 415 555 0199");
        driver.findElement(By.id("playDialtone")).click();
        driver.findElement(By.cssSelector("#transfer-call-form [name=reason]")).sendKeys("billing question");
        driver.findElement(By.cssSelector("#transfer-call-form button[type=submit]")).click();
        var transferring = awaitVisible(By.id("transfer-progress"));
        assertThat(transferring.getText()).contains("Transferring");
        screenshot("call-transferring");

        awaitText(By.id("flash"), "is transferred to tel:+14155550199");
        awaitNoText(ROOM, "sip_+14155550123");
        assertThat(driver.findElements(By.id("transfer-call-form"))).as("the dialog, closed").isEmpty();
        screenshot("call-transferred");
    }

}
