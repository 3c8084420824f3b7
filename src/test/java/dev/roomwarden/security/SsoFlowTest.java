package dev.roomwarden.security;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.roomwarden.StaffBrowser;
import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.emulator.LiveKitEmulator;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on over real HTTP: Roomwarden on one port, a real OpenID Connect provider on another, and a
 * browser that follows the authorization code flow's redirects between them, keeping each one's cookies.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roomwarden.emulator.port=0",
        "roomwarden.emulator.simulation.enabled=false",
        "roomwarden.demo.password=" + SsoFlowTest.PASSWORD,
        "roomwarden.oidc.client-id=" + IdentityProvider.CLIENT_ID,
        "roomwarden.oidc.client-secret=" + IdentityProvider.CLIENT_SECRET,
        "roomwarden.oidc.provider-name=Company SSO",
        "roomwarden.oidc.roles-claim=groups",
        "roomwarden.oidc.roles.admin=rw-admins",
        "roomwarden.oidc.roles.moderator=rw-moderators,support-leads",
        "roomwarden.oidc.roles.viewer=rw-staff",
        "spring.datasource.url=jdbc:h2:mem:sso-flow;DB_CLOSE_DELAY=-1"})
@ExtendWith(OutputCaptureExtension.class)
class SsoFlowTest {

    static final String PASSWORD = "sso-flow-password-4471";
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
    LiveKitEmulator emulator;

    @Autowired
    StaffAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void aRoomWithSomeoneInIt() {
        emulator.state().addParticipant("sso-room", new ParticipantSpec("customer-1", "Customer", ParticipantInfo.Kind.STANDARD,
                "", Map.of(), List.of()));
    }

    /** Clicks "Sign in with Company SSO" as {@code subject} with these claims; returns the page it ends on. */
    private HttpResponse<String> signIn(StaffBrowser browser, String subject, Map<String, Object> claims) {
        assertThat(browser.get("/login").body()).contains("href=\"/oauth2/authorization/oidc\"");
        PROVIDER.nextSignIn(subject, claims);
        return browser.follow(browser.get("/oauth2/authorization/oidc"));
    }

    private StaffBrowser signedIn(String subject, Map<String, Object> claims) {
        var browser = new StaffBrowser(port);
        var page = signIn(browser, subject, claims);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.uri().getPath()).as("the home page").isEqualTo("/overview");
        return browser;
    }

    private StaffBrowser localAdmin() {
        var admin = new StaffBrowser(port);
        admin.logIn("admin", PASSWORD);
        admin.get("/users");
        return admin;
    }

    private long audited(String username, AuditAction action, String outcome) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_record WHERE username = ? AND action = ? AND outcome = ?")
                .params(username, action.name(), outcome).query(Long.class).single();
    }

    @Test
    void theLoginPageOffersTheProviderBesideThePasswordForm() {
        var page = new StaffBrowser(port).get("/login").body();

        assertThat(page).contains("Sign in with Company SSO", "href=\"/oauth2/authorization/oidc\"", "name=\"password\"",
                "or with a Roomwarden password");
        assertThat(localAdmin().get("/rooms").statusCode()).isEqualTo(200);
    }

    @Test
    void anAdminAtTheProviderLandsOnTheOverviewAndMayDoWhatAnAdminMay() {
        var alice = signedIn("sub-alice", Map.of("preferred_username", "alice", "name", "Alice Example", "groups", List.of("rw-admins")));

        var rooms = alice.get("/rooms").body();
        assertThat(rooms).contains(">alice<", "New room", ">Staff<");
        assertThat(alice.get("/rooms/sso-room").body()).contains("End room", ">Remove<");
        assertThat(alice.get("/users").statusCode()).isEqualTo(200);
        assertThat(audited("alice", AuditAction.LOGIN, "DONE")).isEqualTo(1);
    }

    @Test
    void theRoleComesFromTheClaimAsAListOrAStringAndTheHighestWins() {
        var moderator = signedIn("sub-mo", Map.of("preferred_username", "mo", "groups", "support-leads"));
        assertThat(moderator.get("/rooms/sso-room").body()).contains(">Remove<").doesNotContain("End room");
        assertThat(moderator.get("/users").statusCode()).isEqualTo(403);

        var viewer = signedIn("sub-vi", Map.of("preferred_username", "vi", "groups", List.of("marketing", "rw-staff")));
        assertThat(viewer.get("/rooms/sso-room").body()).doesNotContain(">Remove<", "End room");
        assertThat(viewer.get("/audit").statusCode()).isEqualTo(403);

        var both = signedIn("sub-bo", Map.of("preferred_username", "bo", "groups", List.of("rw-staff", "rw-admins", "rw-moderators")));
        assertThat(both.get("/rooms/sso-room").body()).contains("End room");
        assertThat(accounts.findByUsername("bo")).hasValueSatisfying(a -> assertThat(a.role()).isEqualTo(Role.ADMIN));
    }

    @Test
    void someoneWithoutAMappedRoleSeesWhoTheyAreAndWhyAndIsAudited() {
        var browser = new StaffBrowser(port);
        var page = signIn(browser, "sub-carol", Map.of("preferred_username", "carol", "groups", List.of("marketing", "sales")));

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.uri().getPath()).isEqualTo("/no-access");
        assertThat(page.body()).contains("No access to Roomwarden", "Company SSO", ">carol<", ">groups<", ">marketing<", ">sales<",
                "action=\"/logout\"", "Log out").doesNotContain("eyJ", "Exception", "Whitelabel");
        assertThat(audited("carol", AuditAction.LOGIN_FAILED, "DENIED")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_record WHERE action = 'LOGIN_FAILED' AND detail LIKE '%ProviderNotFound%'")
                .query(Long.class).single()).as("no second, nameless refusal from Spring's password login manager").isZero();
        assertThat(accounts.findByUsername("carol")).isEmpty();
        assertThat(browser.get("/rooms").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

        var noClaim = signIn(new StaffBrowser(port), "sub-dan", Map.of("email", "dan@example.com"));
        assertThat(noClaim.statusCode()).isEqualTo(403);
        assertThat(noClaim.body()).contains(">dan@example.com<", "has no", "claim, or it is empty");
    }

    @Test
    void theNoAccessPageLogsOutAtTheProviderSoSomeoneElseCanSignIn() {
        var browser = new StaffBrowser(port);
        signIn(browser, "sub-erin", Map.of("preferred_username", "erin", "groups", List.of("nothing")));

        var logout = browser.postForm("/logout", Map.of());
        var atProvider = URI.create(logout.headers().firstValue("Location").orElseThrow());
        assertThat(atProvider.getPort()).isEqualTo(PROVIDER.port());
        assertThat(atProvider.getQuery()).contains("id_token_hint=", "post_logout_redirect_uri=http://localhost:" + port + "/login?logout");
        assertThat(browser.follow(logout).uri().toString()).endsWith("/login?logout");
        assertThat(browser.get("/no-access").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void ssoStaffAreListedAsSsoWithTheirRoleAndAnAdminCannotGiveThemAPasswordOrARole() {
        signedIn("sub-frank", Map.of("preferred_username", "frank", "name", "Frank Example", "groups", List.of("rw-moderators")));
        var admin = localAdmin();

        var users = admin.get("/users").body();
        var row = users.substring(users.indexOf("id=\"account-frank\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row).contains("SSO", "Frank Example", "MODERATOR", "from Company SSO", "Disable")
                .doesNotContain("Reset password", "name=\"role\"");

        assertThat(admin.follow(admin.postForm("/users/frank/password", Map.of())).body()).contains("has no Roomwarden password");
        assertThat(admin.follow(admin.postForm("/users/frank/role", Map.of("role", "ADMIN"))).body())
                .contains("their role comes from the identity provider");
        assertThat(accounts.findByUsername("frank")).hasValueSatisfying(a -> {
            assertThat(a.role()).isEqualTo(Role.MODERATOR);
            assertThat(a.passwordHash()).isNull();
        });
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(new StaffBrowser(port).logIn("frank", "a-guessed-password").headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        }
        // Guesses at a password it does not have throttle only password logins: the provider still signs frank in.
        assertThat(signedIn("sub-frank", Map.of("preferred_username", "frank", "groups", List.of("rw-moderators"))).get("/rooms")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void theAuditLogShowsSsoStaffUnderTheirProviderName() {
        var grace = signedIn("sub-grace", Map.of("preferred_username", "grace@example.com", "groups", List.of("rw-moderators")));

        var audit = grace.get("/audit?user=grace@example.com").body();
        assertThat(audit).contains("grace@example.com", "login");
        assertThat(grace.get("/account").body()).contains("You sign in with <span>Company SSO</span>").doesNotContain("name=\"current\"");
    }

    @Test
    void aLocalAccountWithTheSameNameIsNotTakenOver() {
        var impostor = signedIn("sub-other-moderator", Map.of("preferred_username", "moderator", "groups", List.of("rw-admins")));

        assertThat(impostor.get("/rooms").body()).contains(">moderator~sso<");
        assertThat(accounts.findByUsername("moderator")).hasValueSatisfying(a -> {
            assertThat(a.role()).isEqualTo(Role.MODERATOR);
            assertThat(a.sso()).isFalse();
        });
        assertThat(accounts.findByUsername("moderator~sso")).hasValueSatisfying(a -> assertThat(a.role()).isEqualTo(Role.ADMIN));
        var local = new StaffBrowser(port);
        local.logIn("moderator", PASSWORD);
        assertThat(local.get("/users").statusCode()).isEqualTo(403);

        var again = signedIn("sub-other-moderator", Map.of("preferred_username", "moderator", "groups", List.of("rw-staff")));
        assertThat(again.get("/rooms").body()).contains(">moderator~sso<");
        assertThat(accounts.findByUsername("moderator~sso")).hasValueSatisfying(a -> assertThat(a.role()).isEqualTo(Role.VIEWER));
    }

    @Test
    void disablingAnSsoUserEndsTheirSessionsAndRefusesTheirNextSignInUntilEnabled() {
        var claims = Map.<String, Object>of("preferred_username", "heidi", "groups", List.of("rw-staff"));
        var heidi = signedIn("sub-heidi", claims);
        var admin = localAdmin();

        admin.postForm("/users/heidi/disable", Map.of());

        assertThat(heidi.get("/rooms").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/login?ended"));
        var refused = signIn(new StaffBrowser(port), "sub-heidi", claims);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("No access to Roomwarden", ">heidi<", "disabled by a Roomwarden administrator");
        assertThat(audited("heidi", AuditAction.LOGIN_FAILED, "DENIED")).isEqualTo(1);

        admin.get("/users");
        admin.postForm("/users/heidi/enable", Map.of());
        signedIn("sub-heidi", claims);
    }

    @Test
    void logoutEndsTheSessionHereAndAtTheProvider() {
        var ivan = signedIn("sub-ivan", Map.of("preferred_username", "ivan", "groups", List.of("rw-staff")));
        // Browsers apply form-action to the logout form's redirect to the provider.
        assertThat(ivan.get("/rooms").headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("form-action 'self' http://localhost:" + PROVIDER.port() + ";", "script-src 'self';"));

        var logout = ivan.postForm("/logout", Map.of());

        var atProvider = URI.create(logout.headers().firstValue("Location").orElseThrow());
        assertThat(atProvider.getPort()).isEqualTo(PROVIDER.port());
        assertThat(atProvider.getPath()).isEqualTo("/default/endsession");
        assertThat(atProvider.getQuery()).contains("id_token_hint=", "post_logout_redirect_uri=");
        var back = ivan.follow(logout);
        assertThat(back.uri().toString()).endsWith("/login?logout");
        assertThat(back.body()).contains("You have been logged out.");
        assertThat(ivan.get("/rooms").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(audited("ivan", AuditAction.LOGOUT, "DONE")).isEqualTo(1);
    }

    @Test
    void theSessionIdChangesAtSignInAndThePageAskedForIsShownAfterIt() {
        var browser = new StaffBrowser(port);
        var asked = browser.get("/rooms/sso-room");
        assertThat(asked.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        var before = session(browser);
        assertThat(lifetime(before)).as("a session before sign-in, in seconds").isEqualTo(10 * 60);

        PROVIDER.nextSignIn("sub-judy", Map.of("preferred_username", "judy", "groups", List.of("rw-staff")));
        var page = browser.follow(browser.get("/oauth2/authorization/oidc"));

        assertThat(page.uri().getPath()).isEqualTo("/rooms/sso-room");
        assertThat(session(browser)).isNotEqualTo(before);
        assertThat(lifetime(session(browser))).as("a staff session, in seconds").isEqualTo(8 * 3600);
    }

    @Test
    void theClientSecretAndTheTokensAreNeverShownNorLogged(CapturedOutput output) {
        var browser = signedIn("sub-ken", Map.of("preferred_username", "ken", "groups", List.of("rw-admins")));
        var pages = List.of(browser.get("/rooms"), browser.get("/users"), browser.get("/account"), browser.get("/audit"));
        signIn(new StaffBrowser(port), "sub-liz", Map.of("preferred_username", "liz", "groups", List.of()));

        for (var page : pages) {
            assertThat(page.body()).doesNotContain(IdentityProvider.CLIENT_SECRET, "eyJ");
            assertThat(page.headers().map().toString()).doesNotContain(IdentityProvider.CLIENT_SECRET, "eyJ");
        }
        assertThat(output.getAll()).doesNotContain(IdentityProvider.CLIENT_SECRET, "eyJ");
    }

    @Test
    void aFailedCallbackGoesBackToTheLoginPageWithWhatHappened() {
        var browser = new StaffBrowser(port);
        browser.get("/login");
        var toProvider = URI.create(browser.get("/oauth2/authorization/oidc").headers().firstValue("Location").orElseThrow());
        var state = java.util.Arrays.stream(toProvider.getRawQuery().split("&")).filter(p -> p.startsWith("state="))
                .findFirst().orElseThrow().substring("state=".length());
        assertThat(toProvider.getQuery()).contains("code_challenge_method=S256", "scope=openid profile email");

        var cancelled = browser.follow(browser.get("/login/oauth2/code/oidc?error=access_denied&state=" + state));
        assertThat(cancelled.uri().getPath()).isEqualTo("/login");
        assertThat(cancelled.body()).contains("Company SSO did not sign you in").doesNotContain("Exception");

        var forged = browser.follow(browser.get("/login/oauth2/code/oidc?code=made-up&state=made-up"));
        assertThat(forged.body()).contains("That sign-in had expired or was started in another window");
        assertThat(browser.get("/rooms").statusCode()).isEqualTo(302);
    }

    /** How long the stored session that this cookie value names may stay unused, in seconds. */
    private Integer lifetime(String cookieValue) {
        var id = new String(java.util.Base64.getDecoder().decode(cookieValue), java.nio.charset.StandardCharsets.UTF_8);
        return jdbc.sql("SELECT MAX_INACTIVE_INTERVAL FROM SPRING_SESSION WHERE SESSION_ID = ?").param(id).query(Integer.class).single();
    }

    private static String session(StaffBrowser browser) {
        return browser.cookies().getCookieStore().getCookies().stream().filter(c -> c.getName().equals("ROOMWARDEN_SESSION"))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }
}
