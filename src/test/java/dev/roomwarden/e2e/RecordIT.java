package dev.roomwarden.e2e;

import java.io.IOException;

import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recording a room from its page in Chromium: the dialog, the REC badge as the recording runs, and stopping it; then
 * a recording started from a room page, seen on /recordings (with who started it) and stopped from there.
 */
class RecordIT extends BrowserTest {

    private static final By FLASH = By.id("flash");
    private static final By DIALOG = By.cssSelector("dialog[open]");
    private static final By RECORDINGS = By.id("room-recordings");
    
    @Test
    void aModeratorRecordsTheRoomSeesItRunAndStopsIt() {
        person("support-6001", "customer-1");
        logIn("moderator");
        open("/rooms/support-6001");

        click(By.linkText("Record…"));
        var dialog = awaitVisible(DIALOG);
        assertThat(dialog.getText()).contains("Record “support-6001”", "The whole room", "One participant", "recordings/{room_name}-{time}");
        dialog.findElement(By.cssSelector("select[name=layout] option[value=speaker]")).click();
        dialog.findElement(By.name("reason")).sendKeys("the customer agreed");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(FLASH, "LiveKit is starting to record “support-6001”");
        var egress = emulator.egresses().all().stream().filter(e -> e.getRoomName().equals("support-6001")).findFirst().orElseThrow();
        assertThat(egress.getRoomComposite().getLayout()).isEqualTo("speaker");
        // The egress webhooks push the room part: the badge and the running recording appear without a reload.
        awaitText(RECORDINGS, "● recording");
        awaitText(By.id("recording-badge"), "● REC");
        // Between pushes the elapsed time counts on in the browser.
        var shown = text(By.id("recording-badge"));
        await(d -> !text(By.id("recording-badge")).equals(shown));

        click(By.cssSelector("a[aria-label='Stop recording " + egress.getEgressId() + "']"));
        var stop = awaitVisible(DIALOG);
        assertThat(stop.getText()).contains("Stop recording " + egress.getEgressId() + "?", "room composite, speaker");
        stop.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(FLASH, "The recording " + egress.getEgressId() + " (room composite, speaker) is stopping");
        await(d -> d.findElements(By.id("recording-badge")).isEmpty());
        assertThat(emulator.egresses().all().stream().filter(e -> e.getEgressId().equals(egress.getEgressId())).map(EgressInfo::getStatus))
                .singleElement().isIn(EgressStatus.EGRESS_ENDING, EgressStatus.EGRESS_COMPLETE);
    }

    @Test
    void aRecordingStartedFromARoomPageIsOnTheRecordingsPageAndStopsFromThere() throws IOException {
        driver.manage().window().setSize(new Dimension(1400, 900));
        person("support-6002", "customer-2");
        logIn("moderator");
        open("/rooms/support-6002");

        click(By.linkText("Record…"));
        var dialog = awaitVisible(DIALOG);
        dialog.findElement(By.name("reason")).sendKeys("quality review");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();
        awaitText(FLASH, "LiveKit is starting to record “support-6002”");
        var egressId = emulator.egresses().all().stream().filter(e -> e.getRoomName().equals("support-6002")).findFirst()
                .orElseThrow().getEgressId();

        navigate("Media", "Recordings");
        var row = By.cssSelector("tr.rw-recording[data-egress='" + egressId + "']");
        awaitText(row, "Recording");
        assertThat(text(row)).contains("support-6002", "moderator");
        screenshot("record-recordings");

        click(By.cssSelector("tr.rw-recording[data-egress='" + egressId + "'] a.rw-stop"));
        var stop = awaitVisible(DIALOG);
        assertThat(stop.getText()).contains("Stop recording " + egressId + "?");
        stop.findElement(By.cssSelector("button[type=submit]")).click();

        // Back on /recordings; the egress_ended webhook pushes the table: the row ends Complete, with no Stop.
        awaitText(row, "Complete");
        assertThat(driver.getCurrentUrl()).endsWith("/recordings");
        assertThat(driver.findElements(By.cssSelector("tr.rw-recording[data-egress='" + egressId + "'] a.rw-stop"))).isEmpty();
        screenshot("record-recordings-stopped");
    }

}
