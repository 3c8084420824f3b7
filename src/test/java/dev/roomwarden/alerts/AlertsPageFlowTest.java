package dev.roomwarden.alerts;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.roomwarden.StaffBrowser;
import dev.roomwarden.overview.AttentionRule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** /alerts as an ADMIN uses it (rules, targets, send test, delete), what it refuses and says, what it audits; nobody else's. */
class AlertsPageFlowTest extends AlertsFlowTest {

    /** A Slack webhook's path is its secret. */
    private static final String SECRET = "T0001/B0002/Xsecret42Hook";

    private static String text(HttpResponse<String> page) {
        return page.body().replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&").replace("&gt;", ">").replace("&lt;", "<");
    }

    private StaffBrowser admin() {
        return loggedIn("admin", "/alerts");
    }

    private HttpResponse<String> addWebhook(StaffBrowser admin, String name, String url) {
        admin.get("/alerts/targets/new?kind=webhook");
        return admin.postForm("/alerts/targets", Map.of("kind", "WEBHOOK", "name", name, "url", url, "format", "SLACK", "enabled", "on"));
    }

    @Test
    void onlyAnAdminHasTheAlertsPageAndItsMenuItem() {
        assertThat(text(admin().get("/alerts"))).contains("<h1 class=\"h3 mb-2\">Alerts</h1>").contains("A customer is alone")
                .contains("LiveKit is unreachable").contains("No webhook while rooms are live").contains("No targets yet")
                .contains("href=\"/alerts\"");
        for (var who : new String[] {"moderator", "viewer"}) {
            var browser = loggedIn(who, "/overview");
            assertThat(browser.get("/overview").body()).as(who + "'s menu").doesNotContain("href=\"/alerts\"");
            assertThat(browser.get("/alerts").statusCode()).as(who).isEqualTo(403);
            assertThat(browser.get("/alerts/targets/new").statusCode()).as(who).isEqualTo(403);
            assertThat(browser.postForm("/alerts/rules/long-room", Map.of("threshold", "5")).statusCode()).as(who).isEqualTo(403);
        }
        assertThat(settings.of(AttentionRule.LONG_ROOM).threshold()).isEqualTo(60);
    }

    @Test
    void aRuleIsSavedWithWhatChangedAuditedAndAThresholdOutOfRangeChangesNothing() {
        var admin = admin();
        var refused = admin.postForm("/alerts/rules/long-room", Map.of("threshold", "0", "enabled", "on", "notifies", "on"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(text(refused)).contains("“A room runs long”: the threshold must be from 1 to 10080 minutes, not 0. Nothing was changed.");
        var notANumber = admin.postForm("/alerts/rules/long-room", Map.of("threshold", "an hour", "enabled", "on", "notifies", "on"));
        assertThat(text(notANumber)).contains("“A room runs long”: the threshold must be a whole number of minutes. Nothing was changed.");
        assertThat(admin.postForm("/alerts/rules/no-such-rule", Map.of("threshold", "5")).statusCode()).isEqualTo(400);
        assertThat(audited("action = 'UPDATE_ALERT_RULE'")).isEmpty();
        assertThat(settings.of(AttentionRule.LONG_ROOM).threshold()).isEqualTo(60);

        var saved = admin.postForm("/alerts/rules/long-room", Map.of("threshold", "5", "enabled", "on"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(text(admin.follow(saved))).contains("“A room runs long” is saved: threshold 60 -> 5 minutes; notifies on -> off.");
        var setting = settings.of(AttentionRule.LONG_ROOM);
        assertThat(setting.threshold()).isEqualTo(5);
        assertThat(setting.enabled()).isTrue();
        assertThat(setting.notifies()).isFalse();
        assertThat(setting.updatedBy()).isEqualTo("admin");
        assertThat(audited("action = 'UPDATE_ALERT_RULE'")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("USERNAME", "admin").containsEntry("OUTCOME", "DONE")
                .containsEntry("DETAIL", "“A room runs long”: threshold 60 -> 5 minutes; notifies on -> off"));
    }

    @Test
    void aWebhookTargetIsAddedEditedTestedAndDeletedWithoutItsUrlEverShownOrAudited() {
        var admin = admin();
        var url = server.url("/hook/" + SECRET);
        var added = addWebhook(admin, "Support channel", url);
        assertThat(added.statusCode()).isEqualTo(302);
        var target = targets.all().get(0);
        assertThat(target.address()).isEqualTo(url);
        var page = text(admin.follow(added));
        assertThat(page).contains("The outgoing webhook “Support channel” is added.").contains("http://127.0.0.1:" + server.port() + "/…")
                .doesNotContain(SECRET);
        assertThat(text(admin.get("/alerts/targets/" + target.id() + "/edit"))).contains("(unchanged)").doesNotContain(SECRET);

        // Left empty, the URL stays as it was.
        var edited = admin.postForm("/alerts/targets/" + target.id(), Map.of("name", "Support room", "url", "", "format", "JSON"));
        assertThat(edited.statusCode()).isEqualTo(302);
        var after = targets.find(target.id()).orElseThrow();
        assertThat(after.address()).isEqualTo(url);
        assertThat(after.name()).isEqualTo("Support room");
        assertThat(after.format()).isEqualTo(AlertTarget.Format.JSON);
        assertThat(after.enabled()).isFalse();

        admin.get("/alerts");
        var tested = admin.postForm("/alerts/targets/" + target.id() + "/test", Map.of());
        assertThat(tested.statusCode()).isEqualTo(302);
        assertThat(text(admin.follow(tested))).contains("The test alert to “Support room”: Delivered (HTTP 200).")
                .contains("Recent deliveries").contains("delivered");
        assertThat(server.bodies("/hook/" + SECRET, "\"state\":\"test\"")).hasSize(1);

        var confirm = admin.get("/alerts/targets/" + target.id() + "/delete");
        assertThat(text(confirm)).contains("Delete the <span>outgoing webhook</span>").contains("Support room").doesNotContain(SECRET);
        var deleted = admin.postForm("/alerts/targets/" + target.id() + "/delete", Map.of());
        assertThat(deleted.statusCode()).isEqualTo(302);
        assertThat(targets.all()).isEmpty();

        var shown = "http://127.0.0.1:" + server.port() + "/…";
        assertThat(audited("action IN ('CREATE_ALERT_TARGET', 'UPDATE_ALERT_TARGET', 'SEND_TEST_ALERT', 'DELETE_ALERT_TARGET')"))
                .extracting(row -> row.get("ACTION") + " " + row.get("OUTCOME") + " " + row.get("DETAIL")).containsExactly(
                        "CREATE_ALERT_TARGET DONE #" + target.id() + " outgoing webhook “Support channel” to " + shown + " (SLACK)",
                        "UPDATE_ALERT_TARGET DONE #" + target.id() + " outgoing webhook “Support room”: name “Support channel” -> "
                                + "“Support room”; format SLACK -> JSON; disabled",
                        "SEND_TEST_ALERT DONE #" + target.id() + " outgoing webhook “Support room” to " + shown + ": Delivered (HTTP 200).",
                        "DELETE_ALERT_TARGET DONE #" + target.id() + " outgoing webhook “Support room” to " + shown + " (JSON), disabled");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_record WHERE detail LIKE ?").param("%" + SECRET + "%").query(Long.class).single())
                .isZero();
    }

    @Test
    void aTestThatFailsIsAuditedAsFailedWithWhy() {
        var admin = admin();
        addWebhook(admin, "Broken", server.url("/broken"));
        var target = targets.all().get(0);
        admin.get("/alerts");
        var tested = admin.postForm("/alerts/targets/" + target.id() + "/test", Map.of());
        assertThat(text(admin.follow(tested))).contains("The test alert to “Broken”: The target answered HTTP 500 (“no_service”).");
        assertThat(audited("action = 'SEND_TEST_ALERT'")).singleElement().satisfies(row -> assertThat(row).containsEntry("OUTCOME", "FAILED"));
    }

    @Test
    void urlsThatAreNotHttpCarryAUserOrPointAtMetadataOrRoomwardenItselfAreRefusedWithASentence() {
        var admin = admin();
        var refusals = Map.of(
                "file:///etc/passwd", "Only http and https URLs can receive alerts, not “file:”. Nothing was saved.",
                "ftp://chat.example.com/hook", "Only http and https URLs can receive alerts, not “ftp:”. Nothing was saved.",
                "http://alerts:pa55@127.0.0.1:" + server.port() + "/hook",
                "The URL may not contain a user name or password before its host (user@host)",
                "http://169.254.169.254/latest/meta-data/iam", "“169.254.169.254” is a link-local address (169.254.0.0/16 or fe80::/10, "
                        + "where cloud metadata services answer); alerts are not sent there",
                "http://127.0.0.1:" + port + "/actuator/health", "“127.0.0.1” is this machine, and port " + port
                        + " is Roomwarden's own: alerts are not sent to Roomwarden itself. Nothing was saved.",
                "http://localhost:" + port + "/livekit/webhook", "“localhost” resolves to 127.0.0.1, this machine, and port " + port
                        + " is Roomwarden's own");
        refusals.forEach((url, sentence) -> {
            var answer = addWebhook(admin, "Refused", url);
            assertThat(answer.statusCode()).as(url).isEqualTo(400);
            assertThat(text(answer)).as(url).contains(sentence).doesNotContain("meta-data").doesNotContain("pa55");
        });
        assertThat(targets.all()).isEmpty();
        assertThat(audited("action = 'CREATE_ALERT_TARGET'")).isEmpty();
    }

    @Test
    void anEmailTargetNeedsOneAddress() {
        var admin = admin();
        assertThat(text(admin.get("/alerts"))).contains("Add an e-mail address").doesNotContain("id=\"no-mail\"");
        admin.get("/alerts/targets/new?kind=email");
        var refused = admin.postForm("/alerts/targets", Map.of("kind", "EMAIL", "name", "On call", "email", "on call <x@example.com>",
                "enabled", "on"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(text(refused)).contains("is not one e-mail address (name@example.com). Nothing was saved.");
        var added = admin.postForm("/alerts/targets", Map.of("kind", "EMAIL", "name", "On call", "email", "oncall@example.com",
                "enabled", "on"));
        assertThat(added.statusCode()).isEqualTo(302);
        assertThat(targets.all()).singleElement().satisfies(target -> assertThat(target.address()).isEqualTo("oncall@example.com"));
    }
}
