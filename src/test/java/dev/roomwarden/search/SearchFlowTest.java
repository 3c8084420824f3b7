package dev.roomwarden.search;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import dev.roomwarden.FlowTest;
import dev.roomwarden.StaffBrowser;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitRoom.UpdateParticipantRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The search page and its suggestions, per role, with what LiveKit's webhooks told Roomwarden (nothing arranged in the database but an audit record). */
class SearchFlowTest extends FlowTest {

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(done.getAsBoolean()).as(what).isTrue();
    }

    private static String search(StaffBrowser browser, String q) {
        var answer = browser.get("/search?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(answer.statusCode()).as("search for " + q).isEqualTo(200);
        return answer.body();
    }

    private boolean indexed(String participantIdentity) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM search_term t JOIN participant_session p ON p.participant_sid = t.participant_sid
                WHERE p.identity = ?""").param(participantIdentity).query(Integer.class).single() > 0;
    }

    /** A live room with a customer (ticket and phone in attributes), a past session, an audit record: all with 90817. */
    private void incident() throws InterruptedException {
        emulator.state().createRoom(CreateRoomRequest.newBuilder().setName("desk-90817").setMetadata("{\"queue\":\"billing-90817\"}").build());
        emulator.state().addParticipant("desk-90817", new ParticipantSpec("customer-90817", "Ann Example", ParticipantInfo.Kind.STANDARD, "",
                Map.of("ticket", "TCK-90817", "phone", "+1 555 0100"), List.of()));
        emulator.state().addParticipant("earlier-90817", new ParticipantSpec("caller-90817", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
        emulator.state().deleteRoom("earlier-90817");
        jdbc.sql("""
                INSERT INTO audit_record (at, username, role, action, room, participant, outcome)
                VALUES (?, 'moderator', 'MODERATOR', 'REMOVE_PARTICIPANT', 'desk-90817', 'intruder-90817', 'DONE')""")
                .param(Timestamp.from(Instant.now())).update();
        await("sessions kept for search", () -> indexed("customer-90817") && indexed("caller-90817")
                && jdbc.sql("SELECT COUNT(*) FROM room_session WHERE room_name = 'earlier-90817' AND ended_at IS NOT NULL")
                        .query(Integer.class).single() > 0);
    }

    @Test
    void aViewerFindsLiveRoomsLiveParticipantsAndPastSessionsButNoStaffAndNoAudit() throws Exception {
        incident();
        var page = search(loggedIn("viewer"), "90817");

        assertThat(page).contains("id=\"search-live-rooms\"", "/rooms/desk-90817", "<mark>90817</mark>")
                .contains("id=\"search-live-participants\"", "customer-<mark>90817</mark>", "TCK-<mark>90817</mark>")
                .contains("id=\"search-past-sessions\"", "caller-<mark>90817</mark>", "earlier-<mark>90817</mark>", "/history/RM_");
        assertThat(page).doesNotContain("search-audit", "Audit records", "intruder-90817", "search-staff", "Staff accounts");
        // Staff accounts are not searched for a viewer, and not mentioned.
        assertThat(search(loggedIn("viewer"), "moderator")).doesNotContain("search-staff", "Staff accounts", "/users#account-");
    }

    @Test
    void aModeratorAlsoFindsAuditRecordsButNoStaff() throws Exception {
        incident();
        var page = search(loggedIn("moderator"), "desk-90817");

        assertThat(page).contains("id=\"search-audit\"", "remove participant by moderator", "/audit?room=desk-90817")
                .contains("id=\"search-live-rooms\"");
        assertThat(search(loggedIn("moderator"), "intruder-90817")).contains("<mark>intruder</mark>-<mark>90817</mark>");
        assertThat(search(loggedIn("moderator"), "moderator")).doesNotContain("search-staff", "Staff accounts");
    }

    @Test
    void anAdminAlsoFindsStaffAccounts() throws Exception {
        incident();
        var page = search(loggedIn("admin"), "moder");

        assertThat(page).contains("id=\"search-staff\"", "<mark>moder</mark>ator", "/users#account-moderator");
        assertThat(search(loggedIn("admin"), "90817")).contains("id=\"search-audit\"", "id=\"search-live-participants\"");
    }

    @Test
    void aParticipantIsFoundByAnAttributeValueAndAPhoneNumberByItsDigitsByThoseWhoSeeNumbers() throws Exception {
        incident();
        assertThat(search(loggedIn("viewer"), "tck-90817")).contains("customer-90817", "ticket: </span>", "<mark>TCK</mark>-<mark>90817</mark>");
        var moderator = loggedIn("moderator");
        assertThat(search(moderator, "5550100")).contains("customer-90817", "+1 <mark>555 0100</mark>");
        assertThat(search(moderator, "0100")).contains("customer-90817");
        // A viewer sees numbers masked (roomwarden.telephony.show-numbers-to: MODERATOR), so is not told where one is.
        assertThat(search(loggedIn("viewer"), "5550100")).doesNotContain("customer-90817", "555 0100");
    }

    @Test
    void anAttributeChangedAfterJoiningIsFoundOnceRoomwardenListsTheRoom() throws Exception {
        incident();
        emulator.state().updateParticipant(UpdateParticipantRequest.newBuilder().setRoom("desk-90817").setIdentity("customer-90817")
                .putAttributes("ticket", "TCK-55120").build());
        var viewer = loggedIn("viewer");
        assertThat(search(viewer, "TCK-55120")).doesNotContain("customer-90817");

        assertThat(viewer.get("/rooms/desk-90817").statusCode()).isEqualTo(200);

        assertThat(search(viewer, "TCK-55120")).contains("customer-90817", "<mark>TCK</mark>-<mark>55120</mark>");
    }

    @Test
    void hostileTextIsShownAsTextWithItsMatchMarked() throws Exception {
        emulator.state().addParticipant("desk-hostile-90817", new ParticipantSpec("guest-31337", "<script>alert(31337)</script>",
                ParticipantInfo.Kind.STANDARD, "", Map.of("note", "<img src=x onerror=alert(31337)>"), List.of()));
        await("kept for search", () -> indexed("guest-31337"));

        var page = search(loggedIn("viewer"), "31337");

        assertThat(page).doesNotContain("<script>alert", "<img src=x")
                .contains("&lt;script&gt;alert(<mark>31337</mark>)&lt;/script&gt;", "&lt;img src=x onerror=alert(<mark>31337</mark>)&gt;");
    }

    @Test
    void theSuggestionsAreAListboxFragmentWithALinkToAllResults() throws Exception {
        incident();
        var answer = loggedIn("viewer").getHtmx("/search/suggest?q=customer-9081");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).doesNotContain("<html", "<nav").contains("role=\"listbox\"", "role=\"option\"",
                "href=\"/rooms/desk-90817\"", "<mark>customer</mark>-<mark>9081</mark>7", "/search?q=customer-9081");
    }

    @Test
    void aQueryTooLongIsRefusedAndOneTooShortSearchesNothing() {
        var viewer = loggedIn("viewer");
        var tooLong = viewer.get("/search?q=" + "a".repeat(101));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("The search is too long: at most 100 characters. Nothing was searched.");
        assertThat(viewer.getHtmx("/search/suggest?q=" + "a".repeat(101)).statusCode()).isEqualTo(400);

        var tooShort = viewer.get("/search?q=a");
        assertThat(tooShort.statusCode()).isEqualTo(200);
        assertThat(tooShort.body()).contains(SearchController.TOO_SHORT).doesNotContain("search-live-rooms");
    }

    @Test
    void everyPageForStaffHasTheSearchBox() {
        var page = loggedIn("viewer").get("/rooms").body();
        assertThat(page).contains("id=\"search-box\"", "role=\"combobox\"", "hx-get=\"/search/suggest\"", "action=\"/search\"");
    }

    @Autowired
    SearchIndex index;

    @Test
    void termsAndAttributesOfSessionsHistoryPrunedGoToo() {
        jdbc.sql("INSERT INTO search_term (term, kind, room_sid, participant_sid, at) VALUES ('pruned-90817', 'participant', 'RM_gone90817', 'PA_gone90817', ?)")
                .param(Timestamp.from(Instant.now().minus(Duration.ofDays(400)))).update();
        jdbc.sql("INSERT INTO participant_attribute (participant_sid, attr_key, attr_value) VALUES ('PA_gone90817', 'ticket', 'TCK-1')").update();

        index.prune();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM search_term WHERE room_sid = 'RM_gone90817'").query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM participant_attribute WHERE participant_sid = 'PA_gone90817'").query(Integer.class).single()).isZero();
    }
}
