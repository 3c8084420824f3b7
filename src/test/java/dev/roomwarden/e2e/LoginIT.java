package dev.roomwarden.e2e;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenario 1: each demo role logs in and sees its role; a wrong password is refused; logout. */
class LoginIT extends BrowserTest {

    @Test
    void eachDemoRoleLogsInSeesItsRoleAndLogsOut() {
        for (var role : new String[] {"admin", "moderator", "viewer"}) {
            open("/login");
            submitLogin(role, PASSWORD);
            awaitText(By.cssSelector("h1"), "Overview");
            assertThat(driver.getCurrentUrl()).as("the home page").endsWith("/overview");
            assertThat(text(By.cssSelector("nav"))).contains(role, role.toUpperCase(), "DEMO DATA");

            driver.findElement(By.xpath("//button[normalize-space()='Log out']")).click();
            awaitText(By.cssSelector("[role=status]"), "You have been logged out.");
            open("/rooms");
            assertThat(driver.getCurrentUrl()).contains("/login");
            // The next login would land where this one was sent from (the saved request): start afresh.
            driver.manage().deleteAllCookies();
        }
    }

    @Test
    void aWrongPasswordShowsAnErrorAndStaysOnTheLoginPage() {
        open("/login");
        assertThat(text(By.id("demo-accounts"))).contains("Demo accounts", "moderator", "viewer");

        submitLogin("moderator", "not-the-password");

        awaitText(By.cssSelector(".alert-danger"), "Invalid username or password.");
        assertThat(driver.getCurrentUrl()).contains("/login");
    }
}
