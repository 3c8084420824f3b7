package dev.roomwarden.overview;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import dev.roomwarden.FlowTest;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.emulator.Sips;
import dev.roomwarden.livekit.LiveKitGateway;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overview's "Needs attention": each rule fires from what LiveKit's webhooks (through the emulator) and staff's
 * actions leave in the database, and clears; acknowledging; "Now" counting what is live. Evaluations are asked for
 * as of a moment the test chooses (a customer alone for three minutes is not waited for).
 */
class OverviewFlowTest extends FlowTest {

    @Autowired
    NeedsAttention attention;

    @Autowired
    AttentionSettings settings;

    @Autowired
    LiveKitGateway livekit;

    @Autowired
    Acknowledgements acknowledgements;

    private String room;

    @BeforeEach
    void aRoomOfItsOwnAndTheDefaultRules() {
        room = "support-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.sql("DELETE FROM attention_rule").update();
    }

    private ParticipantInfo join(String identity, ParticipantInfo.Kind kind) {
        var joined = emulator.state().addParticipant(room, new ParticipantSpec(identity, "", kind, "", Map.of(), List.of()));
        await(identity + " in history", () -> openSessions(identity) == 1);
        return joined;
    }

    private void leave(String identity, DisconnectReason reason) {
        emulator.state().removeParticipant(room, identity, reason);
        await(identity + " left in history", () -> openSessions(identity) == 0);
    }

    private int openSessions(String identity) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM participant_session p JOIN room_session r ON r.room_sid = p.room_sid
                WHERE r.room_name = ? AND p.identity = ? AND p.left_at IS NULL""").params(room, identity).query(Integer.class).single();
    }

    private static void await(String what, BooleanSupplier done) {
        var deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        assertThat(done.getAsBoolean()).as(what).isTrue();
    }

    /** This test's room's items, evaluated as if {@code later} had passed. */
    private List<AttentionItem> itemsAfter(Duration later) {
        return attention.evaluateAt(Instant.now().plus(later)).stream().filter(item -> room.equals(item.room())).toList();
    }

    @Test
    void aCustomerAloneLongerThanTheThresholdIsListedWithALinkToTheRoomAndClearsWhenAnAgentJoins() {
        join("customer-41130", ParticipantInfo.Kind.STANDARD);

        assertThat(itemsAfter(Duration.ofSeconds(60))).as("alone for a minute, under the default 120 s").isEmpty();
        var items = itemsAfter(Duration.ofMinutes(3));
        assertThat(items).extracting(AttentionItem::rule).containsExactly(AttentionRule.CUSTOMER_ALONE);
        assertThat(items.get(0).subject()).isEqualTo("customer-41130");

        var page = loggedIn("viewer", "/overview").get("/overview").body();
        assertThat(page).contains("A customer is alone", "href=\"/rooms/" + room + "\"",
                "“customer-41130” is alone in the room: no agent and nobody else with them.")
                .as("a viewer may not acknowledge").doesNotContain("/overview/acknowledge");

        join("agent-ava", ParticipantInfo.Kind.AGENT);
        assertThat(itemsAfter(Duration.ofMinutes(3))).isEmpty();
        assertThat(loggedIn("viewer").get("/overview").body()).doesNotContain("href=\"/rooms/" + room + "\"");
    }

    @Test
    void aCustomerLeftAloneByTheAgentCountsFromWhenTheAgentLeftAndAnEgressIsNoCompany() {
        join("customer-7", ParticipantInfo.Kind.STANDARD);
        join("agent-ava", ParticipantInfo.Kind.AGENT);
        join("EG_recorder", ParticipantInfo.Kind.EGRESS);
        assertThat(itemsAfter(Duration.ofMinutes(10))).extracting(AttentionItem::rule).doesNotContain(AttentionRule.CUSTOMER_ALONE);

        var left = Instant.now();
        leave("agent-ava", DisconnectReason.CLIENT_INITIATED);

        assertThat(itemsAfter(Duration.ofSeconds(100))).as("alone for 100 s since the agent left").isEmpty();
        assertThat(itemsAfter(Duration.ofMinutes(3))).singleElement().satisfies(item -> {
            assertThat(item.rule()).isEqualTo(AttentionRule.CUSTOMER_ALONE);
            assertThat(item.since()).isBetween(left.minusSeconds(2), left.plusSeconds(2));
        });
    }

    @Test
    void twoPeopleTogetherAreNotAlone() {
        join("customer-1", ParticipantInfo.Kind.STANDARD);
        join("customer-2", ParticipantInfo.Kind.STANDARD);

        assertThat(itemsAfter(Duration.ofMinutes(30))).extracting(AttentionItem::rule).doesNotContain(AttentionRule.CUSTOMER_ALONE);
    }

    @Test
    void anAgentThatLostItsConnectionIsListedWithTheReasonUntilAnAgentIsBack() {
        join("customer-9", ParticipantInfo.Kind.STANDARD);
        join("agent-ava", ParticipantInfo.Kind.AGENT);

        leave("agent-ava", DisconnectReason.SIGNAL_CLOSE);

        assertThat(itemsAfter(Duration.ZERO)).singleElement().satisfies(item -> {
            assertThat(item.rule()).isEqualTo(AttentionRule.AGENT_LEFT);
            assertThat(item.text()).isEqualTo("The agent “agent-ava” dropped out: connection lost (the signal connection closed)."
                    + " No agent has joined since.");
        });
        assertThat(itemsAfter(Duration.ofMinutes(31))).as("listed for 30 minutes by default")
                .extracting(AttentionItem::rule).doesNotContain(AttentionRule.AGENT_LEFT);

        join("agent-ava", ParticipantInfo.Kind.AGENT);
        assertThat(itemsAfter(Duration.ZERO)).isEmpty();
    }

    @Test
    void anAgentRemovedOrLeavingByItselfNeedsNobody() {
        join("customer-9", ParticipantInfo.Kind.STANDARD);
        join("agent-1", ParticipantInfo.Kind.AGENT);
        join("agent-2", ParticipantInfo.Kind.AGENT);

        leave("agent-1", DisconnectReason.PARTICIPANT_REMOVED);
        leave("agent-2", DisconnectReason.CLIENT_INITIATED);

        assertThat(itemsAfter(Duration.ZERO)).isEmpty();
    }

    @Test
    void aRoomOpenLongerThanItsThresholdIsListedUntilItEnds() {
        join("customer-1", ParticipantInfo.Kind.STANDARD);
        join("customer-2", ParticipantInfo.Kind.STANDARD);
        settings.save(AttentionRule.LONG_ROOM, 20, true, true, "admin");

        assertThat(itemsAfter(Duration.ofMinutes(19))).isEmpty();
        assertThat(itemsAfter(Duration.ofMinutes(21))).singleElement().satisfies(item -> {
            assertThat(item.rule()).isEqualTo(AttentionRule.LONG_ROOM);
            assertThat(item.text()).startsWith("The room has been open for more than 20 minutes (since ");
        });

        emulator.state().deleteRoom(room);
        await("room ended in history", () -> jdbc.sql("SELECT COUNT(*) FROM room_session WHERE room_name = ? AND ended_at IS NULL")
                .param(room).query(Integer.class).single() == 0);
        assertThat(itemsAfter(Duration.ofMinutes(21))).isEmpty();
    }

    @Test
    void aRuleTurnedOffListsNothing() {
        join("customer-41130", ParticipantInfo.Kind.STANDARD);
        settings.save(AttentionRule.CUSTOMER_ALONE, 120, false, true, "admin");

        assertThat(itemsAfter(Duration.ofMinutes(3))).isEmpty();
    }

    @Test
    void aKeptOutIdentityRemovedAgainThreeTimesIsListed() {
        join("customer-1", ParticipantInfo.Kind.STANDARD);
        join("troll-1", ParticipantInfo.Kind.STANDARD);
        var moderator = loggedIn("moderator", "/rooms/" + room);
        var removed = moderator.postHtmx("/rooms/" + room + "/participants/troll-1/remove",
                Map.of("keepOut", "1h", "keepOutOf", "room", "reason", "abusive language"));
        assertThat(removed.statusCode()).isEqualTo(200);

        for (var time = 1; time <= 3; time++) {
            emulator.state().addParticipant(room, new ParticipantSpec("troll-1", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
            var expected = time;
            await("removal " + time, () -> jdbc.sql("""
                    SELECT COUNT(*) FROM keep_out_removal x JOIN keep_out k ON k.id = x.keep_out_id WHERE k.participant = 'troll-1' AND k.room = ?""")
                    .param(room).query(Integer.class).single() == expected && emulator.state().participant(room, "troll-1").isEmpty());
            if (time == 2) {
                assertThat(itemsAfter(Duration.ZERO)).as("twice is under the default of three").isEmpty();
            }
        }

        assertThat(itemsAfter(Duration.ZERO)).singleElement().satisfies(item -> {
            assertThat(item.rule()).isEqualTo(AttentionRule.KEPT_OUT_RETURNING);
            assertThat(item.text()).isEqualTo("“troll-1” is kept out of this room and came back 3 times in the last 15 minutes; Roomwarden removed them each time.");
        });
        assertThat(itemsAfter(Duration.ofMinutes(16))).as("no return in the last 15 minutes")
                .extracting(AttentionItem::rule).doesNotContain(AttentionRule.KEPT_OUT_RETURNING);
    }

    @Test
    void aFailedRecordingIsListedForAnHour() {
        join("customer-1", ParticipantInfo.Kind.STANDARD);
        join("customer-2", ParticipantInfo.Kind.STANDARD);
        emulator.faults().failNextEgress("Pipeline failed: disk full");
        var failed = livekit.startRoomRecording(room, "recordings/broken.mp4", "grid", false).orElseThrow();
        await("failure kept", () -> jdbc.sql("SELECT COUNT(*) FROM recording WHERE egress_id = ? AND status = 'EGRESS_FAILED'")
                .param(failed.getEgressId()).query(Integer.class).single() == 1);

        assertThat(itemsAfter(Duration.ZERO)).singleElement().satisfies(item -> {
            assertThat(item.rule()).isEqualTo(AttentionRule.RECORDING_FAILED);
            assertThat(item.text()).isEqualTo("The recording " + failed.getEgressId() + " failed. /recordings has LiveKit's error.");
        });
        assertThat(itemsAfter(Duration.ofMinutes(61))).extracting(AttentionItem::rule).doesNotContain(AttentionRule.RECORDING_FAILED);
    }

    @Test
    void aPhoneCallThatFailedIsListed() {
        join("customer-1", ParticipantInfo.Kind.STANDARD);
        join("agent-ava", ParticipantInfo.Kind.AGENT);
        var trunk = livekit.createOutboundTrunk(SIPOutboundTrunkInfo.newBuilder().setName("carrier").setAddress("sip.carrier.example")
                .addNumbers("+14155550100").build()).getSipTrunkId();
        emulator.sip().nextCallee(Sips.Callee.BUSY, Duration.ZERO);

        var answer = loggedIn("moderator", "/rooms/" + room).postHtmx("/rooms/" + room + "/call", Map.of("trunk", trunk,
                "number", "+14155550123", "identity", "", "name", "", "ringingTimeout", "20", "waitUntilAnswered", "true",
                "reason", "billing desk"));
        assertThat(answer.body()).contains("is busy");

        assertThat(itemsAfter(Duration.ZERO)).singleElement().satisfies(item -> {
            assertThat(item.rule()).isEqualTo(AttentionRule.SIP_CALL_FAILED);
            assertThat(item.text()).isEqualTo("A phone call from Roomwarden failed. The audit log has LiveKit's answer.");
        });
    }

    @Test
    void aModeratorAcknowledgesAnItemWhichLeavesTheListWithWhoAcknowledgedItAudited() {
        join("customer-41130", ParticipantInfo.Kind.STANDARD);
        var item = itemsAfter(Duration.ofMinutes(3)).get(0);
        var moderator = loggedIn("moderator", "/overview");
        assertThat(moderator.get("/overview").body()).contains("/overview/acknowledge", item.key());

        var answer = moderator.postForm("/overview/acknowledge", Map.of("key", item.key()));

        assertThat(answer.statusCode()).isEqualTo(302);
        var page = moderator.follow(answer).body();
        assertThat(page).contains("Acknowledged: a customer is alone in “" + room + "”. It is no longer listed.",
                        "Acknowledged in the last hour", "by <span>moderator</span>")
                .doesNotContain("“customer-41130” is alone in the room");
        assertThat(itemsAfter(Duration.ofMinutes(3))).isEmpty();
        var record = lastAudited();
        assertThat(record).containsEntry("ACTION", "ACKNOWLEDGE_ATTENTION").containsEntry("USERNAME", "moderator")
                .containsEntry("ROOM", room).containsEntry("OUTCOME", "DONE");
        assertThat((String) record.get("DETAIL")).isEqualTo("A customer is alone: “customer-41130” is alone in the room: no agent and"
                + " nobody else with them.");

        var again = moderator.postHtmx("/overview/acknowledge", Map.of("key", item.key()));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("This item was already acknowledged by moderator. Nothing was changed.");
    }

    @Test
    void acknowledgementsOlderThanAnyItemTheyCouldSilenceAreForgottenAndRecentOnesKept() {
        var old = java.sql.Timestamp.from(Instant.now().minus(NeedsAttention.ACK_KEPT).minusSeconds(60));
        var recent = java.sql.Timestamp.from(Instant.now().minusSeconds(60));
        jdbc.sql("INSERT INTO attention_ack (item_key, rule, room_name, acknowledged_by, acknowledged_at) VALUES (?, 'LONG_ROOM', ?, 'moderator', ?)")
                .params("LONG_ROOM|old-" + room, room, old).update();
        jdbc.sql("INSERT INTO attention_ack (item_key, rule, room_name, acknowledged_by, acknowledged_at) VALUES (?, 'LONG_ROOM', ?, 'moderator', ?)")
                .params("LONG_ROOM|recent-" + room, room, recent).update();

        acknowledgements.prune();

        assertThat(jdbc.sql("SELECT item_key FROM attention_ack WHERE room_name = ?").param(room).query(String.class).list())
                .containsExactly("LONG_ROOM|recent-" + room);
    }

    @Test
    void aViewerMayNotAcknowledgeAndAnItemNoLongerListedIsRefused() {
        join("customer-41130", ParticipantInfo.Kind.STANDARD);
        var item = itemsAfter(Duration.ofMinutes(3)).get(0);

        var refused = loggedIn("viewer", "/overview").postHtmx("/overview/acknowledge", Map.of("key", item.key()));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(lastAudited()).containsEntry("ACTION", "ACKNOWLEDGE_ATTENTION").containsEntry("OUTCOME", "DENIED");
        assertThat(itemsAfter(Duration.ofMinutes(3))).hasSize(1);

        var unknown = loggedIn("moderator", "/overview").postHtmx("/overview/acknowledge", Map.of("key", "CUSTOMER_ALONE|nope|x|1"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("This item is no longer listed: what needed attention has cleared. Nothing was changed.");
    }

    @Test
    void nowCountsRoomsParticipantsAgentsAndCallersAndSaysLiveKitAnswers() {
        join("customer-1", ParticipantInfo.Kind.STANDARD);
        join("agent-ava", ParticipantInfo.Kind.AGENT);
        join("sip_+14155550142", ParticipantInfo.Kind.SIP);

        var page = loggedIn("viewer", "/overview").get("/overview").body();

        assertThat(page).contains("<h2 id=\"now-heading\" class=\"h5\">Now</h2>", "id=\"now-rooms\">1<", "id=\"now-participants\">3<",
                "id=\"now-agents\">1<", "id=\"now-sip\">1<", "answering", "p50 ");
    }

    @Test
    void whenLiveKitDoesNotAnswerNowSaysSoAndNeedsAttentionStillShows() {
        join("customer-41130", ParticipantInfo.Kind.STANDARD);
        itemsAfter(Duration.ofMinutes(3));
        emulator.faults().set(dev.roomwarden.emulator.FaultMode.UNAVAILABLE, Duration.ZERO);

        var answer = loggedIn("viewer", "/overview").get("/overview");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("id=\"now-rooms\">–<", "not answering", "“customer-41130” is alone in the room");
    }

    @Test
    void aRefreshAnswersThePartUnderTheStreamNotTheStreamItself() {
        var viewer = loggedIn("viewer", "/overview");

        var refresh = viewer.getHtmx("/overview").body();

        // Replacing the element that holds the event stream would open a new stream on every refresh.
        assertThat(refresh).startsWith("<div id=\"overview-part\"").contains("Needs attention").doesNotContain("sse-connect", "<html");
    }

    @Test
    void anItemThatComesIsPushedToAModeratorsOpenOverviewWithItsAcknowledgeButton() throws Exception {
        join("customer-41130", ParticipantInfo.Kind.STANDARD);
        try (var stream = loggedIn("moderator", "/overview").stream("/overview")) {
            assertThat(stream.status()).isEqualTo(200);

            itemsAfter(Duration.ofMinutes(3));

            var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String pushed = null;
            while (System.nanoTime() < deadline && pushed == null) {
                var next = stream.next("overview-part", Duration.ofNanos(deadline - System.nanoTime()));
                if (next != null && next.data().contains("href=\"/rooms/" + room + "\"")) {
                    pushed = next.data();
                }
            }
            // Rendered outside any request, for the moderator: their button, which submits the page's form (it has the CSRF token).
            assertThat(pushed).as("a push that lists the new item").isNotNull().contains("id=\"overview-part\"",
                    "“customer-41130” is alone in the room", "form=\"acknowledge-form\"", "Acknowledge").doesNotContain("<html");
        }
    }

    @Test
    void theHomePageIsTheOverview() {
        var answer = loggedIn("viewer").get("/");
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/overview"));
    }
}
