package dev.roomwarden.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import dev.roomwarden.StaffBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity provider down: Roomwarden starts anyway and says so in its log, the login page says so when
 * someone clicks the provider's button, password login goes on working, and once the provider answers the
 * next click signs in. A provider that goes away in the middle of a sign-in is said on the login page too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roomwarden.emulator.port=0",
        "roomwarden.emulator.simulation.enabled=false",
        "roomwarden.demo.password=" + SsoProviderDownTest.PASSWORD,
        "roomwarden.oidc.client-id=" + IdentityProvider.CLIENT_ID,
        "roomwarden.oidc.client-secret=" + IdentityProvider.CLIENT_SECRET,
        "roomwarden.oidc.provider-name=Company SSO",
        "roomwarden.oidc.roles.viewer=rw-staff",
        "spring.datasource.url=jdbc:h2:mem:sso-provider-down;DB_CLOSE_DELAY=-1"})
@ExtendWith(OutputCaptureExtension.class)
class SsoProviderDownTest {

    static final String PASSWORD = "sso-down-password-3390";
    private static final int PROVIDER_PORT = freePort();

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("roomwarden.oidc.issuer-uri", () -> "http://localhost:" + PROVIDER_PORT + "/default");
    }

    @LocalServerPort
    int port;

    @Test
    void aProviderThatIsDownIsSaidOnTheLoginPageNotAsAnErrorAndSignInWorksOnceItIsBack(CapturedOutput output) {
        assertThat(output.getAll()).contains("Single sign-on with Company SSO: Roomwarden cannot reach Company SSO at localhost",
                "password login works meanwhile");

        var browser = new StaffBrowser(port);
        assertThat(browser.get("/login").body()).contains("Sign in with Company SSO");
        var refused = browser.follow(browser.get("/oauth2/authorization/oidc"));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.uri().getPath()).isEqualTo("/login");
        assertThat(refused.body()).contains("Roomwarden cannot reach Company SSO at localhost right now.", "Try again")
                .doesNotContain("Exception", "Connection refused");
        assertThat(browser.get("/login").body()).doesNotContain("cannot reach");
        var local = new StaffBrowser(port);
        local.logIn("viewer", PASSWORD);
        assertThat(local.get("/rooms").statusCode()).isEqualTo(200);

        try (var provider = IdentityProvider.start(PROVIDER_PORT, false)) {
            provider.nextSignIn("sub-back", Map.of("preferred_username", "back", "groups", List.of("rw-staff")));
            var signedIn = browser.follow(browser.get("/oauth2/authorization/oidc"));
            assertThat(signedIn.uri().getPath()).isEqualTo("/overview");
            assertThat(signedIn.body()).contains(">back<");
            browser.postForm("/logout", Map.of());

            var atProvider = browser.get("/oauth2/authorization/oidc");
            var callback = browser.getUrl(atProvider.headers().firstValue("Location").orElseThrow());
            provider.close();
            var failed = browser.follow(callback);
            assertThat(failed.uri().getPath()).isEqualTo("/login");
            assertThat(failed.body()).contains("Roomwarden could not finish the sign-in: Company SSO did not answer its token request.")
                    .doesNotContain("Exception");
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
