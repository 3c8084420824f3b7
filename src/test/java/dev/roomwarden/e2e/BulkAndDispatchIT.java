package dev.roomwarden.e2e;

import livekit.LivekitAgentDispatch.CreateAgentDispatchRequest;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRoom.CreateRoomRequest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/** Ticking rows and acting on them together, and sending agents into a room and calling them back. */
class BulkAndDispatchIT extends BrowserTest {

    private static final By FLASH = By.id("flash");
    private static final By PARTICIPANTS = By.cssSelector("#room-live table tbody");
    private static final By DIALOG = By.cssSelector("dialog[open]");

    private By tick(String value) {
        return By.cssSelector("input[type=checkbox][value='" + value + "']");
    }

    @Test
    void aModeratorTicksTwoParticipantsKeepsTheTicksThroughALivePushAndRemovesThemInOneConfirmation() {
        person("class-5001", "student-1");
        person("class-5001", "student-2");
        person("class-5001", "teacher");
        logIn("moderator");
        open("/rooms/class-5001");
        var removeSelected = By.xpath("//button[contains(., 'Remove selected')]");
        assertThat(driver.findElement(removeSelected).isEnabled()).as("nothing ticked yet").isFalse();

        click(tick("student-1"));
        click(tick("student-2"));
        awaitText(By.cssSelector("[data-bulk-count]"), "2 selected");

        // Someone joins: LiveKit's webhook makes the page push a new table; the ticks stay.
        person("class-5001", "late-student");
        awaitText(PARTICIPANTS, "late-student");
        await(d -> d.findElement(tick("student-1")).isSelected() && d.findElement(tick("student-2")).isSelected());
        assertThat(driver.findElement(tick("teacher")).isSelected()).isFalse();
        assertThat(driver.findElement(removeSelected).isEnabled()).isTrue();

        click(removeSelected);
        var dialog = awaitVisible(DIALOG);
        assertThat(dialog.getText()).contains("Remove 2 participants from “class-5001”?", "student-1", "student-2")
                .doesNotContain("teacher");
        dialog.findElement(By.name("reason")).sendKeys("disrupting the class");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(FLASH, "2 participants: 2 removed.");
        awaitNoText(PARTICIPANTS, "student-1");
        assertThat(emulator.state().participants("class-5001")).extracting(ParticipantInfo::getIdentity)
                .containsExactlyInAnyOrder("teacher", "late-student");

        driver.findElement(By.linkText("In the audit log")).click();
        awaitText(By.id("audit-table"), "Showing the actions of batch");
        assertThat(driver.findElements(By.cssSelector("#audit-table tbody tr"))).hasSize(2);
        assertThat(text(By.id("audit-table"))).contains("student-1", "student-2", "disrupting the class");
    }

    @Test
    void anAdminEndsEveryEmptyRoomAfterAPreviewAndTheBusyOneStays() {
        supportChat("support-5002");
        emulator.state().createRoom(CreateRoomRequest.newBuilder().setName("leftover-1").build());
        emulator.state().createRoom(CreateRoomRequest.newBuilder().setName("leftover-2").build());
        logIn("admin");
        open("/rooms");

        click(By.linkText("End all empty rooms…"));
        var dialog = awaitVisible(DIALOG);
        assertThat(dialog.getText()).contains("End 2 empty rooms?", "leftover-1", "leftover-2").doesNotContain("support-5002");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(FLASH, "2 rooms: 2 ended.");
        awaitText(By.id("rooms-table"), "support-5002");
        assertThat(text(By.id("rooms-table"))).doesNotContain("leftover-1", "leftover-2");
        assertThat(emulator.state().room("support-5002")).isPresent();
    }

    @Test
    void anAdminTicksEveryRoomOnThePageWithOneBoxAndEndsThem() {
        person("webinar-5003", "host");
        person("webinar-5004", "host");
        logIn("admin");
        open("/rooms");

        click(By.cssSelector("input[data-select-all='bulk-rooms']"));
        awaitText(By.cssSelector("[data-bulk-count]"), "2 selected");
        click(By.xpath("//button[contains(., 'End selected rooms')]"));
        var dialog = awaitVisible(DIALOG);
        assertThat(dialog.getText()).contains("End 2 rooms?", "webinar-5003", "webinar-5004", "2 people are in them now.");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(FLASH, "2 rooms: 2 ended.");
        assertThat(emulator.state().rooms()).isEmpty();
    }

    @Test
    void aModeratorDispatchesAnAgentFixingTheMetadataInTheDialogThenCancelsTheDispatch() {
        person("support-5005", "customer");
        logIn("moderator");
        open("/rooms/support-5005");
        awaitText(By.id("room-dispatches"), "any unnamed agent (LiveKit's default)");

        click(By.linkText("Dispatch an agent…"));
        var dialog = awaitVisible(DIALOG);
        dialog.findElement(By.name("agentName")).sendKeys("billing-assistant");
        var metadata = dialog.findElement(By.name("metadata"));
        metadata.sendKeys("{\"ticket\": \"T-9\"");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();
        awaitText(By.cssSelector("dialog[open] .rw-dialog-message"), "not valid JSON");
        expectConsoleError("400");
        assertThat(emulator.state().dispatches("support-5005", "")).hasSize(1);

        driver.findElement(By.cssSelector("dialog[open] textarea[name=metadata]")).sendKeys("}");
        driver.findElement(By.cssSelector("dialog[open] button[type=submit]")).click();
        awaitText(FLASH, "Agent “billing-assistant” is dispatched to “support-5005”");
        awaitText(PARTICIPANTS, "AGENT");
        awaitText(By.id("room-dispatches"), "billing-assistant");
        awaitText(By.id("room-dispatches"), "running");

        click(By.cssSelector("a[aria-label='Cancel dispatch of billing-assistant']"));
        dialog = awaitVisible(DIALOG);
        assertThat(dialog.getText()).contains("Cancel the dispatch of agent “billing-assistant”?", "agent-AJ_");
        dialog.findElement(By.name("reason")).sendKeys("a human took over");
        dialog.findElement(By.xpath(".//button[contains(., 'Cancel dispatch')]")).click();

        awaitText(FLASH, "is cancelled: its agents leave “support-5005”.");
        awaitNoText(PARTICIPANTS, "AGENT");
        awaitNoText(By.id("room-dispatches"), "billing-assistant");
        assertThat(emulator.state().participants("support-5005")).extracting(ParticipantInfo::getIdentity).containsExactly("customer");
    }

    @Test
    void anAgentDispatchedElsewhereShowsUpOnTheOpenPageByItself() {
        person("support-5006", "customer");
        logIn("viewer");
        open("/rooms/support-5006");
        awaitText(By.id("room-dispatches"), "any unnamed agent");

        emulator.state().createDispatch(CreateAgentDispatchRequest.newBuilder().setRoom("support-5006").setAgentName("triage").build());

        awaitText(PARTICIPANTS, "triage");
        awaitText(By.id("room-dispatches"), "triage");
        assertThat(driver.findElements(By.linkText("Dispatch an agent…"))).isEmpty();
    }
}
