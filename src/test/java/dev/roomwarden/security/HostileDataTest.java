package dev.roomwarden.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.regex.Pattern;
import java.util.List;
import java.util.Map;

import dev.roomwarden.FlowTest;
import dev.roomwarden.display.Paths;
import io.livekit.server.AccessToken;
import io.livekit.server.RoomAdmin;
import io.livekit.server.RoomName;
import io.livekit.server.RoomServiceClient;
import livekit.LivekitModels.Room;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRoom.CreateRoomRequest;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** What LiveKit clients control is rendered escaped on every page, whatever it holds. */
class HostileDataTest extends FlowTest {

    @Test
    void everyPayloadIsShownAsTextInListsRoomPagesDialogsAndTheAuditLog() {
        var bigMetadata = "<script>window.__xss=9</script>" + "m".repeat(512 * 1024 - 40);
        for (int i = 0; i < HostileData.PAYLOADS.size(); i++) {
            var room = HostileData.name(i);
            emulator.state().createRoom(CreateRoomRequest.newBuilder().setName(room)
                    .setMetadata(i == 0 ? bigMetadata : HostileData.PAYLOADS.get(i)).build());
            emulator.state().addParticipant(room, new ParticipantSpec(HostileData.name(i + 1), HostileData.PAYLOADS.get(i),
                    ParticipantInfo.Kind.AGENT, HostileData.PAYLOADS.get(i), Map.of("note", HostileData.PAYLOADS.get(i)), List.of()));
        }
        var admin = loggedIn("admin");

        var pages = new java.util.ArrayList<String>();
        pages.add(admin.get("/rooms").body());
        pages.add(admin.getHtmx("/rooms?q=" + UriUtils.encodeQueryParam("<script>", StandardCharsets.UTF_8)).body());
        for (int i = 0; i < HostileData.PAYLOADS.size(); i++) {
            var path = "/rooms/" + UriUtils.encodePathSegment(HostileData.name(i), StandardCharsets.UTF_8);
            pages.add(admin.get(path).body());
            pages.add(admin.getHtmx(path + "/participants/"
                    + UriUtils.encodePathSegment(HostileData.name(i + 1), StandardCharsets.UTF_8) + "/remove").body());
            pages.add(admin.postHtmx(path + "/participants/"
                    + UriUtils.encodePathSegment(HostileData.name(i + 1), StandardCharsets.UTF_8) + "/remove",
                    Map.of("reason", HostileData.PAYLOADS.get(i))).body());
        }
        pages.add(admin.get("/audit").body());

        for (var page : pages) {
            for (var payload : HostileData.PAYLOADS) {
                if (payload.contains("<") || payload.contains("\"")) {
                    assertThat(page).doesNotContain(payload);
                }
            }
            assertThat(page).doesNotContain("<script>window").doesNotContain("onerror=\"window").doesNotContain("<svg onload")
                    .doesNotContain("<iframe srcdoc");
        }
        var list = pages.get(0);
        assertThat(list).contains(HtmlUtils.htmlEscape(HostileData.name(0)));
        assertThat(list).contains("[[${7*7}]] __${7*7}__").doesNotContain(">49<");
        assertThat(pages.get(2)).as("512 KiB of metadata is shown, escaped").contains("&lt;script&gt;window.__xss=9&lt;/script&gt;mmmm");
        assertThat(pages.get(pages.size() - 1)).contains(HtmlUtils.htmlEscape(HostileData.PAYLOADS.get(1)));
    }

    private static final Pattern HIDDEN_NAME = Pattern.compile("<input type=\"hidden\" name=\"name\" value=\"([^\"]*)\">");

    /** A participant joins through the emulator's control API, over HTTP, as in a demo; the room is created for it. */
    private void joinOverHttp(String room, String identity) {
        var token = new AccessToken(API_KEY, API_SECRET);
        token.addGrants(new RoomAdmin(true), new RoomName(room));
        var body = "{\"identity\":" + tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(identity) + "}";
        var request = HttpRequest.newBuilder(URI.create(emulator.url() + "/emulator/rooms/"
                        + UriUtils.encodePathSegment(room, StandardCharsets.UTF_8) + "/participants"))
                .header("Authorization", "Bearer " + token.toJwt()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            var answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> roomNames() {
        return emulator.state().rooms().stream().map(Room::getName).toList();
    }

    private static String html(String path) {
        return HtmlUtils.htmlEscape(path);
    }

    @Test
    void everyNameLiveKitAcceptsCanBeOpenedAndItsParticipantRemovedAndTheRoomEnded() {
        var rooms = HostileData.unusualNames("room");
        var identities = HostileData.unusualNames("who");
        for (int i = 0; i < rooms.size(); i++) {
            joinOverHttp(rooms.get(i), identities.get(i));
        }
        var admin = loggedIn("admin");
        var list = admin.get("/rooms").body();

        for (int i = 0; i < rooms.size(); i++) {
            var room = rooms.get(i);
            var identity = identities.get(i);
            var what = "room " + Pattern.quote(room) + ", participant " + Pattern.quote(identity);
            assertThat(list).as(what).contains("href=\"" + html(Paths.room(room)) + "\"");
            var page = admin.get(Paths.room(room));
            assertThat(page.statusCode()).as(what).isEqualTo(200);
            assertThat(page.body()).as(what).contains(html(Paths.removeParticipant(room, identity)), html(Paths.deleteRoom(room)));
            assertThat(admin.getHtmx(Paths.removeParticipant(room, identity)).statusCode()).as(what).isEqualTo(200);

            var removal = admin.postHtmx(Paths.removeParticipant(room, identity), Map.of("reason", "unusual names"));
            assertThat(removal.statusCode()).as(what).isEqualTo(200);
            assertThat(emulator.state().participants(room)).as(what).isEmpty();

            assertThat(admin.getHtmx(Paths.deleteRoom(room)).statusCode()).as(what).isEqualTo(200);
            var end = admin.postHtmx(Paths.deleteRoom(room), Map.of("reason", "unusual names"));
            assertThat(end.statusCode()).as(what + ": " + end.body()).isLessThan(400);
            assertThat(roomNames()).as(what).doesNotContain(room);
        }
        assertThat(audited("action = 'REMOVE_PARTICIPANT' AND outcome = 'DONE'")).extracting(r -> r.get("PARTICIPANT"))
                .containsExactlyElementsOf(identities);
        assertThat(audited("action = 'DELETE_ROOM' AND outcome = 'DONE'")).extracting(r -> r.get("ROOM")).containsExactlyElementsOf(rooms);
    }

    @Test
    void endAllEmptyRoomsEndsEveryEmptyRoomWhateverItsName() throws IOException {
        var sdk = RoomServiceClient.createClient(emulator.url(), API_KEY, API_SECRET);
        var rooms = new ArrayList<>(HostileData.unusualNames("empty"));
        rooms.add("plain-room");
        for (var room : rooms) {
            assertThat(sdk.createRoom(room).execute().isSuccessful()).as(room).isTrue();
        }
        var admin = loggedIn("admin", "/rooms");

        var dialog = admin.getHtmx("/end-rooms?empty=true").body();
        var fields = new ArrayList<Map.Entry<String, String>>();
        HIDDEN_NAME.matcher(dialog).results().forEach(m -> fields.add(Map.entry("name", HtmlUtils.htmlUnescape(m.group(1)))));
        assertThat(fields).as(dialog).hasSize(rooms.size());
        fields.add(Map.entry("empty", "true"));
        var answer = admin.postHtmx("/end-rooms", fields);

        assertThat(answer.statusCode()).as(answer.body()).isLessThan(400);
        assertThat(roomNames()).isEmpty();
        assertThat(admin.get("/rooms").body()).contains(rooms.size() + " rooms: " + rooms.size() + " ended.");
        assertThat(audited("action = 'DELETE_ROOM' AND outcome = 'DONE'")).extracting(r -> r.get("ROOM"))
                .containsExactlyInAnyOrderElementsOf(rooms);
    }

    @Test
    void aNameLiveKitWouldRefuseInABatchIsThatRoomsOutcomeAndTheOthersAreEnded() {
        emulator.state().createRoom(CreateRoomRequest.newBuilder().setName("test-a").build());
        emulator.state().createRoom(CreateRoomRequest.newBuilder().setName("test-b").build());
        var admin = loggedIn("admin", "/rooms");

        var answer = admin.postHtmx("/end-rooms", List.of(Map.entry("name", "test-a"), Map.entry("name", "x".repeat(300)),
                Map.entry("name", ""), Map.entry("name", "test-b")));

        assertThat(answer.statusCode()).isLessThan(400);
        assertThat(roomNames()).isEmpty();
        assertThat(admin.get("/rooms").body()).contains("4 rooms: 2 ended, 2 not ended.",
                "not ended: The room name is too long: LiveKit allows at most 256 bytes.", "not ended: The room name is empty.");
    }

    /** What a page shows as text: its markup (and the attributes that are not shown, such as form values) left out. */
    private static String text(String html) {
        return html.replaceAll("(?s)<[^>]*>", "");
    }

    private static final String OVERRIDE_MARKER = "<span class=\"rw-char\" title=\"U+202E RIGHT-TO-LEFT OVERRIDE\">⟨U+202E⟩</span>";

    @Test
    void aBidiOverrideInALoginNameIsShownAsAMarkerInTheAuditLogAndCannotReverseWhatFollows() {
        new dev.roomwarden.StaffBrowser(port).logIn("\u202Enimda", "wrong");

        var audit = loggedIn("moderator").get("/audit?action=LOGIN_FAILED").body();

        assertThat(text(audit)).doesNotContain("\u202E");
        assertThat(audit).contains(OVERRIDE_MARKER + "nimda");
    }

    @Test
    void inTheMessageAfterAnActionNamesAreIsolatedAndOverridesMarked() {
        var room = "שיחה-1";
        var identity = "\u202Enimda\u2066x\u2069";
        emulator.state().addParticipant(room, new ParticipantSpec(identity, "\u202Eeman", ParticipantInfo.Kind.STANDARD, "", Map.of(),
                List.of()));
        var moderator = loggedIn("moderator", Paths.room(room));
        var page = moderator.get(Paths.room(room)).body();
        assertThat(text(page)).doesNotContain("\u202E", "\u2066", "\u2069");
        assertThat(page).contains("<h1 class=\"h3 mb-1 text-break\" dir=\"auto\">" + room,
                OVERRIDE_MARKER + "nimda", OVERRIDE_MARKER + "eman");

        var answer = moderator.postHtmx(Paths.removeParticipant(room, identity), Map.of("reason", "spoofing"));

        assertThat(text(answer.body())).doesNotContain("\u202E");
        assertThat(answer.body()).contains("“" + OVERRIDE_MARKER + "nimda<span class=\"rw-char\" "
                + "title=\"U+2066 LEFT-TO-RIGHT ISOLATE\">⟨U+2066⟩</span>x<span class=\"rw-char\" title=\"U+2069 POP DIRECTIONAL ISOLATE\">"
                + "⟨U+2069⟩</span>” was removed from “<bdi class=\"rw-name\">" + room + "</bdi>”.");
        var audit = moderator.get("/audit").body();
        assertThat(text(audit)).doesNotContain("\u202E");
        assertThat(audit).contains(OVERRIDE_MARKER + "nimda");
    }
}
