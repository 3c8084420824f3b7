package dev.roomwarden.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A viewer with a ticket number: "/" to the search box, types it, picks the participant with the keyboard, lands on their room. */
class SearchIT extends BrowserTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aViewerTypesATicketPicksTheParticipantWithTheKeyboardAndLandsOnTheirRoom() throws Exception {
        driver.manage().window().setSize(new Dimension(1400, 1000));
        emulator.state().addParticipant("support-55810", new ParticipantSpec("customer-55810", "Ann Example", ParticipantInfo.Kind.STANDARD,
                "", Map.of("ticket", "TCK-7781"), List.of()));
        person("support-55810", "agent-55810");
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (jdbc.sql("SELECT COUNT(*) FROM search_term WHERE term = 'tck'").query(Integer.class).single() == 0
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        logIn("viewer");
        open("/rooms");

        driver.findElement(By.tagName("body")).sendKeys("/");
        var box = driver.switchTo().activeElement();
        assertThat(box.getAttribute("id")).isEqualTo("search-box");
        box.sendKeys("TCK-7781");
        var option = awaitVisible(By.cssSelector("#search-suggestions [role=option][href$='/rooms/support-55810']"));
        assertThat(option.getText()).contains("customer-55810", "ticket: TCK-7781");
        assertThat(box.getAttribute("aria-expanded")).isEqualTo("true");
        screenshot("search-suggestions");

        box.sendKeys(Keys.ARROW_DOWN);
        assertThat(option.getAttribute("aria-selected")).isEqualTo("true");
        assertThat(box.getAttribute("aria-activedescendant")).isEqualTo(option.getAttribute("id"));
        box.sendKeys(Keys.ENTER);

        await(d -> d.getCurrentUrl().equals(url("/rooms/support-55810")));
        awaitText(By.id("room-live"), "customer-55810");

        // The full page, as a bookmark or a browser without JavaScript has it.
        open("/search?q=55810");
        awaitText(By.id("search-live-participants"), "customer-55810");
        screenshot("search-page");
        noConsoleErrors();
    }
}
