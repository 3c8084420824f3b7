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
            assertThat(text(By.id("rooms-table"))).contains("r" + i + PAYLOADS.get(i));
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

    private void noPayloadRan() {
        assertThat(driver.executeScript("return window.__xss === undefined && document.querySelectorAll('img[src=x], svg, iframe').length === 0"))
                .isEqualTo(true);
    }
}
