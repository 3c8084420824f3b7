package dev.roomwarden;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.emulator.TrackSpec;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole staff workflows over real HTTP: Roomwarden in demo mode, its embedded emulator as LiveKit,
 * the official SDK between them. The test arranges LiveKit's state through the emulator and checks
 * the effect of each action there.
 */
@ExtendWith(OutputCaptureExtension.class)
class DashboardFlowTest extends FlowTest {

    private void supportChat(String room) {
        emulator.state().addParticipant(room, new ParticipantSpec("customer-" + room, "Customer", ParticipantInfo.Kind.STANDARD,
                "", Map.of(), List.of(new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false))));
        emulator.state().addParticipant(room, new ParticipantSpec("agent-" + room, "Voice agent", ParticipantInfo.Kind.AGENT,
                "", Map.of("lk.agent.state", "listening"), List.of(new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false))));
    }

    private static String path(String segment) {
        return UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8);
    }

    private List<String> identitiesIn(String room) {
        return emulator.state().participants(room).stream().map(ParticipantInfo::getIdentity).toList();
    }

    @Test
    void eachDemoRoleLogsInAndSeesItsRole() {
        for (var role : List.of("admin", "moderator", "viewer")) {
            var page = loggedIn(role).get("/rooms");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains(role, role.toUpperCase(), "Log out", "DEMO DATA");
        }
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLaxAndRenewedAtLogin() {
        var browser = new StaffBrowser(port);
        var before = browser.get("/login").headers().allValues("Set-Cookie");
        var login = browser.logIn("viewer", PASSWORD);
        var cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("ROOMWARDEN_SESSION=")).findFirst();
        assertThat(cookie).hasValueSatisfying(c -> assertThat(c).contains("HttpOnly").containsIgnoringCase("SameSite=Lax"));
        assertThat(before).noneMatch(c -> c.equals(cookie.get()));
    }

    @Test
    void wrongPasswordIsRefusedWithAMessage() {
        var browser = new StaffBrowser(port);
        var answer = browser.logIn("admin", "not-the-password");
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(browser.get("/login?error").body()).contains("Invalid username or password.");
        assertThat(browser.get("/rooms").statusCode()).isEqualTo(302);
    }

    @Test
    void logoutEndsTheSession() {
        var browser = loggedIn("viewer");
        browser.get("/rooms");
        assertThat(browser.postForm("/logout", Map.of()).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));
        assertThat(browser.get("/rooms").statusCode()).isEqualTo(302);
    }

    @Test
    void aPastedRoomLinkOpensThatRoomAfterLogin() {
        supportChat("support-77");
        var browser = new StaffBrowser(port);
        assertThat(browser.get("/rooms/support-77").statusCode()).isEqualTo(302);
        var answer = browser.logIn("viewer", PASSWORD);
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/rooms/support-77"));
    }

    @Test
    void roomsAreListedAndFilteredByName() {
        supportChat("support-1001");
        emulator.state().addParticipant("class-7b", new ParticipantSpec("teacher", "Ms Lee", ParticipantInfo.Kind.STANDARD,
                "", Map.of(), List.of()));
        var browser = loggedIn("viewer");

        assertThat(browser.get("/rooms").body()).contains("support-1001", "class-7b");
        var filtered = browser.getHtmx("/rooms?q=support");
        assertThat(filtered.body()).contains("support-1001").doesNotContain("class-7b").doesNotContain("<html");
    }

    @Test
    void moderatorRemovesTheAgentSoAHumanCanTakeOver() {
        supportChat("support-1002");
        var browser = loggedIn("moderator");
        var room = browser.get("/rooms/support-1002");
        assertThat(room.body()).contains("AGENT", "agent-support-1002", "Remove agent");

        var answer = browser.postHtmx("/rooms/support-1002/participants/agent-support-1002/remove",
                Map.of("reason", "customer asked for a human"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("“agent-support-1002” was removed from “support-1002”.", "customer-support-1002");
        assertThat(identitiesIn("support-1002")).containsExactly("customer-support-1002");
    }

    @Test
    void removingSomeoneWhoAlreadyLeftSaysSo() {
        supportChat("support-1003");
        var browser = loggedIn("moderator");
        browser.get("/rooms/support-1003");
        emulator.state().removeParticipant("support-1003", "customer-support-1003");

        var answer = browser.postHtmx("/rooms/support-1003/participants/customer-support-1003/remove", Map.of());

        assertThat(answer.body()).contains("had already left");
    }

    @Test
    void adminEndsARoomForEveryone() {
        supportChat("support-1004");
        var browser = loggedIn("admin");
        browser.get("/rooms/support-1004");

        var answer = browser.postForm("/rooms/support-1004/delete", Map.of("reason", "test call"));

        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/rooms"));
        assertThat(emulator.state().room("support-1004")).isEmpty();
        var list = browser.get("/rooms");
        assertThat(list.body()).contains("Room “support-1004” has ended for everyone in it.");
        assertThat(browser.get("/rooms/support-1004").statusCode()).isEqualTo(404);
    }

    @Test
    void aSecondAdminWhoStillHadTheRoomOpenIsToldItIsAlreadyGone() {
        supportChat("support-1005");
        var first = loggedIn("admin");
        first.get("/rooms/support-1005");
        var second = loggedIn("admin");
        second.get("/rooms/support-1005");

        first.postHtmx("/rooms/support-1005/delete", Map.of());
        var late = second.postForm("/rooms/support-1005/delete", Map.of());

        assertThat(second.get(late.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "")).body())
                .contains("had already ended");
    }

    @Test
    void deniedRolesGet403AndNothingChanges() {
        supportChat("support-1006");
        var viewer = loggedIn("viewer");
        assertThat(viewer.get("/rooms/support-1006").body()).doesNotContain("Remove agent", "End room", ">Remove<");
        assertThat(viewer.postHtmx("/rooms/support-1006/participants/agent-support-1006/remove", Map.of()).statusCode())
                .isEqualTo(403);
        assertThat(viewer.postForm("/rooms/support-1006/delete", Map.of()).statusCode()).isEqualTo(403);

        var moderator = loggedIn("moderator");
        moderator.get("/rooms/support-1006");
        assertThat(moderator.postForm("/rooms/support-1006/delete", Map.of()).statusCode()).isEqualTo(403);

        assertThat(identitiesIn("support-1006")).contains("agent-support-1006", "customer-support-1006");
        assertThat(emulator.state().room("support-1006")).isPresent();
    }

    @Test
    void aForgedRequestWithoutCsrfTokenIsRefused() {
        supportChat("support-1007");
        var moderator = loggedIn("moderator");
        moderator.get("/rooms/support-1007");

        var forged = moderator.postWithoutCsrf("/rooms/support-1007/participants/agent-support-1007/remove", Map.of());

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(identitiesIn("support-1007")).contains("agent-support-1007");
    }

    @Test
    void namesWithSlashesSpacesHashQuestionMarksPercentAndNonAsciiWorkInUrls() {
        var room = "eu/support #1 ?ü% 客服";
        var identity = "caller/42 #ü";
        emulator.state().addParticipant(room, new ParticipantSpec(identity, "", ParticipantInfo.Kind.SIP, "", Map.of(), List.of()));
        var browser = loggedIn("moderator");

        var list = browser.get("/rooms");
        var roomUrl = "/rooms/" + path(room);
        assertThat(list.body()).contains("href=\"" + roomUrl + "\"");
        var page = browser.get(roomUrl);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("eu/support #1 ?ü% 客服", "caller/42 #ü", "SIP");

        var answer = browser.postHtmx(roomUrl + "/participants/" + path(identity) + "/remove", Map.of());
        assertThat(answer.body()).contains("was removed");
        assertThat(emulator.state().participants(room)).isEmpty();
    }

    @Test
    void unknownRoomIsA404ThatOffersAWayBack() {
        var page = loggedIn("viewer").get("/rooms/" + URLEncoder.encode("no-such-room", StandardCharsets.UTF_8));
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("It may have ended", "Back to rooms");
    }

    /** A JWT: a header and a payload, each base64url JSON ("eyJ" is "{\""), then a dot (a random CSRF token may hold "eyJ"). */
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.");

    @Test
    void theApiSecretAndLiveKitTokensNeverReachTheBrowserOrTheLog(CapturedOutput log) {
        supportChat("support-1008");
        var seen = new ArrayList<HttpResponse<String>>();
        var anonymous = new StaffBrowser(port);
        seen.add(anonymous.get("/login"));
        seen.add(anonymous.get("/actuator/health"));
        seen.add(anonymous.getHtmx("/rooms"));
        var admin = new StaffBrowser(port);
        seen.add(admin.logIn("admin", PASSWORD));
        for (var path : List.of("/rooms", "/rooms?q=support&sort=-created", "/rooms?sort=bogus", "/rooms/support-1008",
                "/rooms/missing", "/rooms/support-1008/delete", "/rooms/support-1008/participants/agent-support-1008/remove",
                "/no-such-page", "/actuator", "/actuator/info", "/actuator/health", "/actuator/health/liveness",
                "/actuator/health/readiness", "/actuator/env", "/actuator/configprops", "/audit", "/audit.csv", "/users",
                "/account")) {
            seen.add(admin.get(path));
            seen.add(admin.getHtmx(path));
        }
        seen.add(admin.postHtmx("/rooms/support-1008/participants/agent-support-1008/remove", Map.of()));
        seen.add(admin.postForm("/rooms/support-1008/delete", Map.of()));

        for (var response : seen) {
            var everything = response.body() + response.headers().map();
            assertThat(everything).as(response.uri().toString()).doesNotContain(API_SECRET).doesNotContainPattern(TOKEN);
        }
        assertThat(admin.cookies().getCookieStore().getCookies().toString()).doesNotContain(API_SECRET).doesNotContainPattern(TOKEN);
        assertThat(log.getAll()).doesNotContain(API_SECRET).doesNotContainPattern(TOKEN);
    }
}
