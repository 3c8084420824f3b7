package dev.roomwarden.e2e;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

import static org.assertj.core.api.Assertions.assertThat;

/** An administrator creates an RTMP ingress, sees its stream key once, finds it masked after a reload, shows it again and deletes it. */
class IngressIT extends BrowserTest {

    private static final By FLASH = By.id("flash");
    private static final By TABLE = By.id("ingress-table");
    

    @Test
    void anAdministratorCreatesAnRtmpIngressSeesTheKeyOnceRevealsItAndDeletesIt() throws IOException {
        driver.manage().window().setSize(new Dimension(1280, 900));
        logIn("admin");
        open("/rooms");
        navigate("Media", "Ingress");
        awaitText(By.cssSelector("main"), "No ingress");

        click(By.id("new-ingress"));
        var form = awaitVisible(By.cssSelector("dialog[open]"));
        form.findElement(By.name("name")).sendKeys("town hall");
        form.findElement(By.name("room")).sendKeys("all-hands");
        form.findElement(By.name("identity")).sendKeys("stage");
        screenshot("ingress-new");
        form.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(By.cssSelector("dialog[open]"), "Ingress created");
        var key = text(By.id("ingress-stream-key"));
        assertThat(key).isNotBlank();
        assertThat(text(By.id("ingress-url"))).startsWith("rtmp://");
        screenshot("ingress-created");
        click(By.cssSelector("dialog[open] [data-close-dialog]"));
        awaitText(TABLE, "town hall");
        assertThat(text(By.cssSelector("main"))).contains("all-hands", "stage", "inactive").doesNotContain(key);

        driver.navigate().refresh();
        awaitText(TABLE, "town hall");
        assertThat(driver.getPageSource()).doesNotContain(key).contains("••••••••");

        click(By.cssSelector("button[aria-label^='Show the stream key']"));
        awaitText(By.cssSelector("dialog[open]"), "Stream key");
        assertThat(text(By.id("ingress-stream-key"))).isEqualTo(key);
        screenshot("ingress-revealed");
        click(By.cssSelector("dialog[open] [data-close-dialog]"));

        click(By.cssSelector("a[aria-label^='Delete the ingress']"));
        var confirm = awaitVisible(By.cssSelector("dialog[open]"));
        assertThat(confirm.getText()).contains("Delete the ingress", "town hall");
        confirm.findElement(By.name("reason")).sendKeys("town hall is over");
        confirm.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText(FLASH, "is deleted");
        awaitText(By.cssSelector("main"), "No ingress");
    }
}
