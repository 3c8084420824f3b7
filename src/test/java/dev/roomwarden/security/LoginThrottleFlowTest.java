package dev.roomwarden.security;

import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.roomwarden.FlowTest;
import dev.roomwarden.StaffBrowser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password guessing over real HTTP, from client addresses that the reverse proxy names (X-Forwarded-For). The
 * flow configuration: 3 failures per account and address, then waits from 10 s; 8 per account in an hour.
 */
class LoginThrottleFlowTest extends FlowTest {

    private static final String PASSPHRASE = "a-staff-members-passphrase-61";

    private void account(String username, Role role) {
        var admin = loggedIn("admin", "/users");
        admin.postForm("/users", Map.of("username", username, "displayName", username, "role", role.name(), "password", PASSPHRASE));
        assertThat(admin.get("/users").body()).contains("account-" + username);
    }

    /** "wrong" (the password was checked and refused), "throttled" (not checked) or "in". */
    private static String answer(java.net.http.HttpResponse<String> response) {
        var location = response.headers().firstValue("Location").orElse("");
        if (location.endsWith("/login?error")) {
            return "wrong";
        }
        return location.contains("/login?throttled=") ? "throttled" : "in";
    }

    private String logIn(String username, String password, String address) {
        return answer(new StaffBrowser(port).from(address).logIn(username, password));
    }

    @Test
    void parallelGuessesAreCountedBeforeThePasswordCheckAndTheRightOneDoesNotClearTheirDelay() throws Exception {
        account("bella", Role.VIEWER);
        var address = "198.51.100.41";
        var browsers = new ArrayList<StaffBrowser>();
        for (int i = 0; i < 41; i++) {
            var browser = new StaffBrowser(port).from(address);
            browser.get("/login");
            browsers.add(browser);
        }
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(browsers.size());
        var answers = new ArrayList<Future<String>>();
        try {
            for (int i = 0; i < browsers.size(); i++) {
                var browser = browsers.get(i);
                var password = i == 20 ? PASSPHRASE : "guess-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return answer(browser.postForm("/login", Map.of("username", "bella", "password", password)));
                }));
            }
            start.countDown();
            var seen = new ArrayList<String>();
            for (var each : answers) {
                seen.add(each.get(60, TimeUnit.SECONDS));
            }
            assertThat(seen.stream().filter(a -> !a.equals("throttled")).count()).as("passwords checked: " + seen)
                    .isLessThanOrEqualTo(3);
            assertThat(audited("action = 'LOGIN_FAILED' AND account = 'bella'")).hasSizeLessThanOrEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(logIn("bella", PASSPHRASE, address)).as("the delay set during the burst stays").isEqualTo("throttled");
        assertThat(audited("action = 'LOGIN_THROTTLED' AND account = 'bella' AND client_address = ?", address)).isNotEmpty();
    }

    @Test
    void guessesFromAnotherAddressDoNotKeepTheOwnerOutAndTheAnswerIsTheSameForEveryName() {
        account("throttled-olga", Role.ADMIN);
        var usual = "192.0.2.10";
        assertThat(logIn("throttled-olga", PASSPHRASE, usual)).isEqualTo("in");

        var attacker = "203.0.113.66";
        var stranger = "203.0.113.67";
        var atOlga = new ArrayList<String>();
        var atNobody = new ArrayList<String>();
        for (int i = 0; i < 6; i++) {
            atOlga.add(logIn("throttled-olga", "guess-" + i, attacker));
            atNobody.add(logIn("no-such-account", "guess-" + i, stranger));
        }
        assertThat(atOlga).containsExactly("wrong", "wrong", "wrong", "throttled", "throttled", "throttled");
        assertThat(atNobody).as("an unknown name is answered alike").isEqualTo(atOlga);

        var browser = new StaffBrowser(port).from(attacker);
        var throttled = browser.logIn("throttled-olga", PASSPHRASE);
        assertThat(answer(throttled)).as("even the right password, from the attacker's address").isEqualTo("throttled");
        assertThat(browser.follow(throttled).body())
                .containsPattern("Too many attempts from your address; try again in ([1-9]|10) seconds\\.")
                .doesNotContain("Invalid username or password", "throttled-olga");

        assertThat(logIn("throttled-olga", PASSPHRASE, usual)).as("the owner, from their usual address").isEqualTo("in");
        assertThat(audited("action = 'LOGIN_THROTTLED' AND account = 'throttled-olga' AND client_address = ?", attacker))
                .singleElement().satisfies(r -> assertThat(r.get("DETAIL")).asString().contains("3 failed logins from this address"));
    }

    @Test
    void manyAddressesAtOneAccountHoldBackOnlyAddressesThatNeverLoggedInToItAndAdminsSeeIt() {
        account("pavel", Role.MODERATOR);
        var usual = "192.0.2.20";
        assertThat(logIn("pavel", PASSPHRASE, usual)).isEqualTo("in");

        for (int i = 0; i < 8; i++) {
            assertThat(logIn("pavel", "guess-" + i, "203.0.113." + (100 + i % 4))).isEqualTo("wrong");
        }
        assertThat(logIn("pavel", PASSPHRASE, "203.0.113.150")).as("a new address, once the account's hourly limit is reached")
                .isEqualTo("throttled");
        assertThat(logIn("pavel", PASSPHRASE, usual)).as("the owner's usual address").isEqualTo("in");

        var users = loggedIn("admin", "/users").get("/users").body();
        var row = users.substring(users.indexOf("id=\"account-pavel\""));
        assertThat(row.substring(0, row.indexOf("</tr>"))).contains("8 failed logins from 4 addresses in the last hour");
        assertThat(audited("action = 'LOGIN_THROTTLED' AND account = 'pavel'")).extracting(r -> r.get("DETAIL")).asString()
                .contains("8 failed logins within an hour");
    }

    @Test
    void theCurrentPasswordOnTheAccountPageIsThrottledAsTheLoginIs() {
        account("throttled-quinn", Role.VIEWER);
        var usual = "192.0.2.30";
        var quinn = new StaffBrowser(port).from(usual);
        assertThat(answer(quinn.logIn("throttled-quinn", PASSPHRASE))).isEqualTo("in");
        quinn.get("/account");
        var change = Map.of("password", "a-brand-new-passphrase-7", "confirm", "a-brand-new-passphrase-7");
        for (int i = 0; i < 3; i++) {
            var guess = new java.util.HashMap<>(change);
            guess.put("current", "guess-" + i);
            quinn.postForm("/account/password", guess);
            assertThat(quinn.get("/account").body()).contains("The current password is not right.");
        }
        var right = new java.util.HashMap<>(change);
        right.put("current", PASSPHRASE);
        quinn.postForm("/account/password", right);
        assertThat(quinn.get("/account").body()).containsPattern("Too many attempts from your address; try again in ([1-9]|10) seconds\\.")
                .doesNotContain("Your password has been changed.");

        assertThat(logIn("throttled-quinn", "a-brand-new-passphrase-7", "192.0.2.31")).as("the password was not changed").isEqualTo("wrong");
        assertThat(logIn("throttled-quinn", PASSPHRASE, usual)).as("the same count as the login form's").isEqualTo("throttled");
        assertThat(audited("action = 'CHANGE_OWN_PASSWORD' AND account = 'throttled-quinn'")).extracting(r -> r.get("OUTCOME"))
                .containsExactly("DENIED", "DENIED", "DENIED", "DENIED");
    }
}
