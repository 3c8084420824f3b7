package dev.roomwarden.e2e;


import dev.roomwarden.security.IdentityProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person clicks "Sign in with Company SSO", signs in on the identity provider's own page (typing their name
 * and claims there, as the test provider asks), and lands on the rooms as the ADMIN their group makes them.
 */
class SsoLoginIT extends BrowserTest {

    private static final IdentityProvider PROVIDER = IdentityProvider.start(0, true);

    @DynamicPropertySource
    static void singleSignOn(DynamicPropertyRegistry registry) {
        registry.add("roomwarden.oidc.issuer-uri", PROVIDER::issuer);
        registry.add("roomwarden.oidc.client-id", () -> IdentityProvider.CLIENT_ID);
        registry.add("roomwarden.oidc.client-secret", () -> IdentityProvider.CLIENT_SECRET);
        registry.add("roomwarden.oidc.provider-name", () -> "Company SSO");
        registry.add("roomwarden.oidc.roles.admin", () -> "rw-admins");
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:e2e-sso;DB_CLOSE_DELAY=-1");
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @Test
    void signingInWithTheProviderLandsOnTheRoomsWithTheMappedRole() {
        supportChat("support-sso");
        open("/rooms/support-sso");
        assertThat(driver.getCurrentUrl()).endsWith("/login");
        assertThat(text(By.id("sso-login"))).isEqualTo("Sign in with Company SSO");

        // The test provider's own sign-in page asks for a web font this closed network cannot reach.
        expectConsoleError("fonts\\.googleapis\\.com");
        click(By.id("sso-login"));
        awaitVisible(By.name("username")).sendKeys("sub-nina");
        driver.findElement(By.name("claims")).sendKeys("{\"preferred_username\": \"nina\", \"groups\": [\"rw-admins\"]}");
        driver.findElement(By.cssSelector("input[type=submit]")).click();

        await(d -> d.getCurrentUrl().endsWith("/rooms/support-sso"));
        assertThat(text(By.cssSelector("nav"))).contains("nina", "ADMIN");
        awaitVisible(By.xpath("//a[normalize-space()='End room']"));

        driver.findElement(By.xpath("//button[normalize-space()='Log out']")).click();
        awaitText(By.cssSelector("[role=status]"), "You have been logged out.");
        open("/rooms");
        assertThat(driver.getCurrentUrl()).contains("/login");
    }

    @Test
    void someoneWithoutARoleSeesTheNoAccessPage() {
        expectConsoleError("fonts\\.googleapis\\.com");
        open("/login");
        click(By.id("sso-login"));
        awaitVisible(By.name("username")).sendKeys("sub-olga");
        driver.findElement(By.name("claims")).sendKeys("{\"preferred_username\": \"olga\", \"groups\": [\"sales\"]}");
        driver.findElement(By.cssSelector("input[type=submit]")).click();

        awaitText(By.cssSelector("h1"), "No access to Roomwarden");
        expectConsoleError("no-access - Failed to load resource: the server responded with a status of 403");
        assertThat(text(By.id("signed-in-as"))).isEqualTo("olga");
        assertThat(text(By.id("claim-values"))).contains("sales");
    }
}
