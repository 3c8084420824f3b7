package dev.roomwarden.e2e;

import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/** Recording a room from its page in Chromium: the dialog, the REC badge as the recording runs, and stopping it. */
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

        click(By.cssSelector("a[aria-label='Stop recording " + egress.getEgressId() + "']"));
        var stop = awaitVisible(DIALOG);
        assertThat(stop.getText()).contains("Stop recording " + egress.getEgressId() + "?", "room composite, speaker");
        stop.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(FLASH, "The recording " + egress.getEgressId() + " (room composite, speaker) is stopping");
        await(d -> d.findElements(By.id("recording-badge")).isEmpty());
        assertThat(emulator.egresses().all().stream().filter(e -> e.getEgressId().equals(egress.getEgressId())).map(EgressInfo::getStatus))
                .singleElement().isIn(EgressStatus.EGRESS_ENDING, EgressStatus.EGRESS_COMPLETE);
    }
}
