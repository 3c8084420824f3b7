package dev.roomwarden.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
        assertThat(browser.get("/").headers().firstValue("Location")).hasValue(origin() + CONTEXT + "/overview");
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
                .filter(url -> url.startsWith(CONTEXT + "/rooms/support-1?sid=")).findFirst().orElseThrow();
        // The stream is of the session the page shows (its sid), so that its end links to that session's history.
        assertThat(viewer.get("/rooms/support-1").body()).contains("sse-connect=\"" + stream + "\"");
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
    void behindATlsProxyRedirectsUseThePublicAddressAndTheCookiesAreSecure() throws Exception {
        String[] proxied = {"X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.7"};
        var loginPage = send(HttpRequest.newBuilder(URI.create(origin() + CONTEXT + "/login")).headers(proxied).GET());
        assertThat(loginPage.statusCode()).isEqualTo(200);
        assertThat(loginPage.headers().firstValue("Strict-Transport-Security")).as("HSTS over TLS").isPresent();
        var csrfCookie = cookie(loginPage, "ROOMWARDEN_CSRF");
        assertThat(csrfCookie).contains("Secure", "HttpOnly", "Path=" + CONTEXT);

        var login = viaProxy("POST", "/login", Map.of("Host", "console.example.com", "X-Forwarded-Proto", "https",
                        "X-Forwarded-For", "203.0.113.7", "Cookie", csrfCookie.substring(0, csrfCookie.indexOf(';'))),
                form(Map.of("username", "admin", "password", PASSWORD, "_csrf", csrf(loginPage.body()))));
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.header("Location")).as("the Host the proxy passed on").containsExactly("https://console.example.com" + CONTEXT + "/");
        assertThat(login.header("Set-Cookie")).filteredOn(c -> c.startsWith("ROOMWARDEN_SESSION=")).as("the session made at login")
                .singleElement().satisfies(c -> assertThat(c).contains("Secure", "HttpOnly"));
        assertThat(audited("action = 'LOGIN'")).last().extracting(r -> r.get("CLIENT_ADDRESS")).as("the client, not the proxy")
                .isEqualTo("203.0.113.7");

        var direct = send(HttpRequest.newBuilder(URI.create(origin() + CONTEXT + "/login")).GET());
        assertThat(cookie(direct, "ROOMWARDEN_CSRF")).as("plain HTTP, no proxy").doesNotContain("Secure");
        assertThat(direct.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(send(HttpRequest.newBuilder(URI.create(origin() + CONTEXT + "/rooms")).header("Accept", "text/html").GET())
                .headers().firstValue("Location")).hasValue(origin() + CONTEXT + "/login");
    }

    @Test
    void anXForwardedHostIsNotBelievedEvenFromTheProxy() throws Exception {
        var asked = viaProxy("GET", "/rooms", Map.of("Host", "console.example.com", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "evil.example", "Accept", "text/html"), null);
        assertThat(asked.status()).isEqualTo(302);
        assertThat(asked.header("Location")).containsExactly("https://console.example.com" + CONTEXT + "/login");

        var loginPage = send(HttpRequest.newBuilder(URI.create(origin() + CONTEXT + "/login")).header("X-Forwarded-Host", "evil.example").GET());
        var login = send(HttpRequest.newBuilder(URI.create(origin() + CONTEXT + "/login")).header("X-Forwarded-Host", "evil.example")
                .header("Cookie", cookiesOf(loginPage))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", "viewer", "password", PASSWORD,
                        "_csrf", csrf(loginPage.body()))))));
        assertThat(login.headers().firstValue("Location")).hasValue(origin() + CONTEXT + "/");
    }

    @Test
    void anXForwardedForThatIsNotAnAddressNeverReachesTheAuditLog() throws Exception {
        for (var forged : List.of("not-an-address", "203.0.113.7<script>", "1.2.3.4.5", "unknown", "203.0.113.7, evil")) {
            var loginPage = send(HttpRequest.newBuilder(URI.create(origin() + CONTEXT + "/login")).GET());
            var login = send(HttpRequest.newBuilder(URI.create(origin() + CONTEXT + "/login")).header("X-Forwarded-For", forged)
                    .header("Cookie", cookiesOf(loginPage))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", "viewer", "password", PASSWORD,
                            "_csrf", csrf(loginPage.body()))))));
            assertThat(login.statusCode()).isEqualTo(302);
            assertThat(audited("action = 'LOGIN'")).last().extracting(r -> r.get("CLIENT_ADDRESS")).as(forged)
                    .isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        }
    }

    /**
     * A client on this machine's own private address (not loopback), as a host on the proxy's network would be:
     * its X-Forwarded-For is not believed, since only loopback is trusted unless the operator names a proxy.
     */
    @Test
    void anXForwardedForFromAnAddressNotNamedAsAProxyIsNotBelieved() throws Exception {
        var privateAddress = privateAddressOfThisMachine();
        assumeTrue(privateAddress != null, "this machine has a private (not loopback) address to connect from");
        var host = privateAddress instanceof Inet6Address ? "[" + privateAddress.getHostAddress().replaceAll("%.*", "") + "]"
                : privateAddress.getHostAddress();
        var base = "http://" + host + ":" + port + CONTEXT;
        var loginPage = send(HttpRequest.newBuilder(URI.create(base + "/login")).GET());
        var login = send(HttpRequest.newBuilder(URI.create(base + "/login")).header("X-Forwarded-For", "203.0.113.99")
                .header("X-Forwarded-Proto", "https")
                .header("Cookie", cookiesOf(loginPage))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", "viewer", "password", PASSWORD,
                        "_csrf", csrf(loginPage.body()))))));
        assertThat(login.headers().firstValue("Location")).as("not told it was HTTPS").hasValueSatisfying(l -> assertThat(l).startsWith("http://"));
        assertThat(audited("action = 'LOGIN'")).last().extracting(r -> r.get("CLIENT_ADDRESS")).as("the connection's own address")
                .isNotEqualTo("203.0.113.99")
                .satisfies(address -> assertThat(InetAddress.getByName((String) address)).isEqualTo(privateAddress));
    }

    /** A private address (10/8, 172.16/12, 192.168/16, fc00::/7) of one of this machine's interfaces, or null. */
    private static InetAddress privateAddressOfThisMachine() throws Exception {
        for (var network : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!network.isUp() || network.isLoopback()) {
                continue;
            }
            for (var address : java.util.Collections.list(network.getInetAddresses())) {
                var bytes = address.getAddress();
                if (address.isSiteLocalAddress() || (address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc)) {
                    return address;
                }
            }
        }
        return null;
    }

    /** The status and headers of an answer to a request sent as a proxy sends it (java.net.http cannot set Host). */
    private record Head(int status, List<String> lines) {

        List<String> header(String name) {
            return lines.stream().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(l -> l.substring(name.length() + 1).strip()).toList();
        }
    }

    private Head viaProxy(String method, String path, Map<String, String> headers, String body) throws Exception {
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            var request = new StringBuilder(method + " " + CONTEXT + path + " HTTP/1.1\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                request.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
                        .append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n").append(body == null ? "" : body);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            var answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            var lines = List.of(answer.substring(0, answer.indexOf("\r\n\r\n")).split("\r\n"));
            return new Head(Integer.parseInt(lines.get(0).split(" ")[1]), lines.subList(1, lines.size()));
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every cookie the answer set, as the browser sends them back (the CSRF token's among them). */
    private static String cookiesOf(HttpResponse<String> response) {
        return String.join("; ", response.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';'))).toList());
    }

    private static String cookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .findFirst().orElseThrow(() -> new AssertionError("no cookie " + name + " in " + response.headers().map()));
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
