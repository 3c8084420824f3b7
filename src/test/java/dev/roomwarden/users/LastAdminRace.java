package dev.roomwarden.users;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.roomwarden.StaffBrowser;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two ADMINs, the only active ones, remove each other at the same moment: each from a logged-in session of their
 * own, over real HTTP, both requests held at a latch and released together; round after round, disabling and
 * demoting. Exactly one may succeed; the other is refused with the reason, and one active ADMIN remains.
 * Shared by the H2 and the PostgreSQL flow tests, which lock rows differently.
 */
public final class LastAdminRace {

    private static final String FIRST = "race-admin-a";
    private static final String SECOND = "race-admin-b";
    private static final String PASSWORD = "race-admin-passphrase-5521";
    private static final String REFUSAL = "is the last active ADMIN; make someone else ADMIN first.";

    private final int port;
    private final JdbcClient jdbc;

    public LastAdminRace(int port, JdbcClient jdbc) {
        this.port = port;
        this.jdbc = jdbc;
    }

    /**
     * Runs the rounds, with every other active ADMIN disabled meanwhile (and enabled again afterwards);
     * {@code admin} is an ADMIN's browser that creates the two accounts.
     */
    public void run(StaffBrowser admin, int rounds) throws Exception {
        admin.get("/users");
        for (var name : List.of(FIRST, SECOND)) {
            if (jdbc.sql("SELECT COUNT(*) FROM staff_account WHERE username = ?").param(name).query(Long.class).single() == 0) {
                admin.postForm("/users", Map.of("username", name, "role", "ADMIN", "password", PASSWORD));
            }
        }
        var others = jdbc.sql("SELECT username FROM staff_account WHERE role = 'ADMIN' AND enabled = TRUE AND username NOT IN (?, ?)")
                .params(FIRST, SECOND).query(String.class).list();
        var threads = Executors.newFixedThreadPool(2);
        try {
            others.forEach(name -> setEnabled(name, false));
            var refusedInTheRace = 0;
            for (int round = 0; round < rounds; round++) {
                if (round(threads, round)) {
                    refusedInTheRace++;
                }
            }
            assertThat(refusedInTheRace).as("rounds where both requests ran at once and one was refused").isPositive();
        } finally {
            threads.shutdownNow();
            others.forEach(name -> setEnabled(name, true));
        }
    }

    /** One round; whether the loser was refused (rather than logged out before its request began). */
    private boolean round(ExecutorService threads, int round) throws Exception {
        jdbc.sql("UPDATE staff_account SET role = 'ADMIN', enabled = TRUE WHERE username IN (?, ?)").params(FIRST, SECOND).update();
        var first = loggedIn(FIRST);
        var second = loggedIn(SECOND);
        var auditedBefore = jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM audit_record").query(Long.class).single();

        // Disable each other, demote each other, or one of each.
        var firstDisables = round % 3 != 1;
        var secondDisables = round % 3 == 0;
        var ready = new CountDownLatch(2);
        var go = new CountDownLatch(1);
        Future<HttpResponse<String>> byFirst = threads.submit(() -> removeAtOnce(first, SECOND, firstDisables, ready, go));
        Future<HttpResponse<String>> bySecond = threads.submit(() -> removeAtOnce(second, FIRST, secondDisables, ready, go));
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        var answers = Map.of(FIRST, byFirst.get(30, TimeUnit.SECONDS), SECOND, bySecond.get(30, TimeUnit.SECONDS));

        var activeAdmins = jdbc.sql("SELECT username FROM staff_account WHERE role = 'ADMIN' AND enabled = TRUE")
                .query(String.class).list();
        assertThat(activeAdmins).as("round " + round + ": active ADMINs afterwards").hasSize(1);
        var winner = activeAdmins.get(0);
        var loser = winner.equals(FIRST) ? SECOND : FIRST;
        var outcomes = jdbc.sql("""
                SELECT username, outcome, detail FROM audit_record
                WHERE id > ? AND action IN ('DISABLE_ACCOUNT', 'CHANGE_ROLE') ORDER BY id""")
                .param(auditedBefore).query((rs, row) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3)).list();
        assertThat(outcomes).as("round " + round + ": what the audit log holds").filteredOn(o -> o.contains(" DONE "))
                .singleElement().satisfies(o -> assertThat(o).startsWith(winner + " "));
        assertThat(answers.get(winner).headers().firstValue("Location")).as("the winner goes back to the staff page")
                .hasValueSatisfying(l -> assertThat(l).endsWith("/users"));

        var refused = outcomes.stream().filter(o -> o.startsWith(loser + " DENIED ")).toList();
        if (refused.isEmpty()) {
            // The winner's change ended the loser's session before the loser's request was let in.
            assertThat(outcomes).as("round " + round).hasSize(1);
            assertThat(answers.get(loser).headers().firstValue("Location")).as("round " + round + ": the loser, logged out")
                    .hasValueSatisfying(l -> assertThat(l).contains("/login"));
            return false;
        }
        assertThat(refused).as("round " + round + ": the loser's refusal")
                .singleElement().satisfies(o -> assertThat(o).contains("“" + winner + "” " + REFUSAL));
        assertThat(answers.get(loser).headers().firstValue("Location")).as("the refusal is answered like any other, no error page")
                .hasValueSatisfying(l -> assertThat(l).endsWith("/users"));
        return true;
    }

    private StaffBrowser loggedIn(String username) {
        var browser = new StaffBrowser(port);
        assertThat(browser.logIn(username, PASSWORD).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        // The staff page's CSRF token, and a connection already open, so that only the change itself is left to send.
        assertThat(browser.get("/users").statusCode()).isEqualTo(200);
        return browser;
    }

    private static HttpResponse<String> removeAtOnce(StaffBrowser browser, String other, boolean disable, CountDownLatch ready,
            CountDownLatch go) throws InterruptedException {
        ready.countDown();
        go.await();
        return disable ? browser.postForm("/users/" + other + "/disable", Map.of())
                : browser.postForm("/users/" + other + "/role", Map.of("role", "MODERATOR"));
    }

    private void setEnabled(String username, boolean enabled) {
        jdbc.sql("UPDATE staff_account SET enabled = ? WHERE username = ?").params(enabled, username).update();
    }
}
