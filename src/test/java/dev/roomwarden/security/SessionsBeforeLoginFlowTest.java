package dev.roomwarden.security;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.roomwarden.FlowTest;
import dev.roomwarden.StaffBrowser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anonymous visitors cost no stored session: the login page keeps its CSRF token in a cookie, and a session
 * that must exist before login (the page asked for, to return to) lives minutes, not the 8 hours of a staff
 * session. Counted in the session store itself, over real HTTP.
 */
class SessionsBeforeLoginFlowTest extends FlowTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern HTMX_CSRF = Pattern.compile("hx-headers=\"\\{&quot;([^&]+)&quot;:&quot;([^&]+)&quot;\\}\"");

    /** A client that keeps no cookies, as a crawler or an attacker would not. */
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", "text/html");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Map<String, String> fields, String... headers) throws Exception {
        var body = new StringBuilder();
        fields.forEach((key, value) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(key, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long sessionsCreatedSince(long millis) {
        return jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE CREATION_TIME >= ?").param(millis).query(Long.class).single();
    }

    private static List<String> cookies(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).toList();
    }

    /** "NAME=value" of the cookie the answer set. */
    private static String cookie(HttpResponse<String> response, String name) {
        var set = cookies(response, name);
        assertThat(set).as(name + " set by " + response.uri()).hasSize(1);
        return set.get(0).substring(0, set.get(0).indexOf(';'));
    }

    private static String csrf(String html) {
        var matcher = CSRF.matcher(html);
        assertThat(matcher.find()).as("a CSRF field").isTrue();
        return matcher.group(1);
    }

    /** The maximum inactive interval, in seconds, of the stored session that this cookie names. */
    private Integer storedLifetime(String sessionCookie) {
        var id = new String(java.util.Base64.getDecoder().decode(sessionCookie.substring(sessionCookie.indexOf('=') + 1)),
                StandardCharsets.UTF_8);
        return jdbc.sql("SELECT MAX_INACTIVE_INTERVAL FROM SPRING_SESSION WHERE SESSION_ID = ?").param(id)
                .query(Integer.class).optional().orElse(null);
    }

    @Test
    void anonymousVisitsOfTheLoginPageStoreNoSession() throws Exception {
        var start = System.currentTimeMillis();
        for (int i = 0; i < 60; i++) {
            var page = get(i % 3 == 0 ? "/login" : i % 3 == 1 ? "/login?error" : "/login?logout");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("name=\"_csrf\"");
            assertThat(cookies(page, "ROOMWARDEN_SESSION")).as("visit " + i).isEmpty();
            assertThat(cookie(page, "ROOMWARDEN_CSRF")).as("the token's cookie").isNotBlank();
        }
        assertThat(sessionsCreatedSince(start)).as("sessions stored for 60 anonymous visits").isZero();
    }

    @Test
    void theCsrfCookieIsHttpOnlyAndSameSite() throws Exception {
        var set = cookies(get("/login"), "ROOMWARDEN_CSRF");
        assertThat(set).singleElement().satisfies(c -> assertThat(c).contains("HttpOnly", "Path=/").containsIgnoringCase("SameSite=Lax"));
    }

    @Test
    void loginWorksWithTheTokenAndItsCookieAndNotWithoutEither() throws Exception {
        var page = get("/login");
        var token = csrf(page.body());
        var csrfCookie = cookie(page, "ROOMWARDEN_CSRF");
        var credentials = Map.of("username", "viewer", "password", PASSWORD);

        var noToken = post("/login", credentials, "Cookie", csrfCookie);
        assertThat(noToken.statusCode()).as("a forged login without the token").isEqualTo(403);
        var noCookie = post("/login", withToken(credentials, token));
        assertThat(noCookie.statusCode()).as("another visitor's token, without its cookie").isEqualTo(403);
        var otherCookie = post("/login", withToken(credentials, token), "Cookie", cookie(get("/login"), "ROOMWARDEN_CSRF"));
        assertThat(otherCookie.statusCode()).as("the token with someone else's cookie").isEqualTo(403);

        var login = post("/login", withToken(credentials, token), "Cookie", csrfCookie);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        var session = cookie(login, "ROOMWARDEN_SESSION");
        assertThat(storedLifetime(session)).as("a staff session, in seconds").isEqualTo(8 * 3600);
        assertThat(get("/rooms", "Cookie", session).statusCode()).isEqualTo(200);
    }

    private static Map<String, String> withToken(Map<String, String> fields, String token) {
        var all = new java.util.HashMap<>(fields);
        all.put("_csrf", token);
        return all;
    }

    @Test
    void aWrongPasswordStoresNoSession() throws Exception {
        var start = System.currentTimeMillis();
        var page = get("/login");
        var failed = post("/login", Map.of("username", "viewer", "password", "not-the-password", "_csrf", csrf(page.body())),
                "Cookie", String.join("; ", page.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';'))).toList()));
        assertThat(failed.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(cookies(failed, "ROOMWARDEN_SESSION")).isEmpty();
        assertThat(sessionsCreatedSince(start)).isZero();
    }

    @Test
    void thePageAskedForBeforeLoginIsKeptInAShortSessionThatLoginRenewsAndLengthens() throws Exception {
        var asked = get("/rooms?q=support");
        assertThat(asked.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        var before = cookie(asked, "ROOMWARDEN_SESSION");
        assertThat(storedLifetime(before)).as("a session before login, in seconds").isEqualTo(10 * 60);

        var page = get("/login", "Cookie", before);
        var login = post("/login", Map.of("username", "viewer", "password", PASSWORD, "_csrf", csrf(page.body())),
                "Cookie", before + "; " + cookie(page, "ROOMWARDEN_CSRF"));
        assertThat(login.headers().firstValue("Location")).as("back to the page asked for")
                .hasValueSatisfying(l -> assertThat(l).endsWith("/rooms?q=support"));
        var after = cookie(login, "ROOMWARDEN_SESSION");
        assertThat(after).as("a new session id at login").isNotEqualTo(before);
        assertThat(storedLifetime(before)).as("the old id is gone").isNull();
        assertThat(storedLifetime(after)).isEqualTo(8 * 3600);
    }

    @Test
    void htmxRequestsCarryTheTokenInTheirHeaderAndAreRefusedWithoutIt() {
        var admin = loggedIn("admin");
        var form = admin.get("/new-room").body();
        var header = HTMX_CSRF.matcher(form);
        assertThat(header.find()).as("hx-headers with the token on the form").isTrue();
        assertThat(header.group(1)).isEqualTo("X-CSRF-TOKEN");

        var forged = admin.postWithoutCsrf("/rooms", Map.of("name", "csrf-forged"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(emulator.state().rooms()).noneMatch(room -> room.getName().equals("csrf-forged"));

        var created = admin.postHtmxWithHeader("/rooms", Map.of("name", "csrf-by-header"), header.group(1), header.group(2));
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(emulator.state().rooms()).anyMatch(room -> room.getName().equals("csrf-by-header"));
    }

    @Test
    void logoutNeedsTheTokenAndEndsTheSession() {
        var viewer = loggedIn("viewer", "/rooms");
        assertThat(viewer.postWithoutCsrf("/logout", Map.of()).statusCode()).isEqualTo(403);
        assertThat(viewer.get("/rooms").statusCode()).isEqualTo(200);
        assertThat(viewer.postForm("/logout", Map.of()).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));
        assertThat(viewer.get("/rooms").statusCode()).isEqualTo(302);
    }
}
