package dev.roomwarden.users;

import dev.roomwarden.security.Role;
import dev.roomwarden.security.StaffAccounts;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import dev.roomwarden.FlowTest;
import dev.roomwarden.StaffBrowser;
import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.live.LiveUpdates;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Staff administration and password changes, over real HTTP (guessing: security/LoginThrottleFlowTest). */
class StaffFlowTest extends FlowTest {

    private static final Pattern SHOWN_PASSWORD = Pattern.compile("shown only this once: ([A-Za-z0-9]{20})");

    @Autowired
    StaffAccounts accounts;

    /** Logged in with this password, then on the rooms page. */
    private StaffBrowser loggedInWith(String username, String password) {
        var browser = new StaffBrowser(port);
        var answer = browser.logIn(username, password);
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        browser.get("/rooms");
        return browser;
    }

    private StaffBrowser admin() {
        return loggedIn("admin", "/users");
    }

    private static String shownPassword(String page) {
        var matcher = SHOWN_PASSWORD.matcher(page);
        assertThat(matcher.find()).as("a generated password is shown").isTrue();
        return matcher.group(1);
    }

    private String createAccount(StaffBrowser admin, String username, Role role) {
        admin.postForm("/users", Map.of("username", username, "displayName", username, "role", role.name(), "password", ""));
        return shownPassword(admin.get("/users").body());
    }

    private long recorded(AuditAction action, String account) {
        return audited("action = ? AND account = ?", action.name(), account).size();
    }

    @Test
    void anAdminCreatesAnAccountWithAGeneratedPasswordShownOnce() {
        var admin = admin();
        var password = createAccount(admin, "nora", Role.MODERATOR);

        assertThat(admin.get("/users").body()).contains("nora").doesNotContain(password);
        var nora = loggedInWith("nora", password);
        assertThat(nora.get("/rooms").body()).contains("MODERATOR");
        assertThat(recorded(AuditAction.CREATE_ACCOUNT, "nora")).isEqualTo(1);
        assertThat(nora.get("/users").statusCode()).isEqualTo(403);
    }

    @Test
    void disablingAnAccountEndsItsSessionAtOnceAndEnablingLetsItBack() {
        var admin = admin();
        var password = createAccount(admin, "dave", Role.VIEWER);
        var dave = loggedInWith("dave", password);
        assertThat(dave.get("/rooms").statusCode()).isEqualTo(200);

        admin.postForm("/users/dave/disable", Map.of());

        var next = dave.get("/rooms");
        assertThat(next.statusCode()).isEqualTo(302);
        assertThat(next.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/login"));
        var htmx = dave.getHtmx("/rooms");
        assertThat(htmx.statusCode()).isIn(302, 401);
        assertThat(new StaffBrowser(port).logIn("dave", password).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));

        admin.get("/users");
        admin.postForm("/users/dave/enable", Map.of());
        loggedInWith("dave", password);
        assertThat(recorded(AuditAction.DISABLE_ACCOUNT, "dave")).isEqualTo(1);
    }

    @Test
    void loweringARoleEndsTheSessionsAndTheNewRoleAppliesAtTheNextLogin() {
        var admin = admin();
        var password = createAccount(admin, "mia", Role.ADMIN);
        var mia = loggedInWith("mia", password);
        assertThat(mia.get("/users").statusCode()).isEqualTo(200);

        admin.postForm("/users/mia/role", Map.of("role", "VIEWER"));

        assertThat(mia.get("/users").statusCode()).isEqualTo(302);
        var again = loggedInWith("mia", password);
        assertThat(again.get("/users").statusCode()).isEqualTo(403);
        assertThat(accounts.findByUsername("mia").orElseThrow().role()).isEqualTo(Role.VIEWER);
    }

    @Test
    void theLastActiveAdminCannotBeDemotedOrDisabledAndNobodyLocksThemselfOut() {
        var admin = admin();
        admin.postForm("/users/admin/role", Map.of("role", "VIEWER"));
        assertThat(admin.get("/users").body()).contains("You cannot demote your own account");
        admin.postForm("/users/admin/disable", Map.of());
        assertThat(admin.get("/users").body()).contains("You cannot disable your own account");
        assertThat(accounts.findByUsername("admin").orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(accounts.findByUsername("admin").orElseThrow().enabled()).isTrue();

        var password = createAccount(admin, "root2", Role.ADMIN);
        var second = loggedInWith("root2", password);
        second.get("/users");
        jdbc.sql("UPDATE staff_account SET enabled = FALSE WHERE username NOT IN ('admin', 'root2') AND role = 'ADMIN'").update();
        second.postForm("/users/admin/disable", Map.of());
        assertThat(accounts.findByUsername("admin").orElseThrow().enabled()).as("another ADMIN may disable one of two").isFalse();
        second.get("/users");
        second.postForm("/users/admin/enable", Map.of());
        second.get("/users");
        admin = admin();
        admin.postForm("/users/root2/role", Map.of("role", "MODERATOR"));
        assertThat(accounts.findByUsername("root2").orElseThrow().role()).isEqualTo(Role.MODERATOR);
        assertThat(accounts.countActiveAdmins()).isEqualTo(1);
        assertThat(recorded(AuditAction.CHANGE_ROLE, "admin")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void twoAdminsRemovingEachOtherAtOnceLeaveOneAdmin() throws Exception {
        new LastAdminRace(port, jdbc).run(admin(), 8);
    }

    @Test
    void aModeratorCannotManageStaff() {
        var moderator = loggedIn("moderator", "/rooms");
        assertThat(moderator.get("/users").statusCode()).isEqualTo(403);
        moderator.get("/rooms");
        assertThat(moderator.postForm("/users/viewer/disable", Map.of()).statusCode()).isEqualTo(403);
        assertThat(accounts.findByUsername("viewer").orElseThrow().enabled()).isTrue();
        assertThat(audited("action = 'DISABLE_ACCOUNT' AND account = 'viewer'")).extracting(r -> r.get("OUTCOME"))
                .containsExactly("DENIED");
    }

    @Test
    void anAdminResetsAPasswordShownOnce() {
        var admin = admin();
        var first = createAccount(admin, "rita", Role.VIEWER);
        admin.postForm("/users/rita/password", Map.of());
        var second = shownPassword(admin.get("/users").body());

        assertThat(new StaffBrowser(port).logIn("rita", first).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        loggedInWith("rita", second);
    }

    @Test
    void everyoneChangesTheirOwnPasswordWithClearMessages() {
        var admin = admin();
        var start = createAccount(admin, "omar", Role.VIEWER);
        var omar = loggedInWith("omar", start);
        omar.get("/account");

        omar.postForm("/account/password", Map.of("current", "wrong", "password", "a-good-long-passphrase", "confirm", "a-good-long-passphrase"));
        assertThat(omar.get("/account").body()).contains("The current password is not right.");
        omar.postForm("/account/password", Map.of("current", start, "password", "short", "confirm", "short"));
        assertThat(omar.get("/account").body()).contains("at least 12 characters");
        omar.postForm("/account/password", Map.of("current", start, "password", "password1234", "confirm", "password1234"));
        assertThat(omar.get("/account").body()).contains("one of the most common");
        omar.postForm("/account/password", Map.of("current", start, "password", "omar-is-my-name!", "confirm", "omar-is-my-name!"));
        assertThat(omar.get("/account").body()).contains("must not contain the username");
        omar.postForm("/account/password", Map.of("current", start, "password", "a-good-long-passphrase", "confirm", "a-different-one-here"));
        assertThat(omar.get("/account").body()).contains("differ");

        omar.postForm("/account/password", Map.of("current", start, "password", "a-good-long-passphrase", "confirm", "a-good-long-passphrase"));
        assertThat(omar.get("/account").body()).contains("Your password has been changed.");
        loggedInWith("omar", "a-good-long-passphrase");
        assertThat(audited("action = 'CHANGE_OWN_PASSWORD' AND account = 'omar'")).extracting(r -> r.get("OUTCOME"))
                .containsExactly("DENIED", "DENIED", "DENIED", "DENIED", "DONE");
    }

    @Test
    void changingYourPasswordLogsOutYourOtherSessionsButNotThisOne() throws Exception {
        var admin = admin();
        var start = createAccount(admin, "petra", Role.VIEWER);
        var here = loggedInWith("petra", start);
        var elsewhere = loggedInWith("petra", start);
        try (var stream = elsewhere.stream("/rooms")) {
            assertThat(stream.status()).isEqualTo(200);
            here.get("/account");
            here.postForm("/account/password", Map.of("current", start, "password", "a-fresh-long-passphrase-81",
                    "confirm", "a-fresh-long-passphrase-81"));
            assertThat(stream.next(LiveUpdates.SIGNED_OUT, Duration.ofSeconds(5))).as("the other session's open page is told").isNotNull();
        }
        assertThat(here.get("/account").body()).contains("Your password has been changed.", "Your other sessions were logged out.");
        assertThat(here.get("/rooms").statusCode()).as("the session that changed it").isEqualTo(200);
        var next = elsewhere.get("/rooms");
        assertThat(next.statusCode()).isEqualTo(302);
        assertThat(next.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/login"));
        assertThat(elsewhere.getHtmx("/rooms").statusCode()).isEqualTo(401);
        loggedInWith("petra", "a-fresh-long-passphrase-81");
    }

    @Test
    void anAdminResettingTheirOwnPasswordKeepsOnlyTheirCurrentSession() {
        var admin = admin();
        var password = createAccount(admin, "quinn", Role.ADMIN);
        var here = loggedInWith("quinn", password);
        var elsewhere = loggedInWith("quinn", password);
        here.get("/users");
        here.postForm("/users/quinn/password", Map.of());

        assertThat(here.get("/users").body()).contains("New password for “quinn”");
        assertThat(elsewhere.get("/users").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/login"));
    }
}
