package dev.roomwarden.security;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.roomwarden.FlowTest;
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
}
