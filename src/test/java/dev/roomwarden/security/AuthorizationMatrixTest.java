package dev.roomwarden.security;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.roomwarden.StaffBrowser;
import dev.roomwarden.emulator.LiveKitEmulator;
import dev.roomwarden.emulator.ParticipantSpec;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route the application maps (pages, htmx fragments, actions, exports, Actuator), taken from its
 * own handler mappings, against every role and an anonymous client. A route missing from
 * {@link #REQUIRED} fails the test, so a new route cannot ship without deciding who may use it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roomwarden.emulator.port=0",
        "roomwarden.emulator.simulation.enabled=false",
        "roomwarden.livekit.cache-ttl=0s",
        "roomwarden.demo.password=" + AuthorizationMatrixTest.PASSWORD,
        "roomwarden.oidc.client-id=" + IdentityProvider.CLIENT_ID,
        "roomwarden.oidc.client-secret=" + IdentityProvider.CLIENT_SECRET,
        "roomwarden.oidc.roles.viewer=staff",
        "spring.datasource.url=jdbc:h2:mem:authorization-matrix;DB_CLOSE_DELAY=-1"})
class AuthorizationMatrixTest {

    static final String PASSWORD = "matrix-password-7741";
    /** Single sign-on is on here, so that its routes are in the matrix too. */
    private static final IdentityProvider PROVIDER = IdentityProvider.start();
    private static final String PUBLIC = "PUBLIC";
    /** A step of signing in with the identity provider: for anyone, a redirect onwards (provider, login page or rooms). */
    private static final String SIGN_IN = "SIGN-IN STEP";
    /** Not for staff at all: LiveKit's webhooks, authenticated by their signature; unsigned is always 401. */
    private static final String SIGNED = "SIGNED BY LIVEKIT";
    private static final String TRACK = "/rooms/{roomName}/participants/{identity}/tracks/{trackSid}/{change:mute|unmute}";
    private static final String SILENCE = "/rooms/{roomName}/participants/{identity}/{change:silence|unsilence}";

    /**
     * Who may use each route: PUBLIC, SIGNED, or the lowest role. Keys: "METHOD pattern", with " [htmx]" for the
     * fragment twins (a separate {@code @HxRequest} handler) and " [stream]" for Server-Sent Events. A route with one
     * handler for page and htmx is checked both ways under one key.
     */
    private static final Map<String, String> REQUIRED = new TreeMap<>(Map.ofEntries(
            Map.entry("GET /", "VIEWER"),
            Map.entry("GET /login", PUBLIC),
            Map.entry("GET /oauth2/authorization/{registrationId}", SIGN_IN),
            Map.entry("GET /login/oauth2/code/{registrationId}", SIGN_IN),
            Map.entry("GET /no-access", SIGN_IN),
            Map.entry("GET /error", PUBLIC),
            Map.entry("GET /overview", "VIEWER"),
            Map.entry("GET /overview [stream]", "VIEWER"),
            Map.entry("POST /overview/acknowledge", "MODERATOR"),
            Map.entry("GET /rooms", "VIEWER"),
            Map.entry("GET /rooms [htmx]", "VIEWER"),
            Map.entry("GET /rooms/{name}", "VIEWER"),
            Map.entry("GET /rooms/{name} [htmx]", "VIEWER"),
            Map.entry("GET /rooms [stream]", "VIEWER"),
            Map.entry("GET /rooms/{name} [stream]", "VIEWER"),
            Map.entry("POST /livekit/webhook", SIGNED),
            Map.entry("GET /rooms/{name}/delete", "ADMIN"),
            Map.entry("POST /rooms/{name}/delete", "ADMIN"),
            Map.entry("GET /rooms/{roomName}/participants/{identity}/hand-over", "MODERATOR"),
            Map.entry("POST /rooms/{roomName}/participants/{identity}/hand-over", "MODERATOR"),
            Map.entry("GET /rooms/{roomName}/hand-overs/{handOverId}", "MODERATOR"),
            Map.entry("GET /rooms/{roomName}/participants/{identity}/transfer", "MODERATOR"),
            Map.entry("POST /rooms/{roomName}/participants/{identity}/transfer", "MODERATOR"),
            Map.entry("GET /rooms/{roomName}/participants/{identity}/remove", "MODERATOR"),
            Map.entry("POST /rooms/{roomName}/participants/{identity}/remove", "MODERATOR"),
            Map.entry("GET " + TRACK, "MODERATOR"),
            Map.entry("POST " + TRACK, "MODERATOR"),
            Map.entry("GET /new-room", "ADMIN"),
            Map.entry("POST /rooms", "ADMIN"),
            Map.entry("GET /rooms/{name}/metadata", "MODERATOR"),
            Map.entry("POST /rooms/{name}/metadata", "MODERATOR"),
            Map.entry("GET /rooms/{name}/message", "MODERATOR"),
            Map.entry("POST /rooms/{name}/message", "MODERATOR"),
            Map.entry("GET /rooms/{roomName}/participants/{identity}/move", "MODERATOR"),
            Map.entry("POST /rooms/{roomName}/participants/{identity}/move", "MODERATOR"),
            Map.entry("GET /rooms/{roomName}/participants/{identity}/edit", "MODERATOR"),
            Map.entry("POST /rooms/{roomName}/participants/{identity}/edit", "MODERATOR"),
            Map.entry("GET /rooms/{roomName}/participants/{identity}/permissions", "MODERATOR"),
            Map.entry("POST /rooms/{roomName}/participants/{identity}/permissions", "MODERATOR"),
            Map.entry("GET " + SILENCE, "MODERATOR"),
            Map.entry("POST " + SILENCE, "MODERATOR"),
            Map.entry("GET /rooms/{roomName}/remove-participants", "MODERATOR"),
            Map.entry("POST /rooms/{roomName}/remove-participants", "MODERATOR"),
            Map.entry("GET /rooms/{roomName}/dispatch", "MODERATOR"),
            Map.entry("POST /rooms/{roomName}/dispatch", "MODERATOR"),
            Map.entry("GET /rooms/{roomName}/dispatches/{dispatchId}/cancel", "MODERATOR"),
            Map.entry("POST /rooms/{roomName}/dispatches/{dispatchId}/cancel", "MODERATOR"),
            // roomwarden.recording.min-role, MODERATOR by default.
            Map.entry("GET /rooms/{roomName}/record", "MODERATOR"),
            Map.entry("POST /rooms/{roomName}/record", "MODERATOR"),
            Map.entry("GET /recordings/{egressId}/stop", "MODERATOR"),
            Map.entry("POST /recordings/{egressId}/stop", "MODERATOR"),
            Map.entry("GET /rooms/{roomName}/call", "MODERATOR"),
            Map.entry("POST /rooms/{roomName}/call", "MODERATOR"),
            Map.entry("GET /end-rooms", "ADMIN"),
            Map.entry("POST /end-rooms", "ADMIN"),
            Map.entry("GET /search", "VIEWER"),
            Map.entry("GET /search/suggest", "VIEWER"),
            Map.entry("GET /history", "VIEWER"),
            Map.entry("GET /recordings", "VIEWER"),
            Map.entry("GET /recordings [stream]", "VIEWER"),
            Map.entry("GET /audit", "MODERATOR"),
            Map.entry("GET /audit.csv", "MODERATOR"),
            Map.entry("GET /history/{roomSid}", "VIEWER"),
            Map.entry("GET /history/{roomSid}.csv", "VIEWER"),
            Map.entry("GET /history/{roomSid}.json", "VIEWER"),
            Map.entry("GET /users", "ADMIN"),
            Map.entry("POST /users", "ADMIN"),
            Map.entry("GET /users/{username}/role", "ADMIN"),
            Map.entry("POST /users/{username}/role", "ADMIN"),
            Map.entry("GET /users/{username}/disable", "ADMIN"),
            Map.entry("GET /users/{username}/password", "ADMIN"),
            Map.entry("POST /users/{username}/disable", "ADMIN"),
            Map.entry("POST /users/{username}/enable", "ADMIN"),
            Map.entry("POST /users/{username}/password", "ADMIN"),
            Map.entry("GET /keep-outs", "MODERATOR"),
            Map.entry("GET /keep-outs/{id}/lift", "MODERATOR"),
            Map.entry("POST /keep-outs/{id}/lift", "MODERATOR"),
            Map.entry("GET /ingress", "VIEWER"),
            Map.entry("GET /ingress [htmx]", "VIEWER"),
            Map.entry("GET /ingress [stream]", "VIEWER"),
            Map.entry("GET /ingress/new", "ADMIN"),
            Map.entry("POST /ingress", "ADMIN"),
            Map.entry("POST /ingress/{id}/reveal", "ADMIN"),
            Map.entry("GET /ingress/{id}/delete", "ADMIN"),
            Map.entry("POST /ingress/{id}/delete", "ADMIN"),
            Map.entry("GET /telephony", "VIEWER"),
            Map.entry("GET /telephony [htmx]", "VIEWER"),
            Map.entry("GET /telephony/{kind:inbound|outbound|rules}/new", "ADMIN"),
            Map.entry("POST /telephony/{kind:inbound|outbound|rules}", "ADMIN"),
            Map.entry("GET /telephony/{kind:inbound|outbound|rules}/{id}/edit", "ADMIN"),
            Map.entry("POST /telephony/{kind:inbound|outbound|rules}/{id}", "ADMIN"),
            Map.entry("GET /telephony/{kind:inbound|outbound|rules}/{id}/delete", "ADMIN"),
            Map.entry("POST /telephony/{kind:inbound|outbound|rules}/{id}/delete", "ADMIN"),
            Map.entry("GET /alerts", "ADMIN"),
            Map.entry("POST /alerts/rules/{rule}", "ADMIN"),
            Map.entry("GET /alerts/targets/new", "ADMIN"),
            Map.entry("POST /alerts/targets", "ADMIN"),
            Map.entry("GET /alerts/targets/{id}/edit", "ADMIN"),
            Map.entry("POST /alerts/targets/{id}", "ADMIN"),
            Map.entry("GET /alerts/targets/{id}/delete", "ADMIN"),
            Map.entry("POST /alerts/targets/{id}/delete", "ADMIN"),
            Map.entry("POST /alerts/targets/{id}/test", "ADMIN"),
            Map.entry("POST /pins", "VIEWER"),
            Map.entry("GET /views", "VIEWER"),
            Map.entry("POST /views", "VIEWER"),
            Map.entry("GET /views/{id}/delete", "VIEWER"),
            Map.entry("POST /views/{id}/delete", "VIEWER"),
            Map.entry("POST /views/{id}/publish", "ADMIN"),
            Map.entry("POST /views/{id}/unpublish", "ADMIN"),
            Map.entry("POST /history/{roomSid}/notes", "MODERATOR"),
            Map.entry("GET /history/{roomSid}/notes/{id}/edit", "MODERATOR"),
            Map.entry("POST /history/{roomSid}/notes/{id}/edit", "MODERATOR"),
            Map.entry("GET /history/{roomSid}/notes/{id}/delete", "ADMIN"),
            Map.entry("POST /history/{roomSid}/notes/{id}/delete", "ADMIN"),
            Map.entry("POST /history/{roomSid}/tags", "MODERATOR"),
            Map.entry("POST /history/{roomSid}/tags/{tag}/remove", "MODERATOR"),
            Map.entry("GET /account", "VIEWER"),
            Map.entry("POST /account/password", "VIEWER"),
            Map.entry("GET /actuator", "ADMIN"),
            Map.entry("GET /actuator/health", PUBLIC),
            Map.entry("GET /actuator/health/**", PUBLIC),
            Map.entry("GET /actuator/info", "ADMIN"),
            // Or with the metrics token as a bearer token: MetricsScrapeTest.
            Map.entry("GET /actuator/prometheus", "ADMIN")));

    private static final Map<String, String> SAMPLE_VALUES = Map.ofEntries(Map.entry("{name}", "matrix-room"),
            Map.entry("{roomName}", "matrix-room"), Map.entry("{identity}", "p1"), Map.entry("{trackSid}", "TR_matrix"),
            Map.entry("{change:mute|unmute}", "mute"), Map.entry("{change:silence|unsilence}", "silence"),
            Map.entry("{username}", "matrix-target"), Map.entry("{dispatchId}", "AD_matrix"), Map.entry("{egressId}", "EG_matrix"), Map.entry("{handOverId}", "00000000-0000-0000-0000-000000000000"), Map.entry("{roomSid}", "RM_matrix"),
            Map.entry("{id}", "1"), Map.entry("{rule}", "long-room"), Map.entry("{kind:inbound|outbound|rules}", "inbound"),
            Map.entry("{tag}", "billing"),
            Map.entry("/**", "/liveness"), Map.entry("{registrationId}", OidcProperties.REGISTRATION_ID));

    /** Served by Spring Security's OAuth2 login filters, before any handler mapping sees them. */
    private static final List<Route> FILTER_ROUTES = List.of(
            new Route("GET", "/oauth2/authorization/{registrationId}", false, false),
            new Route("GET", "/login/oauth2/code/{registrationId}", false, false));

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("roomwarden.oidc.issuer-uri", PROVIDER::issuer);
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    LiveKitEmulator emulator;

    @Autowired
    StaffAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    private record Route(String method, String pattern, boolean htmx, boolean stream) {

        String key() {
            return method + " " + pattern + (htmx ? " [htmx]" : "") + (stream ? " [stream]" : "");
        }

        String path() {
            var path = pattern;
            for (var sample : SAMPLE_VALUES.entrySet()) {
                path = path.replace(sample.getKey(), sample.getValue());
            }
            return path;
        }
    }

    /** The routes as the application maps them, from every request-mapping handler mapping (MVC and Actuator). */
    private List<Route> mappedRoutes() {
        var routes = new ArrayList<Route>(FILTER_ROUTES);
        for (var mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            mapping.getHandlerMethods().forEach((info, handler) -> {
                var methods = info.getMethodsCondition().getMethods();
                var htmx = handler.hasMethodAnnotation(HxRequest.class);
                var stream = info.getProducesCondition().getProducibleMediaTypes().contains(MediaType.TEXT_EVENT_STREAM);
                for (var pattern : info.getPatternValues()) {
                    if (methods.isEmpty()) {
                        routes.add(new Route("GET", pattern, htmx, stream));
                    }
                    for (RequestMethod method : methods) {
                        routes.add(new Route(method.name(), pattern, htmx, stream));
                    }
                }
            });
        }
        return routes.stream().distinct().toList();
    }

    /**
     * The route as a page and, where one handler answers both (no {@code @HxRequest} twin), as htmx asks for
     * it. Sign-in steps, LiveKit's webhook and Actuator are not pages htmx asks for.
     */
    private List<Route> asPageAndHtmx(Route route) {
        var required = REQUIRED.get(route.key());
        var page = PUBLIC.equals(required) || SIGN_IN.equals(required) || SIGNED.equals(required) || route.pattern().startsWith("/actuator");
        var twin = mappedRoutes().contains(new Route(route.method(), route.pattern(), true, false));
        if (route.htmx() || route.stream() || page || twin) {
            return List.of(route);
        }
        return List.of(route, new Route(route.method(), route.pattern(), true, false));
    }

    private StaffBrowser as(String role) {
        var browser = new StaffBrowser(port);
        if (role == null) {
            browser.get("/login");
        } else {
            browser.logIn(role.toLowerCase(), PASSWORD);
            browser.get("/account");
        }
        return browser;
    }

    /** The status of one request on the route (for a stream: of opening it) and where it redirects, if it does. */
    private record Answer(int statusCode, String location) {
    }

    private static Answer call(StaffBrowser browser, Route route) {
        if (route.stream()) {
            try (var stream = browser.stream(route.path())) {
                return new Answer(stream.status(), stream.location());
            }
        }
        var response = send(browser, route);
        return new Answer(response.statusCode(), response.headers().firstValue("Location").orElse(""));
    }

    private static HttpResponse<String> send(StaffBrowser browser, Route route) {
        if (route.method().equals("GET")) {
            return route.htmx() ? browser.getHtmx(route.path()) : browser.get(route.path());
        }
        return route.htmx() ? browser.postHtmx(route.path(), Map.of()) : browser.postForm(route.path(), Map.of());
    }

    private static boolean sentToLogin(Answer response) {
        return response.statusCode() == 401 || response.statusCode() == 302 && response.location().contains("/login");
    }

    @Test
    void everyMappedRouteIsInTheMatrix() {
        var keys = mappedRoutes().stream().map(Route::key).toList();
        assertThat(keys).as("routes the matrix does not cover: decide who may use them").allMatch(REQUIRED::containsKey);
        assertThat(REQUIRED.keySet()).as("matrix entries no route has any more").allMatch(keys::contains);
    }

    @Test
    void everyRoleGetsExactlyWhatItMayAndAnonymousClientsGoToLogin() {
        emulator.state().addParticipant("matrix-room", new ParticipantSpec("p1", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
        if (accounts.findByUsername("matrix-target").isEmpty()) {
            accounts.create("matrix-target", "Target", "{noop}x", Role.VIEWER);
        }
        var failures = new LinkedHashMap<String, String>();
        for (var role : new String[] {null, "VIEWER", "MODERATOR", "ADMIN"}) {
            var browser = as(role);
            for (var mapped : mappedRoutes()) {
              // A route with one handler for both serves htmx too: each is asked for both ways.
              for (var route : asPageAndHtmx(mapped)) {
                var required = REQUIRED.get(mapped.key());
                var response = call(browser, route);
                var who = role == null ? "anonymous" : role;
                var allowed = PUBLIC.equals(required) || SIGN_IN.equals(required)
                        || role != null && !SIGNED.equals(required) && Role.valueOf(role).compareTo(Role.valueOf(required)) >= 0;
                String problem = null;
                if (SIGNED.equals(required)) {
                    problem = response.statusCode() == 401 ? null : "unsigned should be 401, got " + response.statusCode();
                } else if (SIGN_IN.equals(required)) {
                    problem = response.statusCode() == 302 ? null : "should redirect onwards, got " + response.statusCode();
                } else if (allowed && (response.statusCode() == 403 || sentToLogin(response))) {
                    problem = "should be allowed, got " + response.statusCode();
                } else if (!allowed && role == null && !sentToLogin(response)) {
                    problem = "should go to login, got " + response.statusCode() + " " + response.location();
                } else if (!allowed && role == null && route.htmx() && response.statusCode() != 401) {
                    problem = "htmx should get 401 with HX-Redirect, got " + response.statusCode();
                } else if (!allowed && role != null && response.statusCode() != 403) {
                    problem = "should be 403, got " + response.statusCode();
                }
                if (problem != null) {
                    failures.put(who + " " + route.key() + (route.htmx() && !mapped.htmx() ? " (asked by htmx)" : ""), problem);
                }
                if (role != null && !route.pattern().startsWith("/users")) {
                    browser.get("/account");
                }
              }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void everyStateChangingRequestWithoutACsrfTokenIsRefusedAndChangesNothing() {
        emulator.state().addParticipant("matrix-room", new ParticipantSpec("p1", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
        if (accounts.findByUsername("matrix-target").isEmpty()) {
            accounts.create("matrix-target", "Target", "{noop}x", Role.VIEWER);
        }
        var admin = as("ADMIN");
        var auditBefore = jdbc.sql("SELECT COUNT(*) FROM audit_record").query(Long.class).single();
        var accountsBefore = accounts.findAll().toString();
        var posts = mappedRoutes().stream().filter(r -> r.method().equals("POST")).toList();
        assertThat(posts).hasSizeGreaterThanOrEqualTo(10);

        for (var route : posts) {
            // CSRF does not apply to LiveKit's webhooks; their signature does, and a form post has none.
            var expected = SIGNED.equals(REQUIRED.get(route.key())) ? 401 : 403;
            assertThat(admin.postWithoutCsrf(route.path(), Map.of("role", "VIEWER", "username", "x", "password", "p"))
                    .statusCode()).as(route.key()).isEqualTo(expected);
        }

        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_record").query(Long.class).single()).isEqualTo(auditBefore);
        assertThat(accounts.findAll().toString()).isEqualTo(accountsBefore);
        assertThat(emulator.state().participants("matrix-room")).hasSize(1);
    }
}
