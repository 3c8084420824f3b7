package dev.roomwarden.views;

import java.util.Map;

import dev.roomwarden.FlowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Saved views: each person's own in their menu; shared ones that an ADMIN publishes, in everyone's who may read them. */
class ViewsFlowTest extends FlowTest {

    @BeforeEach
    void noViews() {
        jdbc.sql("DELETE FROM saved_view").update();
    }

    @Test
    void aSavedViewIsInItsOwnersMenuOnlyAndOpensTheFilter() {
        var moderator = loggedIn("moderator", "/history?kind=agent&room=support");
        var saved = moderator.postForm("/views", Map.of("name", "Agent rooms", "page", "history", "query", "?room=support&kind=agent&page=3"));
        assertThat(saved.statusCode()).isEqualTo(302);
        // The filter in the page's own order, without the page number: a view is a filter, not a place in it.
        assertThat(saved.headers().firstValue("Location").orElseThrow()).endsWith("/history?room=support&kind=agent");
        assertThat(moderator.follow(saved).body()).contains("Saved the view “Agent rooms”");

        var menu = moderator.get("/overview").body();
        assertThat(menu).contains("Your views", "href=\"/history?room=support&amp;kind=agent\"", ">Agent rooms</a>");
        assertThat(loggedIn("viewer", "/overview").get("/overview").body()).doesNotContain("Agent rooms")
                .contains("No saved views yet");
    }

    @Test
    void withHtmxTheFieldsOfTheFilterAsTheyAreNowAreSaved() {
        var viewer = loggedIn("viewer", "/rooms");
        // The page was loaded unfiltered (query); the filter was typed since, without a page load.
        var saved = viewer.postHtmx("/views", Map.of("name", "Billing desks", "page", "rooms", "query", "?q=&sort=name",
                "q", "billing", "sort", "-participants", "tag", "escalated", "evil", "x"));
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(saved.headers().firstValue("HX-Redirect").orElseThrow()).endsWith("/rooms?q=billing&sort=-participants&tag=escalated");
        assertThat(jdbc.sql("SELECT query FROM saved_view").query(String.class).single()).isEqualTo("?q=billing&sort=-participants&tag=escalated");
    }

    @Test
    void anAdminSharesAViewWithEveryoneAuditedAndAViewerDoesNotGetAuditViews() {
        var admin = loggedIn("admin", "/audit");
        admin.postForm("/views", Map.of("name", "Refusals", "page", "audit", "query", "?outcome=DENIED"));
        admin.postForm("/views", Map.of("name", "Escalations", "page", "history", "query", "?room=escalation"));
        var ids = jdbc.sql("SELECT id FROM saved_view WHERE owner = 'admin' ORDER BY name").query(Long.class).list();
        var escalations = ids.get(0);
        var refusals = ids.get(1);

        var listed = admin.get("/views").body();
        assertThat(listed).contains("Share with everyone", "Refusals", "Escalations");
        assertThat(admin.postForm("/views/" + escalations + "/publish", Map.of()).statusCode()).isEqualTo(302);
        assertThat(admin.postForm("/views/" + refusals + "/publish", Map.of()).statusCode()).isEqualTo(302);
        assertThat(audited("action = 'PUBLISH_VIEW'")).hasSize(2)
                .anySatisfy(row -> assertThat(row.get("DETAIL")).isEqualTo("view “Escalations”: /history?room=escalation"));

        var viewerMenu = loggedIn("viewer", "/overview").get("/overview").body();
        assertThat(viewerMenu).contains("Shared", ">Escalations</a>").doesNotContain("Refusals", "outcome=DENIED");
        var moderatorMenu = loggedIn("moderator", "/overview").get("/overview").body();
        assertThat(moderatorMenu).contains(">Escalations</a>", ">Refusals</a>");

        // Neither a moderator nor a viewer publishes or unpublishes; the refusal is audited.
        var moderator = loggedIn("moderator", "/views");
        assertThat(moderator.postForm("/views/" + escalations + "/unpublish", Map.of()).statusCode()).isEqualTo(403);
        assertThat(audited("action = 'UNPUBLISH_VIEW' AND outcome = 'DENIED'")).hasSize(1);
        // ... nor deletes another's view.
        assertThat(moderator.postForm("/views/" + escalations + "/delete", Map.of()).statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM saved_view").query(Integer.class).single()).isEqualTo(2);

        assertThat(admin.postForm("/views/" + refusals + "/unpublish", Map.of()).statusCode()).isEqualTo(302);
        assertThat(admin.get("/views/" + escalations + "/delete").body()).contains("It is shared: it leaves everyone's Views menu.");
        assertThat(admin.postForm("/views/" + escalations + "/delete", Map.of()).statusCode()).isEqualTo(302);
        assertThat(audited("action = 'DELETE_SHARED_VIEW'")).hasSize(1);
        assertThat(loggedIn("viewer", "/overview").get("/overview").body()).doesNotContain("Escalations");
    }

    @Test
    void aViewerCannotSaveAViewOfTheAuditLog() {
        var viewer = loggedIn("viewer", "/rooms");
        var answer = viewer.postForm("/views", Map.of("name", "Sneaky", "page", "audit", "query", ""));
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM saved_view").query(Integer.class).single()).isZero();
    }

    @Test
    void badViewsAreRefusedWithASentenceAndChangeNothing() {
        var viewer = loggedIn("viewer", "/rooms");
        assertThat(viewer.postForm("/views", Map.of("name", " ", "page", "rooms")).body()).contains("Give the view a name");
        assertThat(viewer.postForm("/views", Map.of("name", "x".repeat(81), "page", "rooms")).body()).contains("at most 80 characters");
        assertThat(viewer.postForm("/views", Map.of("name", "two\nlines", "page", "rooms")).body()).contains("control characters");
        assertThat(viewer.postForm("/views", Map.of("name", "Users", "page", "users")).body())
                .contains("Views can be saved of rooms, history or the audit log");
        viewer.postForm("/views", Map.of("name", "Mine", "page", "rooms", "query", "?q=a"));
        var again = viewer.postForm("/views", Map.of("name", "MINE", "page", "rooms", "query", "?q=b"));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("You already have a view named “MINE”");
        assertThat(viewer.postForm("/views/12345678/delete", Map.of()).body()).contains("This view no longer exists");
        assertThat(viewer.postForm("/views/abc/delete", Map.of()).statusCode()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT query FROM saved_view").query(String.class).list()).containsExactly("?q=a");
    }

    @Test
    void hostileViewNamesAreText() {
        var viewer = loggedIn("viewer", "/rooms");
        viewer.postForm("/views", Map.of("name", "<img src=x onerror=alert(1)>", "page", "rooms", "query", "?q=%3Cscript%3E"));
        var menu = viewer.get("/overview").body();
        assertThat(menu).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img src=x");
        assertThat(menu).contains("href=\"/rooms?q=%3Cscript%3E\"");
    }
}
