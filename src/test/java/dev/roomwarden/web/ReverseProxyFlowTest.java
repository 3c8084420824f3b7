package dev.roomwarden.web;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.roomwarden.FlowTest;
import dev.roomwarden.StaffBrowser;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roomwarden behind a reverse proxy, over real HTTP: served under {@code /roomwarden} (every link, asset,
 * htmx URL, event stream, redirect and the webhook endpoint below it), and told by the proxy which scheme,
 * host and client the request really came from.
 */
@TestPropertySource(properties = {
        "server.servlet.context-path=" + ReverseProxyFlowTest.CONTEXT,
        "spring.datasource.url=jdbc:h2:mem:flow-reverse-proxy;DB_CLOSE_DELAY=-1"})
class ReverseProxyFlowTest extends FlowTest {

    static final String CONTEXT = "/roomwarden";
    /** Every URL a page gives the browser: links, assets, forms, htmx requests, event streams. */
    private static final Pattern URL_ATTRIBUTE = Pattern.compile(
            "\\s(href|src|action|hx-get|hx-post|sse-connect)=\"([^\"]*)\"");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void aSupportChat() {
        emulator.state().addParticipant("support-1", new ParticipantSpec("customer-1", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
        emulator.state().addParticipant("support-1", new ParticipantSpec("agent-1", "", ParticipantInfo.Kind.AGENT, "", Map.of(), List.of()));
    }

    private String origin() {
        return "http://localhost:" + port;
    }

    /** Logged in under the context path, and sent on to the rooms below it. */
    @Override
    protected StaffBrowser loggedIn(String username) {
        var browser = new StaffBrowser(port, CONTEXT);
        var login = browser.logIn(username, PASSWORD);
        assertThat(login.headers().firstValue("Location")).hasValue(origin() + CONTEXT + "/");
        assertThat(browser.get("/").headers().firstValue("Location")).hasValue(origin() + CONTEXT + "/rooms");
        return browser;
    }

    private static List<String> urls(String html) {
        var urls = new ArrayList<String>();
        var matcher = URL_ATTRIBUTE.matcher(html);
        while (matcher.find()) {
            urls.add(matcher.group(2).replace("&amp;", "&"));
        }
        return urls;
    }

    /** A path the page gave, as the browser under the context path asks for it. */
    private static String below(String url) {
        assertThat(url).startsWith(CONTEXT + "/");
        return url.substring(CONTEXT.length());
    }

    @Test
    void anAnonymousVisitorGoesToTheLoginPageUnderTheContextPath() throws Exception {
        var page = http.send(HttpRequest.newBuilder(URI.create(origin() + CONTEXT + "/rooms")).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValue(origin() + CONTEXT + "/login");

        var refresh = new StaffBrowser(port, CONTEXT).getHtmx("/rooms/support-1");
        assertThat(refresh.statusCode()).isEqualTo(401);
        assertThat(refresh.headers().firstValue("HX-Redirect")).hasValue(CONTEXT + "/rooms/support-1");

        var unsigned = http.send(HttpRequest.newBuilder(URI.create(origin() + CONTEXT + "/livekit/webhook"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).as("the webhook endpoint is there, and checks signatures").isEqualTo(401);
    }

    @Test
    void everyLinkAssetAndHtmxUrlOfThePagesIsUnderTheContextPathAndAssetsLoad() {
        var moderator = loggedIn("admin");
        var rooms = moderator.get("/rooms");
        var room = moderator.get("/rooms/support-1");
        assertThat(rooms.statusCode()).isEqualTo(200);
        assertThat(room.statusCode()).isEqualTo(200);
        var roomsUrls = urls(rooms.body());
        var roomUrls = urls(room.body());

        assertThat(roomsUrls).contains(CONTEXT + "/rooms/support-1", CONTEXT + "/rooms", CONTEXT + "/audit", CONTEXT + "/users");
        assertThat(roomUrls).anyMatch(url -> url.startsWith(CONTEXT + "/rooms/support-1/participants/agent-1/remove"))
                .anyMatch(url -> url.startsWith(CONTEXT + "/rooms/support-1/delete"))
                .contains(CONTEXT + "/logout");
        for (var url : concat(roomsUrls, roomUrls)) {
            assertThat(url).as("every URL of a page").satisfiesAnyOf(
                    u -> assertThat(u).startsWith(CONTEXT + "/"), u -> assertThat(u).startsWith("#"));
        }
        var assets = concat(roomsUrls, roomUrls).stream()
                .filter(url -> url.matches(".*\\.(css|js|svg)(\\?.*)?")).distinct().toList();
        assertThat(assets).hasSizeGreaterThanOrEqualTo(5);
        for (var asset : assets) {
            var answer = moderator.get(below(asset));
            assertThat(answer.statusCode()).as(asset).isEqualTo(200);
            assertThat(answer.body()).as(asset).isNotBlank();
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        var all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @Test
    void theRoomsEventStreamIsUnderTheContextPathAndLiveKitsWebhooksReachIt() throws Exception {
        var viewer = loggedIn("viewer");
        var stream = urls(viewer.get("/rooms/support-1").body()).stream()
                .filter(url -> url.equals(CONTEXT + "/rooms/support-1")).findFirst().orElseThrow();
        assertThat(viewer.get("/rooms/support-1").body()).contains("sse-connect=\"" + CONTEXT + "/rooms/support-1\"");
        try (var events = viewer.stream(below(stream))) {
            assertThat(events.status()).isEqualTo(200);
            assertThat(events.contentType()).startsWith("text/event-stream");
            // The emulator sends its webhook for this join to /roomwarden/livekit/webhook.
            emulator.state().addParticipant("support-1", new ParticipantSpec("late-joiner", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
            var pushed = events.next("room-live", Duration.ofSeconds(5));
            assertThat(pushed).isNotNull();
            assertThat(pushed.data()).contains("late-joiner");
            assertThat(urls(pushed.data())).isNotEmpty().allMatch(url -> url.startsWith(CONTEXT + "/"));
        }
    }

    @Test
    void actionsRedirectUnderTheContextPathForFormsAndHtmxAlike() {
        var moderator = loggedIn("moderator");
        moderator.get("/rooms/support-1");
        var removal = moderator.postForm("/rooms/support-1/participants/agent-1/remove", Map.of("reason", "proxy"));
        assertThat(removal.statusCode()).isEqualTo(302);
        assertThat(removal.headers().firstValue("Location")).hasValue(origin() + CONTEXT + "/rooms/support-1");
        assertThat(emulator.state().participants("support-1")).extracting(ParticipantInfo::getIdentity).containsExactly("customer-1");

        var admin = loggedIn("admin");
        admin.get("/rooms/support-1");
        var ending = admin.postHtmx("/rooms/support-1/delete", Map.of());
        assertThat(ending.statusCode()).isEqualTo(200);
        assertThat(ending.headers().firstValue("HX-Redirect")).hasValue(CONTEXT + "/rooms");
        assertThat(emulator.state().participants("support-1")).isEmpty();
    }

    @Test
    void behindATlsProxyRedirectsUseThePublicAddressAndTheSessionCookieIsSecure() throws Exception {
        String[] proxied = {"X-Forwarded-Proto", "https", "X-Forwarded-Host", "console.example.com",
                "X-Forwarded-For", "203.0.113.7"};
        var loginPage = send(HttpRequest.newBuilder(URI.create(origin() + CONTEXT + "/login")).headers(proxied).GET());
        assertThat(loginPage.statusCode()).isEqualTo(200);
        assertThat(loginPage.headers().firstValue("Strict-Transport-Security")).as("HSTS over TLS").isPresent();
        var session = sessionCookie(loginPage);
        assertThat(session).contains("Secure", "HttpOnly", "Path=" + CONTEXT);

        var login = send(HttpRequest.newBuilder(URI.create(origin() + CONTEXT + "/login")).headers(proxied)
                .header("Cookie", session.substring(0, session.indexOf(';')))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", "admin", "password", PASSWORD,
                        "_csrf", csrf(loginPage.body()))))));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValue("https://console.example.com" + CONTEXT + "/");
        assertThat(sessionCookie(login)).as("the session made at login").contains("Secure");
        assertThat(audited("action = 'LOGIN'")).last().extracting(r -> r.get("CLIENT_ADDRESS")).as("the client, not the proxy")
                .isEqualTo("203.0.113.7");

        var direct = send(HttpRequest.newBuilder(URI.create(origin() + CONTEXT + "/login")).GET());
        assertThat(sessionCookie(direct)).as("plain HTTP, no proxy").doesNotContain("Secure");
        assertThat(direct.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(send(HttpRequest.newBuilder(URI.create(origin() + CONTEXT + "/rooms")).header("Accept", "text/html").GET())
                .headers().firstValue("Location")).hasValue(origin() + CONTEXT + "/login");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("ROOMWARDEN_SESSION="))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
    }

    private static String csrf(String html) {
        var matcher = CSRF.matcher(html);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static String form(Map<String, String> fields) {
        var body = new StringBuilder();
        fields.forEach((key, value) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(key, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }
}
