package dev.roomwarden;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import dev.roomwarden.emulator.FaultMode;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the people running Roomwarden see of it over HTTP: health and its probes (LiveKit failing and
 * recovering through the emulator), the version and commit, and Prometheus series after real staff work,
 * scraped with an ADMIN's session or the metrics token.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperationsFlowTest extends FlowTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** Polls until the condition holds, for at most a few seconds (the health check is cached for one). */
    private static <T> T eventually(Supplier<T> answer, java.util.function.Predicate<T> condition) throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        var last = answer.get();
        while (!condition.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = answer.get();
        }
        return last;
    }

    private HttpResponse<String> readiness() {
        try {
            return get("/actuator/health/readiness");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readinessFollowsLiveKitAndTheDatabaseWhileLivenessStaysUp() throws Exception {
        var ready = eventually(this::readiness, r -> r.statusCode() == 200);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).path("status").asString()).isEqualTo("UP");

        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO);
        var notReady = eventually(this::readiness, r -> r.statusCode() == 503);
        assertThat(notReady.statusCode()).as("LiveKit unavailable").isEqualTo(503);
        assertThat(json(notReady).path("status").asString()).isEqualTo("DOWN");
        assertThat(notReady.body()).as("the public sees no why").doesNotContain("livekit", "components", "UNAVAILABLE");

        var liveness = get("/actuator/health/liveness");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(json(liveness).path("status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/health").statusCode()).as("the whole of health includes LiveKit").isEqualTo(503);

        var admin = loggedIn("admin");
        var detailed = json(asStaff(admin, "/actuator/health/readiness"));
        assertThat(detailed.path("components").path("livekit").path("status").asString()).isEqualTo("DOWN");
        assertThat(detailed.path("components").path("livekit").path("details").path("failure").asString()).isEqualTo("UNAVAILABLE");
        assertThat(detailed.path("components").path("db").path("status").asString()).isEqualTo("UP");
        var livenessForAdmin = json(asStaff(admin, "/actuator/health/liveness"));
        assertThat(livenessForAdmin.path("components").propertyNames()).as("liveness checks neither LiveKit nor the database")
                .containsExactly("livenessState");

        emulator.faults().set(FaultMode.REJECT_KEY, Duration.ZERO);
        var rejected = eventually(() -> json(asStaff(admin, "/actuator/health/readiness")),
                node -> node.path("components").path("livekit").path("details").path("failure").asString().equals("UNAUTHORIZED"));
        assertThat(rejected.path("status").asString()).as("a rejected API key is not ready either").isEqualTo("DOWN");
        assertThat(rejected.path("components").path("livekit").path("details").path("failure").asString()).isEqualTo("UNAUTHORIZED");

        emulator.faults().reset();
        assertThat(eventually(this::readiness, r -> r.statusCode() == 200).statusCode()).as("LiveKit back").isEqualTo(200);
    }

    @Test
    void probesInQuickSuccessionAskLiveKitOnce() throws Exception {
        eventually(this::readiness, r -> r.statusCode() == 200);
        // Wait out the cached answer, so the next probe asks and the following ones do not.
        Thread.sleep(1100);
        var before = emulator.calls("ListRooms");
        for (int i = 0; i < 10; i++) {
            assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        }
        assertThat(emulator.calls("ListRooms") - before).isEqualTo(1);
    }

    @Test
    void infoSaysTheVersionAndCommitToAnAdminOnly() throws Exception {
        var info = json(asStaff(loggedIn("admin"), "/actuator/info"));
        var pom = Files.readString(Path.of("pom.xml"));
        var version = Pattern.compile("<artifactId>roomwarden</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(version.find()).isTrue();
        assertThat(info.path("build").path("version").asString()).isEqualTo(version.group(1));
        if (Files.exists(Path.of(".git"))) {
            var git = new ProcessBuilder("git", "rev-parse", "HEAD").start();
            var head = new String(git.getInputStream().readAllBytes()).strip();
            assertThat(git.waitFor()).isZero();
            assertThat(info.path("git").path("commit").path("id").asString()).as("the commit built").startsWith(head.substring(0, 7));
        } else {
            assertThat(info.has("git")).as("built without .git: no commit rather than a wrong one").isFalse();
        }

        assertThat(asStaff(loggedIn("viewer"), "/actuator/info").statusCode()).isEqualTo(403);
        assertThat(get("/actuator/info").statusCode()).isEqualTo(401);
    }

    @Test
    void prometheusShowsLiveKitCallsStaffActionsWebhooksAndStreamsAfterRealWork() throws Exception {
        var before = scrape();
        var room = "support-metrics-7731";
        emulator.state().addParticipant(room, new ParticipantSpec("agent-7731", "", ParticipantInfo.Kind.AGENT, "", Map.of(), List.of()));
        var moderator = loggedIn("moderator");
        assertThat(moderator.get("/rooms/" + room).statusCode()).isEqualTo(200);
        assertThat(moderator.postForm("/rooms/" + room + "/participants/agent-7731/remove", Map.of("reason", "metrics")).statusCode())
                .isEqualTo(302);
        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO);
        assertThat(moderator.get("/rooms").body()).contains("says it is unavailable");
        emulator.faults().reset();
        var unsigned = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/livekit/webhook"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertThat(http.send(unsigned, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

        var viewer = loggedIn("viewer");
        var streams = value(scrape(), "roomwarden_sse_connections", Map.of());
        try (var stream = viewer.stream("/rooms")) {
            assertThat(stream.status()).isEqualTo(200);
            var open = eventually(this::scrape, s -> value(s, "roomwarden_sse_connections", Map.of()) == streams + 1);
            assertThat(value(open, "roomwarden_sse_connections", Map.of())).isEqualTo(streams + 1);
            viewer.get("/account");
            assertThat(viewer.postForm("/logout", Map.of()).statusCode()).isEqualTo(302);
            var closed = eventually(this::scrape, s -> value(s, "roomwarden_sse_connections", Map.of()) == streams);
            assertThat(value(closed, "roomwarden_sse_connections", Map.of())).as("the stream ends with its session").isEqualTo(streams);
        }

        // The join above reached Roomwarden as a webhook signed by the emulator.
        var after = eventually(this::scrape, s -> growth(before, s, "roomwarden_webhooks_total", Map.of("result", "accepted")) >= 1);
        assertThat(growth(before, after, "roomwarden_webhooks_total", Map.of("result", "accepted"))).isGreaterThanOrEqualTo(1);
        assertThat(growth(before, after, "roomwarden_webhooks_total", Map.of("result", "rejected"))).isEqualTo(1);
        assertThat(growth(before, after, "roomwarden_livekit_calls_seconds_count", Map.of("method", "RemoveParticipant", "outcome", "ok")))
                .isEqualTo(1);
        assertThat(growth(before, after, "roomwarden_livekit_calls_seconds_count", Map.of("method", "ListRooms", "outcome", "unavailable")))
                .isGreaterThanOrEqualTo(1);
        assertThat(growth(before, after, "roomwarden_livekit_calls_seconds_bucket",
                Map.of("method", "ListRooms", "outcome", "ok", "le", "10.0"))).as("latency buckets for quantiles").isGreaterThanOrEqualTo(1);
        assertThat(growth(before, after, "roomwarden_staff_actions_total", Map.of("action", "remove_participant", "outcome", "done")))
                .isEqualTo(1);
        assertThat(growth(before, after, "roomwarden_staff_actions_total", Map.of("action", "login", "outcome", "done")))
                .isGreaterThanOrEqualTo(2);
        // The name and labels of each series, not its value (a duration of 0.817731 s once contained the room's number).
        assertThat(after.lines().filter(line -> line.startsWith("roomwarden_")).map(line -> line.substring(0, line.lastIndexOf(' '))))
                .as("no room or participant in any label").noneMatch(series -> series.contains("7731"));
    }

    /** The scrape as Prometheus does it, with the token. */
    private String scrape() {
        try {
            var response = get("/actuator/prometheus", "Authorization", "Bearer " + METRICS_TOKEN);
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of the series with this name and these labels (among others), or -1 when there is none. */
    private static double value(String scrape, String name, Map<String, String> labels) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + "{") || labels.isEmpty() && line.startsWith(name + " "))
                .filter(line -> labels.entrySet().stream().allMatch(l -> line.contains(l.getKey() + "=\"" + l.getValue() + "\"")))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1);
    }

    /** How much a series grew from one scrape to a later one: the application, and so its counters, outlive a test. */
    private static double growth(String before, String after, String name, Map<String, String> labels) {
        return Math.max(value(after, name, labels), 0) - Math.max(value(before, name, labels), 0);
    }

    @Test
    void prometheusTakesTheTokenOrAnAdminAndNothingElse(CapturedOutput log) throws Exception {
        var byToken = get("/actuator/prometheus", "Authorization", "Bearer " + METRICS_TOKEN);
        assertThat(byToken.statusCode()).isEqualTo(200);
        assertThat(byToken.body()).contains("# TYPE roomwarden_webhooks_total counter");
        assertThat(byToken.headers().allValues("Set-Cookie")).as("a scrape makes no session").isEmpty();

        var wrong = get("/actuator/prometheus", "Authorization", "Bearer " + METRICS_TOKEN + "x");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(get("/actuator/prometheus").statusCode()).as("anonymous").isEqualTo(401);
        assertThat(get("/actuator/info", "Authorization", "Bearer " + METRICS_TOKEN).statusCode())
                .as("the token opens the metrics only").isEqualTo(401);

        assertThat(asStaff(loggedIn("viewer"), "/actuator/prometheus").statusCode()).isEqualTo(403);
        var admin = asStaff(loggedIn("admin"), "/actuator/prometheus");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("roomwarden_webhooks_total");

        assertThat(log.getAll()).doesNotContain(METRICS_TOKEN);
    }

    /** An Actuator endpoint with this member of staff's session, asking for what the endpoint serves rather than a page. */
    private HttpResponse<String> asStaff(StaffBrowser browser, String path) {
        var session = browser.cookies().getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("ROOMWARDEN_SESSION")).findFirst().orElseThrow().getValue();
        try {
            return get(path, "Cookie", "ROOMWARDEN_SESSION=" + session);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
