package dev.roomwarden.e2e;

import java.util.List;

import livekit.LivekitRoom.CreateRoomRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A moderator stars a room on /rooms and it moves to the top without a page load; names the filter of /rooms as a
 * view, finds it in the navigation's Views menu, and opens it.
 */
class PinsAndViewsIT extends BrowserTest {

    private static final By FIRST_ROOM = By.cssSelector("#rooms-table tbody tr:first-child td.rw-name a");

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void threeDesks() {
        jdbc.sql("DELETE FROM pinned_room").update();
        jdbc.sql("DELETE FROM saved_view").update();
        for (var name : List.of("desk-a", "desk-b", "desk-c", "lobby")) {
            emulator.state().createRoom(CreateRoomRequest.newBuilder().setName(name).build());
        }
    }

    @Test
    void aStarredRoomComesFirstAndAFilterBecomesAView() {
        logIn("moderator");
        awaitText(FIRST_ROOM, "desk-a");

        click(By.cssSelector("button[aria-label='Pin desk-c']"));
        awaitText(FIRST_ROOM, "desk-c");
        assertThat(driver.findElement(By.cssSelector("#rooms-table tbody tr:first-child .rw-star")).getAttribute("aria-pressed"))
                .isEqualTo("true");
        screenshot("pins-rooms");

        var filter = driver.findElement(By.cssSelector("#rooms-filter input[name='q']"));
        filter.sendKeys("desk");
        await(d -> d.getCurrentUrl().contains("q=desk"));
        click(By.cssSelector(".rw-save-view > summary"));
        var name = awaitVisible(By.id("view-name-rooms"));
        name.sendKeys("Desks", Keys.ENTER);
        awaitText(By.id("flash"), "Saved the view “Desks”");

        open("/overview");
        navigate("Views", "Desks");
        await(d -> d.getCurrentUrl().endsWith("/rooms?q=desk&sort=name"));
        awaitText(FIRST_ROOM, "desk-c");
        assertThat(driver.findElements(By.cssSelector("#rooms-table tbody tr"))).hasSize(3);
        click(By.xpath("//nav//details[contains(@class, 'rw-menu')]/summary[normalize-space()='Views']"));
        screenshot("views-menu");
    }
}
