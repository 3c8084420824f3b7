package dev.roomwarden.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.overview.AttentionRule;
import dev.roomwarden.overview.AttentionSettings;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overview, the home page: a customer left alone appears under "Needs attention" without a reload (the rules
 * are evaluated on the server's timer, and the change is pushed), a moderator acknowledges it, and the page, its
 * charts included, logs no script error.
 */
class OverviewIT extends BrowserTest {

    private static final By ATTENTION = By.id("attention");

    @Autowired
    AttentionSettings settings;

    @Autowired
    JdbcClient jdbc;

    /**
     * Earlier browser tests emptied the emulator without its webhooks, which leaves their sessions open in history (as
     * a dropped webhook would, until polling catches up): here history says what LiveKit says, nothing is live.
     */
    @BeforeEach
    void historyWithNothingLive() {
        var now = java.sql.Timestamp.from(java.time.Instant.now());
        jdbc.sql("UPDATE participant_session SET left_at = ? WHERE left_at IS NULL").param(now).update();
        jdbc.sql("UPDATE room_session SET ended_at = ? WHERE ended_at IS NULL").param(now).update();
    }

    @AfterEach
    void defaultRules() {
        jdbc.sql("DELETE FROM attention_rule").update();
    }

    @Test
    void aCustomerLeftAloneAppearsLiveAndAModeratorAcknowledgesIt() {
        settings.save(AttentionRule.CUSTOMER_ALONE, 5, true, true, "admin");
        open("/login");
        submitLogin("moderator", PASSWORD);
        awaitText(By.cssSelector("h1"), "Overview");
        awaitText(ATTENTION, "Nothing needs attention now.");
        driver.executeScript("window.__samePage = true");

        emulator.state().addParticipant("support-41130", new ParticipantSpec("customer-41130", "Dana", ParticipantInfo.Kind.STANDARD,
                "", Map.of(), List.of()));

        // Five seconds alone, then the next evaluation (every 5 s by default).
        new WebDriverWait(driver, Duration.ofSeconds(25)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(ATTENTION).getText().contains("A customer is alone"));
        assertThat(text(ATTENTION)).contains("A customer is alone in support-41130",
                "Dana (“customer-41130”) is alone in the room: no agent and nobody else with them.");
        assertThat(driver.executeScript("return window.__samePage === true")).as("no page reload").isEqualTo(true);
        assertThat(text(By.id("now-rooms"))).isEqualTo("1");
        screenshot("overview-customer-alone");

        click(By.xpath("//li[@data-rule='CUSTOMER_ALONE']//button[normalize-space()='Acknowledge']"));

        awaitText(By.cssSelector(".rw-flash"), "Acknowledged: a customer is alone in “support-41130”. It is no longer listed.");
        awaitText(ATTENTION, "Nothing needs attention now.");
        assertThat(text(By.id("attention-acknowledged"))).contains("Acknowledged in the last hour (1)");

        driver.findElement(By.linkText("Rooms")).click();
        awaitText(By.id("rooms-table"), "support-41130");
    }
}
