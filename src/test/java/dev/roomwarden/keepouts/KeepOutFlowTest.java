package dev.roomwarden.keepouts;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.roomwarden.FlowTest;
import dev.roomwarden.StaffBrowser;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.history.InsertOnce;
import dev.roomwarden.history.ParticipantJoined;
import dev.roomwarden.livekit.LiveKitGateway;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeping an identity out, over real HTTP through the SDK to the embedded emulator: the remove dialog keeps them out,
 * Roomwarden removes them again each time the emulator's webhook says they joined, audited as its own action in the
 * keep-out's batch, until the keep-out is lifted or ends. Each test has rooms and identities of its own.
 */
class KeepOutFlowTest extends FlowTest {

    /** What the issue asks: a kept-out identity that rejoins is gone again within this. */
    private static final Duration GONE_WITHIN = Duration.ofSeconds(2);

    @Autowired
    KeepOuts keepOuts;

    @Autowired
    InsertOnce insertOnce;

    @Autowired
    LiveKitGateway livekit;

    @Autowired
    AuditLog auditLog;

    @Autowired
    Clock clock;

    private ParticipantInfo join(String room, String identity) {
        return emulator.state().addParticipant(room, new ParticipantSpec(identity, "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
    }

    private boolean inRoom(String room, String identity) {
        return emulator.state().participant(room, identity).isPresent();
    }

    private StaffBrowser removedAndKeptOut(String room, String identity, String keepOut, String keepOutOf) {
        join(room, identity);
        var moderator = loggedIn("moderator", "/rooms/" + room);
        var answer = moderator.postHtmx("/rooms/" + room + "/participants/" + identity + "/remove",
                Map.of("keepOut", keepOut, "keepOutOf", keepOutOf, "reason", "abusive language"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("alert-success", "was removed from", "Roomwarden keeps them out of");
        assertThat(inRoom(room, identity)).isFalse();
        return moderator;
    }

    /** Waits (at most {@code within}) until the identity is no longer in the room; whether it left. */
    private boolean goneWithin(String room, String identity, Duration within) throws InterruptedException {
        var deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!inRoom(room, identity)) {
                return true;
            }
            Thread.sleep(20);
        }
        return !inRoom(room, identity);
    }

    /** Roomwarden's removals of kept-out identities in this test, once each has its outcome (LiveKit answered just before). */
    private List<Map<String, Object>> removals() throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        var removals = audited("action = 'REMOVE_KEPT_OUT'");
        while (removals.stream().anyMatch(r -> "PENDING".equals(r.get("OUTCOME"))) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            removals = audited("action = 'REMOVE_KEPT_OUT'");
        }
        return removals;
    }

    /** Waits until history kept this session's participant_joined (so enforcement has had its turn), then a little more. */
    private void historyKeptTheJoin(String participantSid) throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && jdbc.sql("SELECT COUNT(*) FROM history_event WHERE event_type = 'participant_joined' "
                + "AND participant_sid = ?").param(participantSid).query(Long.class).single() == 0) {
            Thread.sleep(50);
        }
        // The removal would be asked on the keep-out thread right after the join was kept.
        Thread.sleep(1000);
    }

    /** The room page's list of who is kept out ("" when nobody is). */
    private static String keptOutSection(String page) {
        var start = page.indexOf("id=\"room-kept-out\"");
        return start < 0 ? "" : page.substring(start, page.indexOf("id=\"room-audit\"", start));
    }

    @AfterEach
    void nobodyKeptOutForTheNextTest() {
        // A keep-out of every room would show on every other test's room pages.
        jdbc.sql("DELETE FROM keep_out WHERE participant LIKE 'ko-%'").update();
    }

    @Test
    void aKeptOutIdentityThatRejoinsIsGoneAgainWithinTwoSecondsAndAuditedAsRoomwardensOwnAction() throws Exception {
        var moderator = removedAndKeptOut("ko-rejoin", "ko-troll-1", "1h", "room");
        var decision = audited("action = 'KEEP_OUT'");
        assertThat(decision).singleElement().satisfies(r -> assertThat(r).containsEntry("USERNAME", "moderator")
                .containsEntry("OUTCOME", "DONE").containsEntry("PARTICIPANT", "ko-troll-1").containsEntry("REASON", "abusive language"));
        assertThat((String) decision.get(0).get("DETAIL")).startsWith("keep out of this room for 1 hour (until ");

        var again = join("ko-rejoin", "ko-troll-1");

        assertThat(goneWithin("ko-rejoin", "ko-troll-1", GONE_WITHIN)).as("removed again within " + GONE_WITHIN).isTrue();
        assertThat(removals()).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("USERNAME", AuditLog.SYSTEM).containsEntry("ROLE", "SYSTEM")
                    .containsEntry("OUTCOME", "DONE").containsEntry("ROOM", "ko-rejoin").containsEntry("PARTICIPANT", "ko-troll-1")
                    .containsEntry("PARTICIPANT_SID", again.getSid()).containsEntry("REASON", "abusive language")
                    .containsEntry("BATCH_ID", decision.get(0).get("BATCH_ID"));
            assertThat((String) r.get("DETAIL")).contains("by moderator", "audit record #" + decision.get(0).get("ID"),
                    "removed again on joining");
            assertThat(r.get("CLIENT_ADDRESS")).isNull();
        });

        var page = keptOutSection(moderator.get("/rooms/ko-rejoin").body());
        assertThat(page).contains("Kept out of this room", "ko-troll-1", "out of this room", "until 20");
        var list = moderator.get("/keep-outs").body();
        assertThat(list).contains("ko-troll-1", "abusive language", "moderator", "removes these identities each time they come back",
                "their token still works", "/audit?batch=" + decision.get(0).get("BATCH_ID"));
        var audit = moderator.get("/audit?batch=" + decision.get(0).get("BATCH_ID")).body();
        assertThat(audit).contains("keep out", "remove kept out", AuditLog.SYSTEM);
    }

    @Test
    void liftingLetsThemInAndLiftingTwiceIsRefusedAndChangesNothing() throws Exception {
        var moderator = removedAndKeptOut("ko-lift", "ko-sorry-1", "lifted", "room");
        var id = jdbc.sql("SELECT id FROM keep_out WHERE participant = 'ko-sorry-1'").query(Long.class).single();

        var confirmation = moderator.getHtmx("/keep-outs/" + id + "/lift").body();
        assertThat(confirmation).contains("<dialog", "Let “", "ko-sorry-1", "in again?", "until lifted", "name=\"_csrf\"");
        var lifted = moderator.postHtmx("/keep-outs/" + id + "/lift", Map.of("reason", "apologised"));
        assertThat(lifted.statusCode()).isEqualTo(200);
        assertThat(moderator.get("/keep-outs").body()).contains("may join “ko-lift” again").doesNotContain("id=\"keep-out-" + id + "\"");
        assertThat(audited("action = 'LIFT_KEEP_OUT'")).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("USERNAME", "moderator").containsEntry("REASON", "apologised").containsEntry("OUTCOME", "DONE"));

        var again = join("ko-lift", "ko-sorry-1");
        historyKeptTheJoin(again.getSid());
        assertThat(inRoom("ko-lift", "ko-sorry-1")).isTrue();
        assertThat(audited("action = 'REMOVE_KEPT_OUT'")).isEmpty();
        assertThat(keptOutSection(moderator.get("/rooms/ko-lift").body())).doesNotContain("ko-sorry-1");

        var twice = moderator.postHtmx("/keep-outs/" + id + "/lift", Map.of("reason", "again"));
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).contains("was already lifted by moderator. Nothing was changed.");
        assertThat(audited("action = 'LIFT_KEEP_OUT'")).hasSize(1);
        assertThat(jdbc.sql("SELECT lift_reason FROM keep_out WHERE id = ?").param(id).query(String.class).single()).isEqualTo("apologised");
    }

    @Test
    void aKeepOutOfEveryRoomRemovesThemFromAnotherRoomToo() throws Exception {
        removedAndKeptOut("ko-every-a", "ko-roamer-1", "24h", "every");
        join("ko-every-b", "ko-bystander-1");

        join("ko-every-b", "ko-roamer-1");

        assertThat(goneWithin("ko-every-b", "ko-roamer-1", GONE_WITHIN)).isTrue();
        assertThat(inRoom("ko-every-b", "ko-bystander-1")).isTrue();
        assertThat(removals()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("ROOM", "ko-every-b").containsEntry("OUTCOME", "DONE"));
        assertThat(loggedIn("moderator").get("/rooms/ko-every-b").body()).contains("Kept out of this room", "ko-roamer-1",
                "out of every room");
    }

    @Test
    void anExpiredKeepOutLetsThemInAndLeavesTheList() throws Exception {
        var moderator = removedAndKeptOut("ko-expired", "ko-timed-1", "15m", "room");
        // Fifteen minutes later, as the database has it.
        jdbc.sql("UPDATE keep_out SET ends_at = ? WHERE participant = 'ko-timed-1'")
                .param(java.sql.Timestamp.from(clock.instant().minusSeconds(1))).update();

        var again = join("ko-expired", "ko-timed-1");
        historyKeptTheJoin(again.getSid());

        assertThat(inRoom("ko-expired", "ko-timed-1")).isTrue();
        assertThat(audited("action = 'REMOVE_KEPT_OUT'")).isEmpty();
        assertThat(moderator.get("/keep-outs").body()).doesNotContain("ko-timed-1");
        var id = jdbc.sql("SELECT id FROM keep_out WHERE participant = 'ko-timed-1'").query(Long.class).single();
        var lift = moderator.postHtmx("/keep-outs/" + id + "/lift", Map.of());
        assertThat(lift.statusCode()).isEqualTo(400);
        assertThat(lift.body()).contains("has already ended. Nothing was changed.");
    }

    /**
     * Two instances on one database that both see the same join (two enforcers, as each instance has one, both told
     * at once): the claim lets only one ask LiveKit and record the removal.
     */
    @Test
    void twoInstancesThatSeeTheSameJoinRemoveOnceAndSaySoOnce() throws Exception {
        removedAndKeptOut("ko-twice", "ko-double-1", "1h", "room");
        var other = new KeepOutEnforcer(keepOuts, insertOnce, livekit, auditLog, clock);
        var mine = new KeepOutEnforcer(keepOuts, insertOnce, livekit, auditLog, clock);
        // This Roomwarden's own enforcer sees the join while the keep-out is of another room; then only the two here act.
        jdbc.sql("UPDATE keep_out SET room = 'ko-twice-elsewhere' WHERE participant = 'ko-double-1'").update();
        var participant = join("ko-twice-quiet", "ko-double-1");
        historyKeptTheJoin(participant.getSid());
        jdbc.sql("UPDATE keep_out SET room = 'ko-twice-quiet' WHERE participant = 'ko-double-1'").update();
        var joined = new ParticipantJoined(Room.newBuilder().setName("ko-twice-quiet").setSid("RM_twice").build(), participant, false);
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(2);
        try {
            for (var enforcer : List.of(other, mine)) {
                pool.execute(() -> {
                    try {
                        start.await();
                        enforcer.joined(joined);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(goneWithin("ko-twice-quiet", "ko-double-1", Duration.ofSeconds(10))).isTrue();
        } finally {
            other.destroy();
            mine.destroy();
        }
        var removals = new ArrayList<>(audited("action = 'REMOVE_KEPT_OUT' AND participant_sid = ?", participant.getSid()));
        assertThat(removals).singleElement().satisfies(r -> assertThat(r).containsEntry("OUTCOME", "DONE"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM keep_out_removal WHERE participant_sid = ?").param(participant.getSid())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void badInputIsRefusedWithAClearMessageAndChangesNothing() {
        join("ko-bad", "ko-stays-1");
        var moderator = loggedIn("moderator", "/rooms/ko-bad");

        var unknown = moderator.postHtmx("/rooms/ko-bad/participants/ko-stays-1/remove", Map.of("keepOut", "forever", "keepOutOf", "room"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("Keep out for 15 minutes, 1 hour, 24 hours or until lifted, not &#39;forever&#39;.");
        var scope = moderator.postHtmx("/rooms/ko-bad/participants/ko-stays-1/remove", Map.of("keepOut", "1h", "keepOutOf", "galaxy"));
        assertThat(scope.statusCode()).isEqualTo(400);
        assertThat(scope.body()).contains("Keep out of this room or of every room");
        var tooLong = moderator.postHtmx("/rooms/ko-bad/participants/" + "x".repeat(300) + "/remove", Map.of("keepOut", "1h"));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("participant identity is too long");
        var bulk = moderator.postHtmx("/rooms/ko-bad/remove-participants",
                List.of(Map.entry("identity", "ko-stays-1"), Map.entry("identity", "y".repeat(300)), Map.entry("keepOut", "1h")));
        assertThat(bulk.statusCode()).isEqualTo(400);
        assertThat(bulk.body()).contains("participant identity is too long");
        assertThat(moderator.getHtmx("/keep-outs/abc/lift").statusCode()).isEqualTo(400);
        assertThat(moderator.getHtmx("/keep-outs/999999/lift").body()).contains("There is no keep-out #999999.");

        assertThat(inRoom("ko-bad", "ko-stays-1")).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM keep_out WHERE room = 'ko-bad'").query(Long.class).single()).isZero();
        assertThat(audited("action IN ('KEEP_OUT', 'REMOVE_PARTICIPANT')")).isEmpty();
    }

    @Test
    void theBulkRemoveKeepsEachOutAndTheyAreRemovedAgain() throws Exception {
        join("ko-bulk", "ko-group-1");
        join("ko-bulk", "ko-group-2");
        var moderator = loggedIn("moderator", "/rooms/ko-bulk");
        assertThat(moderator.getHtmx("/rooms/ko-bulk/remove-participants?identity=ko-group-1&identity=ko-group-2").body())
                .contains("Keep <span>them</span> out?", "name=\"keepOut\"", "<option value=\"1h\">for 1 hour</option>", "name=\"keepOutOf\"");

        var answer = moderator.postHtmx("/rooms/ko-bulk/remove-participants",
                List.of(Map.entry("identity", "ko-group-1"), Map.entry("identity", "ko-group-2"), Map.entry("keepOut", "1h"),
                        Map.entry("keepOutOf", "room")));

        assertThat(answer.body()).contains("2 participants: 2 removed.", "Kept out of this room", "ko-group-1", "ko-group-2");
        assertThat(audited("action = 'KEEP_OUT'")).hasSize(2);
        join("ko-bulk", "ko-group-2");
        assertThat(goneWithin("ko-bulk", "ko-group-2", GONE_WITHIN)).isTrue();
    }

    @Test
    void aViewerSeesNoKeepOutsAndCannotLiftOne() {
        removedAndKeptOut("ko-viewer", "ko-hidden-1", "1h", "room");
        var id = jdbc.sql("SELECT id FROM keep_out WHERE participant = 'ko-hidden-1'").query(Long.class).single();
        var viewer = loggedIn("viewer", "/rooms/ko-viewer");

        assertThat(viewer.get("/rooms/ko-viewer").body()).doesNotContain("Kept out", "ko-hidden-1", "/keep-outs");
        assertThat(viewer.get("/keep-outs").statusCode()).isEqualTo(403);
        assertThat(viewer.postHtmx("/keep-outs/" + id + "/lift", Map.of()).statusCode()).isEqualTo(403);
        assertThat(audited("action = 'LIFT_KEEP_OUT'")).singleElement().satisfies(r -> assertThat(r).containsEntry("OUTCOME", "DENIED"));
        assertThat(keepOuts.active()).extracting(KeepOut::identity).contains("ko-hidden-1");
    }

    @Test
    void theRemoveDialogOffersTheKeepOut() {
        join("ko-dialog", "ko-asked-1");
        var dialog = loggedIn("moderator", "/rooms/ko-dialog").getHtmx("/rooms/ko-dialog/participants/ko-asked-1/remove").body();

        assertThat(dialog).contains("Keep <span>them</span> out?", "<option value=\"no\" selected>No, only remove</option>", "value=\"15m\"",
                "value=\"1h\"", "value=\"24h\"", "value=\"lifted\"", "of this room", "of every room", "LiveKit cannot ban",
                "their token still works until");
    }
}
