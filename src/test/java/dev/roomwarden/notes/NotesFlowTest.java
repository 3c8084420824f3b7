package dev.roomwarden.notes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.roomwarden.FlowTest;
import dev.roomwarden.StaffBrowser;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Notes and tags of a room session, written on the live room page and read on its timeline, by each role. */
class NotesFlowTest extends FlowTest {

    private String liveRoom(String room) {
        emulator.state().addParticipant(room, new ParticipantSpec("customer-1", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
        return emulator.state().room(room).orElseThrow().getSid();
    }

    /** History keeps the session once LiveKit's room_started webhook has arrived. */
    private void awaitSession(String sid) throws InterruptedException {
        var deadline = Instant.now().plusSeconds(10);
        while (jdbc.sql("SELECT COUNT(*) FROM room_session WHERE room_sid = ?").param(sid).query(Long.class).single() == 0) {
            assertThat(Instant.now()).as("history kept session " + sid).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private static Map<String, String> note(String room, String text) {
        return Map.of("text", text, "room", room, "on", "room");
    }

    private long noteId(String sid) {
        return jdbc.sql("SELECT MAX(id) FROM session_note WHERE room_sid = ?").param(sid).query(Long.class).single();
    }

    @Test
    void aModeratorWritesANoteOnALiveRoomThatTheRoomPageAndTheSessionsTimelineShowToEveryRole() throws Exception {
        var sid = liveRoom("notes-1801");
        var moderator = loggedIn("moderator", "/rooms/notes-1801");

        var saved = moderator.postForm("/history/" + sid + "/notes", note("notes-1801", "Called the customer back.\nTicket 41130 stays open."));

        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/rooms/notes-1801"));
        var page = moderator.get("/rooms/notes-1801").body();
        assertThat(page).contains("id=\"session-notes\"", "Called the customer back.\nTicket 41130 stays open.", "id=\"new-note\"");
        assertThat(audited("action = 'WRITE_NOTE'")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("OUTCOME", "DONE").containsEntry("USERNAME", "moderator").containsEntry("ROOM", "notes-1801")
                .containsEntry("ROOM_SID", sid));

        awaitSession(sid);
        var viewer = loggedIn("viewer");
        var timeline = viewer.get("/history/" + sid).body();
        assertThat(timeline).contains("Called the customer back.", "data-type=\"note\"");
        var roomPage = viewer.get("/rooms/notes-1801").body();
        assertThat(roomPage).contains("Called the customer back.").doesNotContain("id=\"new-note\"", "Add tag", ">Edit<");
    }

    @Test
    void aViewerCannotWriteANoteAndTheRefusalIsAudited() {
        var sid = liveRoom("notes-1802");
        var viewer = loggedIn("viewer", "/rooms/notes-1802");

        var refused = viewer.postForm("/history/" + sid + "/notes", note("notes-1802", "Not mine to write."));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM session_note WHERE room_sid = ?").param(sid).query(Long.class).single()).isZero();
        assertThat(audited("action = 'WRITE_NOTE'")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("OUTCOME", "DENIED").containsEntry("USERNAME", "viewer"));
    }

    @Test
    void htmxRefreshesOnlyTheSectionAndBadInputIsRefusedWithASentence() {
        var sid = liveRoom("notes-1803");
        var moderator = loggedIn("moderator", "/rooms/notes-1803");

        var section = moderator.postHtmx("/history/" + sid + "/notes", note("notes-1803", "Escalated to billing."));
        assertThat(section.statusCode()).isEqualTo(200);
        assertThat(section.body().strip()).startsWith("<section").contains("id=\"session-notes\"", "Escalated to billing.",
                "Your note is saved with this session.").doesNotContain("room-live");

        for (var bad : List.of(" \n ", "x".repeat(NoteText.MAX_LENGTH + 1), "bell \u0007 here")) {
            var refused = moderator.postHtmx("/history/" + sid + "/notes", note("notes-1803", bad));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).containsAnyOf("The note is empty", "The note is too long", "control character");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM session_note WHERE room_sid = ?").param(sid).query(Long.class).single()).isEqualTo(1);
        var elsewhere = moderator.postForm("/history/RM_notThisRoom/notes", note("notes-1803", "Wrong session."));
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("has ended, and history has not kept it");
    }

    @Test
    void theAuthorEditsWithinTheWindowButNotAfterNorDoesAnotherModerator() {
        var sid = liveRoom("notes-1804");
        var moderator = loggedIn("moderator", "/rooms/notes-1804");
        moderator.postForm("/history/" + sid + "/notes", note("notes-1804", "Frist draft."));
        var id = noteId(sid);
        var edit = "/history/" + sid + "/notes/" + id + "/edit";

        assertThat(moderator.get("/rooms/notes-1804").body()).contains(edit);
        assertThat(moderator.get(edit + "?on=room").statusCode()).isEqualTo(200);
        var edited = moderator.postForm(edit, Map.of("text", "First draft.", "on", "room"));
        assertThat(edited.statusCode()).isEqualTo(302);
        assertThat(moderator.get("/rooms/notes-1804").body()).contains("First draft.", "(edited)").doesNotContain("Frist");
        assertThat(audited("action = 'EDIT_NOTE'")).singleElement().satisfies(row -> assertThat((String) row.get("DETAIL"))
                .contains("First draft."));

        var other = anotherModerator();
        other.get("/rooms/notes-1804");
        assertThat(other.get("/rooms/notes-1804").body()).contains("First draft.").doesNotContain(edit);
        var notTheirs = other.postForm(edit, Map.of("text", "Overwritten.", "on", "room"));
        assertThat(notTheirs.statusCode()).isEqualTo(400);
        assertThat(notTheirs.body()).contains("Only the author of a note can edit it");

        // Six minutes later, past the five-minute window.
        jdbc.sql("UPDATE session_note SET written_at = ? WHERE id = ?")
                .params(java.sql.Timestamp.from(Instant.now().minus(Duration.ofMinutes(6))), id).update();
        assertThat(moderator.get("/rooms/notes-1804").body()).contains("First draft.").doesNotContain(edit);
        var late = moderator.postForm(edit, Map.of("text", "Too late.", "on", "room"));
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(late.body()).contains("A note can be edited for 5 min after it was written");
        assertThat(jdbc.sql("SELECT body FROM session_note WHERE id = ?").param(id).query(String.class).single()).isEqualTo("First draft.");
    }

    @Test
    void anAdminDeletesANoteAfterAConfirmationAndTheAuditLogKeepsItsText() {
        var sid = liveRoom("notes-1805");
        loggedIn("moderator", "/rooms/notes-1805").postForm("/history/" + sid + "/notes", note("notes-1805", "Wrong room, sorry."));
        var delete = "/history/" + sid + "/notes/" + noteId(sid) + "/delete";

        var moderator = loggedIn("moderator", "/rooms/notes-1805");
        assertThat(moderator.get("/rooms/notes-1805").body()).doesNotContain(delete);
        assertThat(moderator.get(delete).statusCode()).isEqualTo(403);
        assertThat(moderator.postForm(delete, Map.of("reason", "", "on", "room")).statusCode()).isEqualTo(403);

        var admin = loggedIn("admin", "/rooms/notes-1805");
        assertThat(admin.get("/rooms/notes-1805").body()).contains(delete);
        var confirm = admin.get(delete + "?on=room");
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body()).contains("Delete note", "Wrong room, sorry.");
        var deleted = admin.postForm(delete, Map.of("reason", "written on the wrong room", "on", "room"));

        assertThat(deleted.statusCode()).isEqualTo(302);
        assertThat(admin.get("/rooms/notes-1805").body()).doesNotContain("Wrong room, sorry.");
        assertThat(audited("action = 'DELETE_NOTE'")).extracting(row -> row.get("OUTCOME")).containsExactly("DENIED", "DONE");
        assertThat(audited("action = 'DELETE_NOTE' AND outcome = 'DONE'")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("REASON", "written on the wrong room").containsEntry("USERNAME", "admin")
                .satisfies(r -> assertThat((String) r.get("DETAIL")).contains("by moderator", "Wrong room, sorry.")));
    }

    @Test
    void hostileTextStaysInertWhileARealHttpsLinkBecomesALink() throws Exception {
        var sid = liveRoom("notes-1806");
        var moderator = loggedIn("moderator", "/rooms/notes-1806");
        var hostile = "<script>alert(1)</script> javascript:alert(1) https://x.example/\"onmouseover=\"x\n"
                + "Runbook: https://docs.example/runbook?a=1&b=2.";

        assertThat(moderator.postForm("/history/" + sid + "/notes", note("notes-1806", hostile)).statusCode()).isEqualTo(302);
        awaitSession(sid);

        for (var page : List.of(moderator.get("/rooms/notes-1806").body(), moderator.get("/history/" + sid).body())) {
            assertThat(page).doesNotContain("<script>alert", "href=\"javascript", "\"onmouseover=\"", "onmouseover=\"x")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "javascript:alert(1)")
                    .contains("<a href=\"https://docs.example/runbook?a=1&amp;b=2\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">")
                    .contains("<a href=\"https://x.example/\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">");
        }
    }

    @Test
    void tagsAreAddedAndRemovedAndFilterRoomsAndHistory() throws Exception {
        var sid = liveRoom("notes-1807");
        liveRoom("notes-1808");
        var moderator = loggedIn("moderator", "/rooms/notes-1807");
        var tags = "/history/" + sid + "/tags";

        assertThat(moderator.postForm(tags, Map.of("tag", "billing", "room", "notes-1807", "on", "room")).statusCode()).isEqualTo(302);
        var bad = moderator.postForm(tags, Map.of("tag", "Billing!", "room", "notes-1807", "on", "room"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("is not a tag: a tag is 1 to 32 lower-case letters, digits");
        var again = moderator.postForm(tags, Map.of("tag", "billing", "room", "notes-1807", "on", "room"));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("already tagged");
        assertThat(jdbc.sql("SELECT tag FROM session_tag WHERE room_sid = ?").param(sid).query(String.class).list()).containsExactly("billing");
        assertThat(loggedIn("viewer", "/rooms/notes-1807").postForm(tags, Map.of("tag", "escalated", "room", "notes-1807")).statusCode()).isEqualTo(403);

        var tagged = moderator.get("/rooms?tag=billing").body();
        assertThat(tagged).contains("/rooms/notes-1807", "href=\"/rooms?tag=billing\"").doesNotContain("/rooms/notes-1808");
        assertThat(moderator.get("/rooms?tag=billing&q=1808").body()).doesNotContain("/rooms/notes-1807");
        assertThat(moderator.get("/rooms?tag=Bad%20Tag").statusCode()).isEqualTo(400);
        awaitSession(sid);
        assertThat(moderator.get("/history?tag=billing").body()).contains(sid, "href=\"/history?tag=billing\"");
        assertThat(moderator.get("/history?tag=billing&room=notes-1808").body()).doesNotContain(sid);
        assertThat(moderator.get("/history?tag=escalated").body()).doesNotContain(sid);
        assertThat(moderator.get("/history/" + sid).body()).contains("href=\"/history?tag=billing\"");

        assertThat(moderator.postForm(tags + "/billing/remove", Map.of("room", "notes-1807", "on", "room")).statusCode()).isEqualTo(302);
        assertThat(moderator.get("/rooms?tag=billing").body()).doesNotContain("/rooms/notes-1807");
        assertThat(audited("action IN ('ADD_TAG', 'REMOVE_TAG')")).extracting(row -> row.get("ACTION") + " " + row.get("OUTCOME"))
                .containsExactly("ADD_TAG DONE", "ADD_TAG DENIED", "REMOVE_TAG DONE");
    }

    @Test
    void aNoteIsWrittenOnAnEndedSessionFromItsTimeline() throws Exception {
        var sid = liveRoom("notes-1809");
        awaitSession(sid);
        emulator.state().deleteRoom("notes-1809");
        var moderator = loggedIn("moderator", "/history/" + sid);

        var saved = moderator.postForm("/history/" + sid + "/notes", Map.of("text", "Follow-up: refund sent.", "on", "history"));

        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/history/" + sid));
        assertThat(moderator.get("/history/" + sid).body()).contains("Follow-up: refund sent.", "data-type=\"note\"");
        assertThat(moderator.get("/history/" + sid + ".csv").body()).contains("staff_note", "Follow-up: refund sent.");
    }

    private StaffBrowser anotherModerator() {
        var name = "mod-" + UUID.randomUUID().toString().substring(0, 8);
        var password = "another-moderator-passphrase-58";
        var created = loggedIn("admin", "/users").postForm("/users", Map.of("username", name, "displayName", name, "role", "MODERATOR",
                "password", password));
        assertThat(created.statusCode()).as("account " + name + " created").isLessThan(400);
        var browser = new StaffBrowser(port);
        assertThat(browser.logIn(name, password).statusCode()).isEqualTo(302);
        return browser;
    }
}
