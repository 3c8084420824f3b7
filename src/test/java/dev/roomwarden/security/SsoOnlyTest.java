package dev.roomwarden.security;

import java.util.List;
import java.util.Map;

import dev.roomwarden.StaffBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password login turned off: the login page has only the provider's button, a POST to /login logs nobody in,
 * no local first ADMIN is made (its password could not be used), and the first ADMIN comes from the provider.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roomwarden.emulator.port=0",
        "roomwarden.emulator.simulation.enabled=false",
        "roomwarden.demo.password=" + SsoOnlyTest.PASSWORD,
        "roomwarden.oidc.local-login=false",
        "roomwarden.oidc.client-id=" + IdentityProvider.CLIENT_ID,
        "roomwarden.oidc.client-secret=" + IdentityProvider.CLIENT_SECRET,
        "roomwarden.oidc.provider-name=Company SSO",
        "roomwarden.oidc.roles-claim=roles",
        "roomwarden.oidc.roles.admin=Roomwarden.Admin",
        "spring.datasource.url=jdbc:h2:mem:sso-only;DB_CLOSE_DELAY=-1"})
class SsoOnlyTest {

    static final String PASSWORD = "sso-only-password-6612";
    private static final IdentityProvider PROVIDER = IdentityProvider.start();

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("roomwarden.oidc.issuer-uri", PROVIDER::issuer);
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    StaffAccounts accounts;

    @Test
    void theLoginPageHasOnlyTheProvidersButton() {
        var page = new StaffBrowser(port).get("/login").body();

        assertThat(page).contains("Sign in with Company SSO", "href=\"/oauth2/authorization/oidc\"")
                .doesNotContain("name=\"password\"", "action=\"/login\"", "Demo accounts");
    }

    @Test
    void aPasswordPostedToLoginLogsNobodyIn() {
        assertThat(accounts.findByUsername("admin")).as("no local first ADMIN, nor demo accounts").isEmpty();
        var browser = new StaffBrowser(port);
        assertThat(browser.logIn("admin", PASSWORD).statusCode()).isEqualTo(403);

        // With a valid CSRF token too (the no-access page has one, for its Log out): nothing takes a password.
        PROVIDER.nextSignIn("sub-nobody", Map.of("preferred_username", "nobody", "roles", List.of("Other.App")));
        assertThat(browser.follow(browser.get("/oauth2/authorization/oidc")).statusCode()).isEqualTo(403);
        var posted = browser.postForm("/login", Map.of("username", "nobody", "password", PASSWORD));
        assertThat(posted.statusCode()).isEqualTo(405);
        assertThat(browser.get("/rooms").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void theFirstAdminComesFromTheProviderAndStaffAccountsAreNotMadeByHand() {
        var admin = new StaffBrowser(port);
        PROVIDER.nextSignIn("sub-root", Map.of("preferred_username", "root@example.com", "roles", "Roomwarden.Admin"));
        assertThat(admin.follow(admin.get("/oauth2/authorization/oidc")).uri().getPath()).isEqualTo("/overview");
        assertThat(accounts.findByUsername("root@example.com")).hasValueSatisfying(a -> assertThat(a.role()).isEqualTo(Role.ADMIN));

        var users = admin.get("/users").body();
        assertThat(users).contains("Password login is off").doesNotContain("New account");
        var refused = admin.follow(admin.postForm("/users", Map.of("username", "newbie", "role", "VIEWER", "password", "")));
        assertThat(refused.body()).contains("Password login is turned off");
        assertThat(accounts.findByUsername("newbie")).isEmpty();
    }
}
