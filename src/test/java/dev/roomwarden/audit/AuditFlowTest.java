package dev.roomwarden.audit;

import java.io.StringReader;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.roomwarden.FlowTest;
import dev.roomwarden.StaffBrowser;
import dev.roomwarden.emulator.FaultMode;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit log over real HTTP, with the embedded emulator as LiveKit: every outcome, the page, the export. */
class AuditFlowTest extends FlowTest {

    @Autowired
    AuditRetention retention;

    /** The audit log's pages show all of it: each test starts with an empty one. */
    @BeforeEach
    void anEmptyAuditLog() {
        jdbc.sql("DELETE FROM audit_record").update();
    }

    private ParticipantInfo join(String room, String identity, ParticipantInfo.Kind kind) {
        return emulator.state().addParticipant(room, new ParticipantSpec(identity, "", kind, "", Map.of(), List.of()));
    }

    private List<AuditRecord> records(AuditAction action) {
        return audited(AuditLog::map, "action = ?", action.name());
    }

    @Test
    void removingAnAgentIsRecordedWithWhoWhatWhyTheSidsAndTheClient() {
        var agent = join("support-1", "agent-1", ParticipantInfo.Kind.AGENT);
        var moderator = loggedIn("moderator");
        var room = moderator.get("/rooms/support-1").body();
        assertThat(room).contains("sid=" + agent.getSid());

        moderator.postHtmx("/rooms/support-1/participants/agent-1/remove",
                Map.of("reason", "customer asked for a human", "sid", agent.getSid()));

        var record = records(AuditAction.REMOVE_PARTICIPANT).get(0);
        assertThat(record.username()).isEqualTo("moderator");
        assertThat(record.role()).isEqualTo("MODERATOR");
        assertThat(record.target().room()).isEqualTo("support-1");
        assertThat(record.target().participant()).isEqualTo("agent-1");
        assertThat(record.target().participantSid()).isEqualTo(agent.getSid());
        assertThat(record.reason()).isEqualTo("customer asked for a human");
        assertThat(record.outcome()).isEqualTo(AuditOutcome.DONE);
        assertThat(record.clientAddress()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(moderator.get("/rooms/support-1").body()).contains("Recent actions in this room", "customer asked for a human");
    }

    @Test
    void endingARoomTwiceRecordsDoneThenAlreadyGone() {
        join("class-1", "teacher", ParticipantInfo.Kind.STANDARD);
        var admin = loggedIn("admin");
        admin.get("/rooms/class-1");
        admin.postForm("/rooms/class-1/delete", Map.of("reason", "lesson over"));
        admin.get("/rooms");
        admin.postForm("/rooms/class-1/delete", Map.of());

        assertThat(records(AuditAction.DELETE_ROOM)).extracting(AuditRecord::outcome)
                .containsExactly(AuditOutcome.DONE, AuditOutcome.ALREADY_GONE);
    }

    @Test
    void aFailureOfLiveKitIsRecordedWithItsCodeAndNothingClaimsSuccess() {
        join("support-2", "customer", ParticipantInfo.Kind.STANDARD);
        var moderator = loggedIn("moderator");
        moderator.get("/rooms/support-2");
        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO);

        var answer = moderator.postHtmx("/rooms/support-2/participants/customer/remove", Map.of("reason", "spam"));

        assertThat(answer.body()).contains("was not removed", "unavailable").doesNotContain("was removed from");
        var record = records(AuditAction.REMOVE_PARTICIPANT).get(0);
        assertThat(record.outcome()).isEqualTo(AuditOutcome.FAILED);
        assertThat(record.detail()).isEqualTo("UNAVAILABLE (unavailable): service unavailable");

        forgetWhatLiveKitDid();
        emulator.faults().set(FaultMode.HANG, Duration.ZERO, "RemoveParticipant");
        moderator.postHtmx("/rooms/support-2/participants/customer/remove", Map.of());
        var timedOut = records(AuditAction.REMOVE_PARTICIPANT).get(1);
        assertThat(timedOut.outcome()).as("LiveKit may still do it: TimedOutActionFlowTest").isEqualTo(AuditOutcome.UNKNOWN);
        assertThat(timedOut.detail()).startsWith("outcome unknown: LiveKit did not answer in time");
    }

    @Test
    void aRefusedActionIsRecordedAsDeniedWithItsReason() {
        join("support-3", "agent-3", ParticipantInfo.Kind.AGENT);
        var viewer = loggedIn("viewer");
        viewer.get("/rooms/support-3");

        assertThat(viewer.postHtmx("/rooms/support-3/participants/agent-3/remove", Map.of("reason", "just curious"))
                .statusCode()).isEqualTo(403);
        assertThat(viewer.postForm("/rooms/support-3/delete", Map.of()).statusCode()).isEqualTo(403);

        var removal = records(AuditAction.REMOVE_PARTICIPANT).get(0);
        assertThat(removal.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(removal.username()).isEqualTo("viewer");
        assertThat(removal.role()).isEqualTo("VIEWER");
        assertThat(removal.reason()).isEqualTo("just curious");
        assertThat(records(AuditAction.DELETE_ROOM).get(0).outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(emulator.state().participants("support-3")).hasSize(1);
    }

    @Test
    void anActionWhoseAuditRecordCannotBeWrittenIsNotPerformed() {
        join("support-4", "agent-4", ParticipantInfo.Kind.AGENT);
        var moderator = loggedIn("moderator");
        moderator.get("/rooms/support-4");
        jdbc.sql("ALTER TABLE audit_record RENAME TO audit_record_away").update();
        try {
            var answer = moderator.postHtmx("/rooms/support-4/participants/agent-4/remove", Map.of());
            assertThat(answer.body()).contains("the audit log could not be written, so nothing was done");
            assertThat(emulator.state().participants("support-4")).hasSize(1);
        } finally {
            jdbc.sql("ALTER TABLE audit_record_away RENAME TO audit_record").update();
        }
    }

    @Test
    void loginsFailuresAndLogoutsAreRecorded() {
        new StaffBrowser(port).logIn("admin", "wrong-password");
        new StaffBrowser(port).logIn("nobody", "whatever");
        var viewer = loggedIn("viewer");
        viewer.get("/rooms");
        viewer.postForm("/logout", Map.of());

        assertThat(records(AuditAction.LOGIN_FAILED)).extracting(r -> r.target().account()).containsExactly("admin", "nobody");
        assertThat(records(AuditAction.LOGIN)).singleElement().satisfies(r -> {
            assertThat(r.username()).isEqualTo("viewer");
            assertThat(r.role()).isEqualTo("VIEWER");
        });
        assertThat(records(AuditAction.LOGOUT)).singleElement().satisfies(r -> assertThat(r.username()).isEqualTo("viewer"));
    }

    @Test
    void theAuditPageFiltersThroughTheUrlPagesAndIsClosedToViewers() {
        join("support-5", "a", ParticipantInfo.Kind.STANDARD);
        join("support-6", "b", ParticipantInfo.Kind.STANDARD);
        var moderator = loggedIn("moderator");
        moderator.get("/rooms/support-5");
        moderator.postHtmx("/rooms/support-5/participants/a/remove", Map.of("reason", "why-five"));
        moderator.postHtmx("/rooms/support-6/participants/b/remove", Map.of("reason", "why-six"));
        moderator.postHtmx("/rooms/support-6/participants/ghost/remove", Map.of("reason", "why-seven"));

        var all = moderator.get("/audit").body();
        assertThat(all).contains("why-five", "why-six", "why-seven");
        assertThat(all.indexOf("why-seven")).as("newest first").isLessThan(all.indexOf("why-five"));
        var byRoom = moderator.get("/audit?room=support-6").body();
        assertThat(byRoom).contains("why-six", "why-seven").doesNotContain("why-five");
        var byOutcome = moderator.getHtmx("/audit?room=support-6&outcome=ALREADY_GONE").body();
        assertThat(byOutcome).contains("why-seven").doesNotContain("why-six").doesNotContain("<html");
        assertThat(moderator.get("/audit?user=admin&action=REMOVE_PARTICIPANT").body()).contains("No record matches");
        var today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        assertThat(moderator.get("/audit?action=REMOVE_PARTICIPANT&from=" + today + "&to=" + today).body()).contains("why-five", "why-six");
        assertThat(moderator.get("/audit?action=REMOVE_PARTICIPANT&to=" + today.minusDays(1)).body()).doesNotContain("why-five");
        assertThat(moderator.get("/audit?outcome=MAYBE").statusCode()).isEqualTo(400);
        assertThat(moderator.get("/audit?from=yesterday").body()).contains("must look like 2026-11-25");

        for (int i = 0; i < 60; i++) {
            jdbc.sql("INSERT INTO audit_record (at, username, action, outcome) VALUES (?, 'bulk', 'LOGIN', 'DONE')")
                    .param(Timestamp.from(Instant.now().minusSeconds(3600 + i))).update();
        }
        var first = moderator.get("/audit?user=bulk").body();
        assertThat(first).contains("rel=\"next\"", "/audit?user=bulk&amp;page=2").doesNotContain("rel=\"prev\"");
        var second = moderator.get("/audit?user=bulk&page=2").body();
        assertThat(second).contains("rel=\"prev\"").doesNotContain("rel=\"next\"");

        var viewer = loggedIn("viewer");
        assertThat(viewer.get("/audit").statusCode()).isEqualTo(403);
        assertThat(viewer.get("/audit.csv").statusCode()).isEqualTo(403);
        assertThat(viewer.get("/rooms").body()).doesNotContain("Audit log");
    }

    @Test
    void theCsvExportHasTheFilteredRecordsAndNeutralisesFormulas() throws Exception {
        var hostileRoom = "=HYPERLINK(\"http://evil.example\",\"click\")";
        join(hostileRoom, "+cmd|' /C calc'!A0", ParticipantInfo.Kind.STANDARD);
        join("quiet-room", "x", ParticipantInfo.Kind.STANDARD);
        var moderator = loggedIn("moderator");
        moderator.get("/rooms");
        var reason = "line one\nline \"two\", with commas\n@SUM(A1:A9)";
        var removal = moderator.postHtmx("/rooms/" + org.springframework.web.util.UriUtils.encodePathSegment(hostileRoom,
                java.nio.charset.StandardCharsets.UTF_8) + "/participants/"
                + org.springframework.web.util.UriUtils.encodePathSegment("+cmd|' /C calc'!A0", java.nio.charset.StandardCharsets.UTF_8)
                + "/remove", Map.of("reason", reason));
        assertThat(removal.statusCode()).as(removal.body()).isEqualTo(200);
        assertThat(removal.body()).contains("was removed");
        moderator.postHtmx("/rooms/quiet-room/participants/x/remove", Map.of("reason", "other"));

        var csv = moderator.get("/audit.csv?action=REMOVE_PARTICIPANT&outcome=DONE&user=moderator");
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d).contains("attachment"));
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.body())).getRecords();

        assertThat(rows).hasSize(2);
        var hostile = rows.stream().filter(r -> r.get("room").contains("HYPERLINK")).findFirst().orElseThrow();
        assertThat(hostile.get("room")).isEqualTo("'" + hostileRoom);
        assertThat(hostile.get("participant")).isEqualTo("'+cmd|' /C calc'!A0");
        assertThat(hostile.get("reason")).isEqualTo("line one\nline \"two\", with commas\n'@SUM(A1:A9)");
        assertThat(hostile.get("user")).isEqualTo("moderator");
        assertThat(hostile.get("outcome")).isEqualTo("DONE");
        assertThat(moderator.get("/audit.csv?room=quiet-room").body()).doesNotContain("HYPERLINK");
    }

    /**
     * A spreadsheet that splits on ';' (or ',', or a tab), whether or not it honours quotes, finds no cell that
     * starts with a formula: every cell is quoted, and a formula character after a separator is neutralised too.
     */
    @Test
    void aFormulaAfterASeparatorInAnAnonymousLoginNameIsNeutralisedInTheCsv() {
        var hostile = "x;=cmd|' /C calc'!A0";
        new StaffBrowser(port).logIn(hostile, "wrong");
        new StaffBrowser(port).logIn("y,@SUM(A1:A9)\t-2+3", "wrong");

        var csv = loggedIn("moderator").get("/audit.csv?action=LOGIN_FAILED").body();

        var lines = csv.lines().toList();
        assertThat(lines).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("\"").endsWith("\""));
        for (var line : lines.subList(1, 3)) {
            for (var cell : line.split("[;,\t]")) {
                assertThat(cell.replaceFirst("^[\\s\"]+", "")).as("a cell of " + line).doesNotMatch("(?s)[=+\\-@].*");
            }
        }
        assertThat(csv).contains("\"x;'=cmd|' /C calc'!A0\"", "\"y,'@SUM(A1:A9)\t'-2+3\"");
    }

    @Test
    void recordsOlderThanTheRetentionArePruned() {
        jdbc.sql("INSERT INTO audit_record (at, username, action, outcome) VALUES (?, 'old', 'LOGIN', 'DONE')")
                .param(Timestamp.from(Instant.now().minus(Duration.ofDays(366)))).update();
        jdbc.sql("INSERT INTO audit_record (at, username, action, outcome) VALUES (?, 'recent', 'LOGIN', 'DONE')")
                .param(Timestamp.from(Instant.now().minus(Duration.ofDays(364)))).update();

        assertThat(retention.prune()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT username FROM audit_record").query(String.class).list()).containsExactly("recent");
    }
}
