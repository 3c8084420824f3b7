package dev.roomwarden.e2e;

import dev.roomwarden.overview.OverviewCharts;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A viewer reads "How the day went" on the overview: the charts are drawn (no console errors), a range link replaces
 * only the charts and the address with them, and each chart's numbers open under it.
 */
class OverviewChartsIT extends BrowserTest {

    @Autowired
    ApplicationContext context;

    @Test
    void theChartsRenderAndTheOtherRangeReplacesThemAndTheAddress() {
        supportChat("support-charts");
        // Another browser test may have had the overview's charts worked out before this room (they are kept a minute).
        OverviewCharts.forget(context);
        // Tall enough for the whole page: the charts and their Numbers are below "Now" and "Needs attention".
        driver.manage().window().setSize(new Dimension(1400, 1800));
        logIn("viewer");
        open("/overview");

        var picture = awaitVisible(By.cssSelector("#chart-concurrent svg[role=img]"));
        assertThat(picture.getAttribute("aria-label")).startsWith("Rooms and participants at once, the last 24 hours");
        await(d -> !d.findElements(By.cssSelector("#chart-concurrent circle.rw-dot")).isEmpty());
        assertThat(text(By.id("chart-started"))).contains("Sessions started per hour");
        screenshot("overview-charts-24h");
        // A mark on this page: still there after the click, so the page was not loaded again.
        driver.executeScript("window.rwChartsMark = 'still this page'");

        click(By.linkText("The last 7 days"));
        await(d -> d.getCurrentUrl().endsWith("/overview?range=7d"));
        awaitText(By.id("chart-started"), "Sessions started per day");
        assertThat(driver.findElement(By.cssSelector("#overview-charts .nav-link.active")).getText()).isEqualTo("The last 7 days");
        // Only the charts were replaced (htmx), not the page.
        assertThat(driver.executeScript("return window.rwChartsMark")).isEqualTo("still this page");

        click(By.cssSelector("#chart-started summary"));
        var numbers = awaitVisible(By.cssSelector("#chart-started table"));
        assertThat(numbers.getText()).contains("Day (UTC)", "Room sessions started", "(so far)");
        screenshot("overview-charts-7d");

        driver.manage().window().setSize(new Dimension(800, 1800));
        screenshot("overview-charts-7d-800");
    }
}
