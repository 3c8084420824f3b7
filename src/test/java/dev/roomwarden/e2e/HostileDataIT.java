package dev.roomwarden.e2e;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRoom.CreateRoomRequest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile names, metadata and attributes from LiveKit clients are inert and legible in a real browser. */
class HostileDataIT extends BrowserTest {

    private static final List<String> PAYLOADS = List.of(
            "<script>window.__xss=1</script>",
            "\"><img src=x onerror=\"window.__xss=2\">",
            "'><svg onload=window.__xss=3>",
            "<iframe srcdoc=\"<script>parent.__xss=8</script>\">",
            "hx-get=\"/rooms\" hx-trigger=\"load\"",
            "\u202Eevil\u202C txt.exe");

    @Test
    void payloadsDoNotRunAndReadAsTyped() {
        for (int i = 0; i < PAYLOADS.size(); i++) {
            var room = "r" + i + PAYLOADS.get(i);
            emulator.state().createRoom(CreateRoomRequest.newBuilder().setName(room).setMetadata(PAYLOADS.get(i)).build());
            emulator.state().addParticipant(room, new ParticipantSpec("p" + i + PAYLOADS.get(i), PAYLOADS.get(i),
                    ParticipantInfo.Kind.AGENT, PAYLOADS.get(i), Map.of("note", PAYLOADS.get(i)), List.of()));
        }
        logIn("moderator");
        awaitText(By.id("rooms-table"), "r0<script>window.__xss=1</script>");
        for (int i = 0; i < PAYLOADS.size(); i++) {
            // Bidi controls read as their markers, so that they cannot reverse the text around them.
            awaitText(By.id("rooms-table"), "r" + i + PAYLOADS.get(i).replace("\u202E", "⟨U+202E⟩").replace("\u202C", "⟨U+202C⟩"));
        }
        noPayloadRan();

        var room = "r1" + PAYLOADS.get(1);
        open("/rooms/" + UriUtils.encodePathSegment(room, StandardCharsets.UTF_8));
        awaitText(By.id("room-live"), "p1" + PAYLOADS.get(1));
        assertThat(text(By.cssSelector("h1"))).isEqualTo(room);
        assertThat(text(By.cssSelector(".rw-attributes"))).contains("note = " + PAYLOADS.get(1));
        click(By.partialLinkText("Remove agent"));
        var dialog = awaitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("p1" + PAYLOADS.get(1), room);
        dialog.findElement(By.name("reason")).sendKeys(PAYLOADS.get(0));
        dialog.findElement(By.cssSelector("button[type=submit]")).click();
        awaitText(By.id("flash"), "was removed from");
        noPayloadRan();

        open("/audit");
        awaitText(By.id("audit-table"), PAYLOADS.get(0));
        noPayloadRan();
    }

    /**
     * Names that cannot travel in a URL path as they are open, act and end like any other, and an override in a
     * name shows as a marker instead of reversing it. The screenshot is kept in target/e2e-screenshots.
     */
    @Test
    void unusualNamesCanBeModeratedAndOverridesAreVisible() throws java.io.IOException {
        emulator.state().addParticipant("semi;colon", new ParticipantSpec("\u202Enimda", "", ParticipantInfo.Kind.STANDARD, "", Map.of(),
                List.of()));
        emulator.state().createRoom(CreateRoomRequest.newBuilder().setName("back\\slash\tx").build());
        logIn("admin");
        awaitText(By.id("rooms-table"), "back\\slash⟨U+0009⟩x");

        click(By.linkText("semi;colon"));
        awaitText(By.id("room-live"), "⟨U+202E⟩nimda");
        assertThat(text(By.cssSelector("h1"))).isEqualTo("semi;colon");
        var marker = driver.findElement(By.cssSelector("#room-live .rw-char"));
        assertThat(marker.isDisplayed()).isTrue();
        assertThat(marker.getAttribute("title")).isEqualTo("U+202E RIGHT-TO-LEFT OVERRIDE");
        var screenshots = java.nio.file.Path.of("target", "e2e-screenshots");
        java.nio.file.Files.createDirectories(screenshots);
        java.nio.file.Files.copy(driver.getScreenshotAs(org.openqa.selenium.OutputType.FILE).toPath(),
                screenshots.resolve("override-marker.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        click(By.cssSelector("#room-live a[href*='/remove?']"));
        var dialog = awaitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("⟨U+202E⟩nimda", "semi;colon");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();
        awaitText(By.id("flash"), "⟨U+202E⟩nimda” was removed from “semi;colon”.");
        assertThat(emulator.state().participants("semi;colon")).isEmpty();

        open("/rooms");
        click(By.partialLinkText("End all empty rooms"));
        var endAll = awaitVisible(By.cssSelector("dialog[open]"));
        assertThat(endAll.getText()).contains("back\\slash⟨U+0009⟩x");
        endAll.findElement(By.cssSelector("button[type=submit]")).click();
        awaitText(By.id("flash"), "ended.");
        assertThat(text(By.id("flash"))).doesNotContain("not ended");
        assertThat(emulator.state().rooms()).isEmpty();
    }

    private void noPayloadRan() {
        assertThat(driver.executeScript("return window.__xss === undefined && document.querySelectorAll('img[src=x], svg, iframe').length === 0"))
                .isEqualTo(true);
    }
}
