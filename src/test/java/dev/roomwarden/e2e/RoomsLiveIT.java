package dev.roomwarden.e2e;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenarios 2 and 3: the rooms table follows LiveKit without a reload, and the address bar follows the view. */
class RoomsLiveIT extends BrowserTest {

    private static final By TABLE = By.id("rooms-table");

    private String participantsOf(String room) {
        return driver.findElement(By.xpath("//tr[td/a[normalize-space()='" + room + "']]/td[contains(@class, 'rw-name')]/following-sibling::td[1]")).getText();
    }

    @Test
    void roomsAppearChangeAndDisappearWithoutAReload() {
        logIn("viewer");
        awaitText(TABLE, "No rooms right now");
        driver.executeScript("window.__samePage = true");

        person("standup-1", "ana");
        awaitText(TABLE, "standup-1");
        assertThat(participantsOf("standup-1")).isEqualTo("1");

        person("standup-1", "ben");
        await(d -> participantsOf("standup-1").equals("2"));

        emulator.state().deleteRoom("standup-1");
        awaitNoText(TABLE, "standup-1");
        assertThat(driver.executeScript("return window.__samePage === true")).as("no page reload").isEqualTo(true);
    }

    /**
     * A push or a refresh rendered before the table shown is not swapped in (a push rendered while a fresher answer was
     * on its way would show the older state until the next refresh): here the table shown claims to be from the future.
     */
    @Test
    void aRenderOlderThanTheTableShownIsNotSwappedIn() throws InterruptedException {
        logIn("viewer");
        awaitText(TABLE, "No rooms right now");
        driver.executeScript("var table = document.getElementById('rooms-table'); window.__shown = table;"
                + " table.setAttribute('data-rendered-at', String(Date.now() + 3600000));");

        person("older-render", "ana");
        Thread.sleep(3_000); // a push and three refresh intervals of this test's configuration
        assertThat(text(TABLE)).as("older renders dropped").doesNotContain("older-render");
        assertThat(driver.executeScript("return document.getElementById('rooms-table') === window.__shown")).isEqualTo(true);

        driver.executeScript("document.getElementById('rooms-table').setAttribute('data-rendered-at', '1')");
        awaitText(TABLE, "older-render");
    }

    @Test
    void refreshingPausesWhileTheTabIsHiddenAndCatchesUpWhenItIsShown() throws InterruptedException {
        logIn("viewer");
        awaitText(TABLE, "No rooms right now");
        driver.executeScript("Object.defineProperty(document, 'hidden', {configurable: true, get: () => true})");

        person("late-room", "someone");
        Thread.sleep(3_000); // three refresh intervals of this test's configuration
        assertThat(text(TABLE)).as("no refresh while hidden").doesNotContain("late-room");

        driver.executeScript("""
                Object.defineProperty(document, 'hidden', {configurable: true, get: () => false});
                document.dispatchEvent(new Event('visibilitychange'));""");
        awaitText(TABLE, "late-room");
    }

    @Test
    void filterAndSortAreInTheAddressBarAndSurviveReloadAndHistory() {
        person("support-aa", "a1");
        person("support-bb", "b1");
        person("support-bb", "b2");
        person("class-1", "c1");
        logIn("viewer");
        awaitText(TABLE, "class-1");

        var filter = driver.findElement(By.cssSelector("#rooms-filter input[name=q]"));
        filter.sendKeys("support");
        await(d -> d.getCurrentUrl().contains("q=support"));
        awaitNoText(TABLE, "class-1");

        click(By.cssSelector("a[data-sort=participants]"));
        await(d -> d.getCurrentUrl().contains("sort=participants"));
        click(By.cssSelector("a[data-sort=participants]"));
        await(d -> d.getCurrentUrl().contains("sort=-participants"));
        awaitText(TABLE, "▼");
        var sortedUrl = driver.getCurrentUrl();
        assertThat(text(TABLE).indexOf("support-bb")).isLessThan(text(TABLE).indexOf("support-aa"));

        driver.navigate().refresh();
        awaitText(TABLE, "support-bb");
        assertThat(driver.getCurrentUrl()).isEqualTo(sortedUrl);
        assertThat(text(TABLE)).doesNotContain("class-1");
        assertThat(text(TABLE).indexOf("support-bb")).isLessThan(text(TABLE).indexOf("support-aa"));
        assertThat(driver.findElement(By.cssSelector("#rooms-filter input[name=q]")).getAttribute("value")).isEqualTo("support");

        driver.navigate().back();
        await(d -> d.getCurrentUrl().contains("sort=participants") && !d.getCurrentUrl().contains("sort=-"));
        awaitText(TABLE, "▲");
        assertThat(text(TABLE)).doesNotContain("class-1");
        assertThat(text(TABLE).indexOf("support-aa")).isLessThan(text(TABLE).indexOf("support-bb"));

        driver.navigate().forward();
        await(d -> d.getCurrentUrl().equals(sortedUrl));
        awaitText(TABLE, "▼");

        filter = driver.findElement(By.cssSelector("#rooms-filter input[name=q]"));
        filter.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        awaitText(TABLE, "class-1");
    }

    @Test
    void aPastedRoomLinkOpensThatRoomAfterLogin() {
        person("eu/support #7", "caller ü");
        open("/rooms/eu%2Fsupport%20%237");
        assertThat(driver.getCurrentUrl()).contains("/login");

        submitLogin("viewer", PASSWORD);

        awaitText(By.cssSelector("h1"), "eu/support #7");
        assertThat(driver.getCurrentUrl()).contains("/rooms/eu%2Fsupport%20%237");
        assertThat(text(By.id("room-live"))).contains("caller ü");
    }
}
