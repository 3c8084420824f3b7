package dev.roomwarden.e2e;

import dev.roomwarden.security.Role;
import dev.roomwarden.security.StaffAccounts;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Account changes that log someone out or end their password ask first, in the same dialog as every other action. */
class StaffIT extends BrowserTest {

    private static final By DIALOG = By.cssSelector("dialog[open]");
    private static final By FLASH = By.id("flash");

    @Autowired
    StaffAccounts accounts;

    @Test
    void anAdminDisablesDemotesAndResetsThroughTheConfirmationDialog() {
        var name = "shift-lead-" + System.nanoTime() % 100_000;
        accounts.create(name, "Shift lead", "{noop}unused-password", Role.MODERATOR);
        var row = By.id("account-" + name);
        logIn("admin");
        open("/users");

        new Select(driver.findElement(By.cssSelector("select[aria-label='Role of " + name + "']"))).selectByValue("VIEWER");
        driver.findElement(row).findElement(By.xpath(".//button[normalize-space()='Change…']")).click();
        var dialog = awaitVisible(DIALOG);
        assertThat(dialog.getText()).contains("Make “" + name + "” VIEWER?", "logs them out");
        assertThat(accounts.findByUsername(name).orElseThrow().role()).as("nothing changes before the confirmation")
                .isEqualTo(Role.MODERATOR);
        dialog.findElement(By.xpath(".//button[normalize-space()='Change role']")).click();
        awaitText(FLASH, "“" + name + "” is now VIEWER.");
        assertThat(accounts.findByUsername(name).orElseThrow().role()).isEqualTo(Role.VIEWER);

        click(By.cssSelector("a[aria-label='Disable " + name + "']"));
        dialog = awaitVisible(DIALOG);
        assertThat(dialog.getText()).contains("Disable “" + name + "”?");
        dialog.findElement(By.xpath(".//a[normalize-space()='Cancel']")).click();
        await(d -> d.findElements(DIALOG).isEmpty());
        assertThat(accounts.findByUsername(name).orElseThrow().enabled()).as("cancelled: still enabled").isTrue();

        click(By.cssSelector("a[aria-label='Disable " + name + "']"));
        awaitVisible(DIALOG).findElement(By.xpath(".//button[normalize-space()='Disable']")).click();
        awaitText(FLASH, "“" + name + "” is disabled and was logged out everywhere.");
        awaitText(row, "disabled");
        assertThat(accounts.findByUsername(name).orElseThrow().enabled()).isFalse();

        click(By.cssSelector("a[aria-label='Reset the password of " + name + "']"));
        awaitVisible(DIALOG).findElement(By.xpath(".//button[normalize-space()='Reset password']")).click();
        awaitText(FLASH, "New password for “" + name + "”, shown only this once:");
    }
}
