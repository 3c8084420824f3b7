package dev.roomwarden.e2e;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenarios 4 to 6: removing an agent, what a VIEWER may not do, ending a room. */
class ModerationIT extends BrowserTest {

    private static final By LIVE = By.id("room-live");
    private static final By FLASH = By.id("flash");
    private static final By PARTICIPANTS = By.cssSelector("#room-live table tbody");

    @Test
    void aModeratorRemovesTheAgentThroughTheDialogWithAReason() {
        supportChat("support-4001");
        logIn("moderator");
        open("/rooms/support-4001");
        assertThat(driver.findElement(By.cssSelector(".rw-badge-agent")).getText()).isEqualTo("AGENT");
        var firstRow = driver.findElement(By.cssSelector("#room-live tbody tr"));
        assertThat(firstRow.getText()).as("agents are listed first").contains("agent-support-4001");

        click(By.partialLinkText("Remove agent"));
        var dialog = awaitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("Remove agent", "agent-support-4001", "support-4001");
        dialog.findElement(By.name("reason")).sendKeys("customer asked for a human");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(FLASH, "“agent-support-4001” was removed from “support-4001”.");
        await(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
        awaitNoText(PARTICIPANTS, "agent-support-4001");
        assertThat(text(PARTICIPANTS)).contains("customer-support-4001");
        assertThat(emulator.state().participants("support-4001")).hasSize(1);
        awaitText(By.id("room-audit"), "customer asked for a human");

        navigate("Manage", "Audit log");
        var entry = awaitVisible(By.cssSelector("#audit-table tbody tr"));
        assertThat(entry.getText()).contains("moderator", "MODERATOR", "remove participant", "support-4001",
                "agent-support-4001", "customer asked for a human", "done");
    }

    @Test
    void aModeratorMutesAMicrophoneAndIsToldWhyItCannotBeUnmutedFromHere() {
        supportChat("support-4004");
        logIn("moderator");
        open("/rooms/support-4004");

        click(By.cssSelector("a[aria-label='Mute Microphone of customer-support-4004']"));
        var dialog = awaitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("Mute the Microphone of “customer-support-4004”?");
        dialog.findElement(By.name("reason")).sendKeys("shouting");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(FLASH, "The Microphone of “customer-support-4004” is muted.");
        await(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
        assertThat(emulator.state().participant("support-4004", "customer-support-4004").orElseThrow().getTracks(0).getMuted()).isTrue();
        awaitText(PARTICIPANTS, "Microphone (muted)");

        // The emulator, like LiveKit's default configuration, does not allow remote unmute.
        click(By.cssSelector("a[aria-label='Unmute Microphone of customer-support-4004']"));
        awaitVisible(By.cssSelector("dialog[open]")).findElement(By.cssSelector("button[type=submit]")).click();
        awaitText(FLASH, "LiveKit did not unmute the Microphone of “customer-support-4004”");
        assertThat(emulator.state().participant("support-4004", "customer-support-4004").orElseThrow().getTracks(0).getMuted()).isTrue();
        awaitText(By.id("room-audit"), "shouting");
    }

    @Test
    void aModeratorSilencesAParticipantAndLetsThemPublishAgain() {
        supportChat("support-4005");
        logIn("moderator");
        open("/rooms/support-4005");

        click(By.cssSelector("a[aria-label='Silence customer-support-4005']"));
        var dialog = awaitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("Silence “customer-support-4005”?", "still hear and see everyone");
        dialog.findElement(By.name("reason")).sendKeys("abusive language");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(FLASH, "“customer-support-4005” is silenced");
        awaitText(PARTICIPANTS, "cannot publish");
        assertThat(emulator.state().participant("support-4005", "customer-support-4005").orElseThrow().getTracksList()).isEmpty();

        click(By.cssSelector("a[aria-label='Let publish: customer-support-4005']"));
        awaitVisible(By.cssSelector("dialog[open]")).findElement(By.cssSelector("button[type=submit]")).click();
        awaitText(FLASH, "“customer-support-4005” may publish again.");
        awaitNoText(PARTICIPANTS, "cannot publish");
        assertThat(emulator.state().participant("support-4005", "customer-support-4005").orElseThrow().getPermission().getCanPublish())
                .isTrue();
    }

    @Test
    void aModeratorTellsTheCustomerThatAHumanIsJoining() {
        supportChat("support-4006");
        logIn("moderator");
        open("/rooms/support-4006");

        click(By.linkText("Send message"));
        var dialog = awaitVisible(By.cssSelector("dialog[open]"));
        dialog.findElement(By.name("text")).sendKeys("A member of our team is joining now.");
        dialog.findElement(By.cssSelector("input[name=to][value='customer-support-4006']")).click();
        dialog.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(FLASH, "Message sent to customer-support-4006 in “support-4006” (topic lk-chat-topic).");
        await(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
        var sent = emulator.state().sentData().get(emulator.state().sentData().size() - 1);
        assertThat(sent.getDestinationIdentitiesList()).containsExactly("customer-support-4006");
        assertThat(sent.getData().toStringUtf8()).contains("A member of our team is joining now.");
    }

    @Test
    void aModeratorEditsTheRoomMetadataAndBrokenJsonIsExplainedInTheDialog() {
        supportChat("support-4007");
        emulator.state().updateRoomMetadata("support-4007", "{\"queue\":\"returns\"}");
        logIn("moderator");
        open("/rooms/support-4007");

        click(By.linkText("Edit metadata"));
        var editor = awaitVisible(By.cssSelector("dialog[open] textarea[name=metadata]"));
        assertThat(editor.getDomProperty("value")).isEqualTo("{\n  \"queue\" : \"returns\"\n}");
        editor.clear();
        editor.sendKeys("{\"queue\": \"billing\"");
        driver.findElement(By.cssSelector("dialog[open] button[type=submit]")).click();
        awaitText(By.cssSelector("dialog[open] .rw-dialog-message"), "not valid JSON");
        expectConsoleError("400");
        assertThat(emulator.state().room("support-4007").orElseThrow().getMetadata()).isEqualTo("{\"queue\":\"returns\"}");

        editor = driver.findElement(By.cssSelector("dialog[open] textarea[name=metadata]"));
        editor.sendKeys("}");
        driver.findElement(By.cssSelector("dialog[open] button[type=submit]")).click();
        awaitText(FLASH, "The metadata of “support-4007” is saved.");
        assertThat(emulator.state().room("support-4007").orElseThrow().getMetadata()).isEqualTo("{\"queue\":\"billing\"}");
    }

    @Test
    void anAdminCreatesARoomFromTheRoomsPageAndLandsOnIt() {
        logIn("admin");
        open("/rooms");

        click(By.linkText("New room"));
        var dialog = awaitVisible(By.cssSelector("dialog[open]"));
        dialog.findElement(By.name("name")).sendKeys("webinar-4008");
        dialog.findElement(By.name("emptyTimeout")).sendKeys("900");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();

        await(d -> d.getCurrentUrl().endsWith("/rooms/webinar-4008"));
        awaitText(FLASH, "Room “webinar-4008” is created.");
        assertThat(emulator.state().room("webinar-4008").orElseThrow().getEmptyTimeout()).isEqualTo(900);
    }

    @Test
    void aModeratorCorrectsAParticipantsNameAndAttributes() {
        supportChat("support-4009");
        logIn("moderator");
        open("/rooms/support-4009");

        click(By.cssSelector("a[aria-label='Edit customer-support-4009']"));
        var dialog = awaitVisible(By.cssSelector("dialog[open]"));
        var name = dialog.findElement(By.name("name"));
        name.clear();
        name.sendKeys("Customer (escalated)");
        dialog.findElement(By.name("attributes")).sendKeys("ticket = 4711");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(FLASH, "“customer-support-4009” is updated.");
        awaitText(PARTICIPANTS, "Customer (escalated)");
        awaitText(PARTICIPANTS, "ticket = 4711");
    }

    @Test
    void aModeratorTakesAwayPublishingThroughThePermissionsDialog() {
        supportChat("support-4010");
        logIn("moderator");
        open("/rooms/support-4010");

        click(By.cssSelector("a[aria-label='Permissions of customer-support-4010']"));
        var dialog = awaitVisible(By.cssSelector("dialog[open]"));
        var publish = dialog.findElement(By.name("publish"));
        assertThat(publish.isSelected()).isTrue();
        publish.click();
        dialog.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(FLASH, "“customer-support-4010” may now: subscribe yes; publish no");
        awaitText(PARTICIPANTS, "cannot publish");
        assertThat(emulator.state().participant("support-4010", "customer-support-4010").orElseThrow().getTracksList()).isEmpty();
    }

    @Test
    void cancellingTheDialogChangesNothing() {
        supportChat("support-4002");
        logIn("moderator");
        open("/rooms/support-4002");

        click(By.cssSelector("a[aria-label='Remove customer-support-4002']"));
        var dialog = awaitVisible(By.cssSelector("dialog[open]"));
        dialog.findElement(By.linkText("Cancel")).click();

        await(d -> d.findElements(By.cssSelector("dialog")).isEmpty());
        assertThat(driver.getCurrentUrl()).endsWith("/rooms/support-4002");
        assertThat(emulator.state().participants("support-4002")).hasSize(2);
    }

    @Test
    void aViewerSeesNoActionButtonsAndAForgedRequestFromItsPageIsRefused() {
        supportChat("support-4003");
        logIn("viewer");
        open("/rooms/support-4003");
        awaitText(LIVE, "agent-support-4003");
        assertThat(driver.findElements(By.partialLinkText("Remove"))).isEmpty();
        assertThat(driver.findElements(By.partialLinkText("End room"))).isEmpty();
        expectConsoleError("403");

        // What a tampering viewer could send from this page: a real htmx request with its own CSRF token.
        driver.executeScript("""
                const token = document.querySelector('input[name=_csrf]').value;
                htmx.ajax('POST', location.pathname + '/participants/agent-support-4003/remove',
                          {target: '#room-live', values: {_csrf: token, reason: 'forged'}});
                """);

        awaitText(FLASH, "Your role does not allow this action");
        assertThat(emulator.state().participants("support-4003")).hasSize(2);
        assertThat(text(LIVE)).contains("agent-support-4003");
    }

    @Test
    void anAdminEndsARoomAndASecondAdminIsToldItIsAlreadyGone() {
        supportChat("support-4004");
        person("other-room", "someone");
        logIn("admin");
        open("/rooms/support-4004");
        var secondAdmin = Chromium.start();
        try {
            secondAdmin.get(url("/login"));
            secondAdmin.findElement(By.id("username")).sendKeys("admin");
            secondAdmin.findElement(By.id("password")).sendKeys(PASSWORD);
            secondAdmin.findElement(By.cssSelector("button[type=submit]")).click();
            // The login's answer first: navigating at once may abort it and land on the login page again.
            new org.openqa.selenium.support.ui.WebDriverWait(secondAdmin, WAIT).until(d -> !d.getCurrentUrl().contains("/login"));
            secondAdmin.get(url("/rooms/support-4004"));
            new org.openqa.selenium.support.ui.WebDriverWait(secondAdmin, WAIT)
                    .until(d -> d.findElement(By.linkText("End room"))).click();
            var secondDialog = new org.openqa.selenium.support.ui.WebDriverWait(secondAdmin, WAIT)
                    .until(d -> d.findElement(By.cssSelector("dialog[open]")));

            click(By.linkText("End room"));
            var dialog = awaitVisible(By.cssSelector("dialog[open]"));
            assertThat(dialog.getText()).contains("End room “support-4004”?", "cannot be undone");
            dialog.findElement(By.name("reason")).sendKeys("test room");
            dialog.findElement(By.cssSelector("button[type=submit]")).click();

            await(d -> d.getCurrentUrl().endsWith("/rooms"));
            awaitText(FLASH, "Room “support-4004” has ended for everyone in it.");
            awaitText(By.id("rooms-table"), "other-room");
            assertThat(text(By.id("rooms-table"))).doesNotContain("support-4004");
            assertThat(emulator.state().room("support-4004")).isEmpty();

            secondDialog.findElement(By.cssSelector("button[type=submit]")).click();
            new org.openqa.selenium.support.ui.WebDriverWait(secondAdmin, WAIT)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> d.findElement(By.id("flash")).getText().contains("Room “support-4004” had already ended."));
        } finally {
            secondAdmin.quit();
        }
    }
}
