package dev.roomwarden.alerts;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Alerts by outgoing webhook: once per item, a resolved notice when it clears, redirects refused, failures listed. */
class WebhookAlertsFlowTest extends AlertsFlowTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private List<Map<String, Object>> deliveries() {
        return jdbc.sql("SELECT * FROM alert_delivery ORDER BY id").query().listOfRows();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String body) {
        return JSON.readValue(body, Map.class);
    }

    @Test
    void aRoomThatRunsLongIsPostedOnceInSlackFormatAndItsClearingOnce() throws Exception {
        webhook("Support channel", "/hook", AlertTarget.Format.SLACK);
        aLongRoom("alerts-long-1");

        assertThat(evaluate().fired()).hasSize(1);
        var firing = server.bodies("/hook", "alerts-long-1");
        assertThat(firing).singleElement().satisfies(body -> {
            var text = (String) json(body).get("text");
            assertThat(text).startsWith("Roomwarden: A room runs long in “alerts-long-1”")
                    .contains("The room has been open for more than 1 minutes")
                    .contains("https://roomwarden.example.com/rooms/alerts-long-1");
        });

        assertThat(evaluate().fired()).as("the same item again: no second notice").isEmpty();
        assertThat(server.bodies("/hook", "alerts-long-1")).hasSize(1);

        roomFinished("alerts-long-1");
        assertThat(evaluate().resolved()).hasSize(1);
        var bodies = server.bodies("/hook", "alerts-long-1");
        assertThat(bodies).hasSize(2);
        assertThat((String) json(bodies.get(1)).get("text")).startsWith("Roomwarden: Cleared: A room runs long in “alerts-long-1”")
                .contains(": cleared.");
        assertThat(evaluate().resolved()).as("resolved once").isEmpty();
        assertThat(server.bodies("/hook", "alerts-long-1")).hasSize(2);

        assertThat(deliveries()).extracting(row -> row.get("NOTICE") + " " + row.get("STATE"))
                .containsExactly("FIRING DELIVERED", "RESOLVED DELIVERED");
        assertThat(deliveries()).allSatisfy(row -> assertThat((String) row.get("DETAIL")).isEqualTo("Delivered (HTTP 200)."));
    }

    @Test
    void theJsonFormatIsADocumentWithRuleRoomTextSinceStateAndLink() throws Exception {
        webhook("Ops bus", "/hook", AlertTarget.Format.JSON);
        aLongRoom("alerts-json-1");

        evaluate();
        roomFinished("alerts-json-1");
        evaluate();

        var bodies = server.bodies("/hook", "alerts-json-1");
        assertThat(bodies).hasSize(2);
        assertThat(json(bodies.get(0))).containsEntry("state", "firing").containsEntry("rule", "LONG_ROOM")
                .containsEntry("room", "alerts-json-1").containsEntry("link", "https://roomwarden.example.com/rooms/alerts-json-1")
                .containsKeys("text", "since");
        assertThat((String) json(bodies.get(0)).get("since")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(json(bodies.get(1))).containsEntry("state", "resolved").containsEntry("resolution", "cleared");
    }

    @Test
    void anAcknowledgedItemIsResolvedSayingWhoAcknowledgedIt() throws Exception {
        webhook("Support channel", "/hook", AlertTarget.Format.SLACK);
        aLongRoom("alerts-ack-1");
        evaluate();
        var key = attention.current().stream().filter(item -> "alerts-ack-1".equals(item.room())).findFirst().orElseThrow().key();

        var moderator = loggedIn("moderator", "/overview");
        assertThat(moderator.postForm("/overview/acknowledge", Map.of("key", key)).statusCode()).isEqualTo(302);
        evaluate();

        var bodies = server.bodies("/hook", "alerts-ack-1");
        assertThat(bodies).hasSize(2);
        assertThat((String) json(bodies.get(1)).get("text")).contains("Cleared").contains("acknowledged by moderator");
    }

    @Test
    void aRedirectIsAFailureAndIsNotFollowed() throws Exception {
        webhook("Moved", "/redirect", AlertTarget.Format.SLACK);
        aLongRoom("alerts-redirect-1");

        evaluate();

        assertThat(server.all()).extracting(TestTarget.Received::path).containsExactly("/redirect");
        assertThat(deliveries()).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("STATE", "FAILED").containsEntry("ATTEMPTS", 1);
            assertThat((String) row.get("DETAIL")).isEqualTo("Redirected to localhost; Roomwarden does not follow redirects. "
                    + "Save the URL it redirects to, if you trust it.");
        });
    }

    @Test
    void aTargetThatDoesNotAnswerInTimeIsTriedAgainThenListedAsFailedWhileTheOthersGetTheirs() throws Exception {
        webhook("Slow", "/slow", AlertTarget.Format.SLACK);
        webhook("Broken", "/broken", AlertTarget.Format.SLACK);
        webhook("Working", "/hook", AlertTarget.Format.SLACK);
        aLongRoom("alerts-slow-1");

        evaluate();

        assertThat(server.bodies("/hook", "alerts-slow-1")).hasSize(1);
        assertThat(deliveries()).extracting(row -> row.get("TARGET_NAME") + ": " + row.get("STATE") + " after " + row.get("ATTEMPTS")
                + ", " + row.get("DETAIL")).containsExactlyInAnyOrder(
                        "Slow: FAILED after 2, No answer within 1 s (timed out).",
                        "Broken: FAILED after 2, The target answered HTTP 500 (“no_service”).",
                        "Working: DELIVERED after 1, Delivered (HTTP 200).");
    }

    @Test
    void pastTheRateLimitNoticesAreHeldBackAndTheNextOneSaysHowMany() throws Exception {
        webhook("Support channel", "/hook", AlertTarget.Format.SLACK);
        for (var i = 1; i <= 7; i++) {
            aLongRoom("alerts-rate-" + i);
        }

        evaluate();

        assertThat(server.bodies("/hook", "alerts-rate-")).hasSize(5);
        assertThat(deliveries()).extracting(row -> row.get("STATE")).containsOnly("DELIVERED", "RATE_LIMITED")
                .filteredOn("RATE_LIMITED"::equals).hasSize(2);

        // The window has passed.
        jdbc.sql("UPDATE alert_delivery SET created_at = DATEADD('MINUTE', -11, created_at)").update();
        roomFinished("alerts-rate-1");
        evaluate();

        assertThat(server.bodies("/hook", "Cleared")).singleElement().satisfies(body ->
                assertThat((String) json(body).get("text")).contains("Cleared")
                        .contains("(2 earlier notices were held back by the rate limit; /alerts lists them.)"));
    }
}
