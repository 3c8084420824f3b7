package dev.roomwarden.e2e;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/** An ADMIN sets a rule, adds a webhook, sends a test that fails (listed with why), and deletes the webhook. */
class AlertsIT extends BrowserTest {

    private static final By FLASH = By.id("flash");

    /** Below the rules: scrolled to first, as a person does. */
    private void scrolledClick(By locator) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", driver.findElement(locator));
        click(locator);
    }

    @Test
    void anAdminSetsARuleAddsAWebhookTestsItAndDeletesIt() {
        driver.manage().window().setSize(new Dimension(1400, 1000));
        logIn("admin");
        navigate("Manage", "Alerts");
        awaitText(By.cssSelector("h1"), "Alerts");

        var threshold = driver.findElement(By.id("threshold-long-room"));
        threshold.clear();
        threshold.sendKeys("45");
        click(By.cssSelector("#rule-long-room button[type=submit]"));
        awaitText(FLASH, "“A room runs long” is saved: threshold 60 -> 45 minutes.");

        scrolledClick(By.linkText("Add a webhook"));
        driver.findElement(By.id("target-name")).sendKeys("Team chat");
        // A private address: allowed, and nothing answers there.
        driver.findElement(By.id("target-url")).sendKeys("http://10.255.255.1:9/hooks/Xsecret");
        new Select(driver.findElement(By.id("target-format"))).selectByValue("JSON");
        click(By.cssSelector("#target-form button[type=submit]"));
        awaitText(FLASH, "The outgoing webhook “Team chat” is added.");
        assertThat(text(By.cssSelector("main"))).contains("http://10.255.255.1:9/…").doesNotContain("Xsecret");

        scrolledClick(By.cssSelector("button[aria-label='Send a test alert to Team chat']"));
        awaitText(FLASH, "The test alert to “Team chat”:");
        assertThat(text(By.cssSelector("#deliveries-title + div"))).contains("Team chat", "test", "failed");
        driver.manage().window().setSize(new Dimension(1400, 1900));
        screenshot("alerts");
        driver.manage().window().setSize(new Dimension(1400, 1000));

        scrolledClick(By.cssSelector("a[aria-label='Delete Team chat']"));
        var dialog = awaitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("Delete the outgoing webhook", "Team chat", "http://10.255.255.1:9/…");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();
        awaitText(FLASH, "is deleted: alerts no longer go there.");
        assertThat(text(By.cssSelector("main"))).contains("No targets yet");
    }
}
