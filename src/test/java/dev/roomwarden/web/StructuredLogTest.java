package dev.roomwarden.web;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import dev.roomwarden.StaffBrowser;
import io.livekit.server.AccessToken;
import io.livekit.server.RoomAdmin;
import io.livekit.server.RoomName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roomwarden started as operations start it, in a JVM of its own with {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}
 * (a process of its own, since logging is set up once per JVM): every line on standard output is JSON, and
 * every line written while a request is handled names its request id and the staff member.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StructuredLogTest {

    private static final String PASSWORD = "json-logs-password-2207";
    private static final String API_SECRET = "json-logs-secret-Zr4Kp0Qw";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> output = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process roomwarden;
    private int port;
    private int livekitPort;

    @BeforeAll
    void start() throws Exception {
        port = freePort();
        livekitPort = freePort();
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.roomwarden.RoomwardenApplication",
                "--server.port=" + port,
                "--roomwarden.emulator.port=" + livekitPort,
                "--roomwarden.emulator.api-secret=" + API_SECRET,
                "--roomwarden.emulator.simulation.enabled=false",
                "--roomwarden.demo.password=" + PASSWORD,
                "--spring.datasource.url=jdbc:h2:mem:json-logs")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        process.environment().put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        roomwarden = process.start();
        var reader = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(roomwarden.getInputStream(), StandardCharsets.UTF_8))) {
                for (var line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                }
            } catch (Exception e) {
                // The process ended.
            }
        }, "roomwarden-output");
        reader.setDaemon(true);
        reader.start();
        awaitLine(line -> line.contains("Started RoomwardenApplication"), Duration.ofSeconds(90));
    }

    @AfterAll
    void stop() throws Exception {
        if (roomwarden != null) {
            roomwarden.destroy();
            roomwarden.waitFor();
        }
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private String awaitLine(Predicate<String> condition, Duration within) throws InterruptedException {
        var deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            var found = output.stream().filter(condition).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            assertThat(roomwarden.isAlive()).as("Roomwarden is running; its output: " + output).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("no such line within " + within + " in: " + String.join("\n", output));
    }

    private List<JsonNode> linesOfRequest(String requestId) {
        return output.stream().map(line -> JSON.readTree(line)).filter(node -> requestId.equals(node.path("request_id").asString()))
                .toList();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).headers(headers).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The emulator's control API makes its LiveKit refuse for a while, so that Roomwarden logs the failure. */
    private void liveKitFault(String mode) throws Exception {
        var token = new AccessToken("devkey", API_SECRET);
        token.addGrants(new RoomAdmin(true), new RoomName("any"));
        var answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + livekitPort + "/emulator/faults"))
                .header("Authorization", "Bearer " + token.toJwt()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"" + mode + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
    }

    @Test
    void everyLineIsJsonAndTheLinesOfARequestNameItsIdAndTheStaffMember() throws Exception {
        var admin = new StaffBrowser(port);
        admin.logIn("admin", PASSWORD);
        var session = admin.cookies().getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("ROOMWARDEN_SESSION")).findFirst().orElseThrow().getValue();

        liveKitFault("unavailable");
        try {
            var page = get("/rooms", "Cookie", "ROOMWARDEN_SESSION=" + session, "X-Request-Id", "proxy-4f1c9a");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("X-Request-Id")).hasValue("proxy-4f1c9a");
            awaitLine(line -> line.contains("proxy-4f1c9a") && line.contains("ListRooms"), Duration.ofSeconds(5));
        } finally {
            liveKitFault("none");
        }
        var lines = linesOfRequest("proxy-4f1c9a");
        assertThat(lines).isNotEmpty()
                .anyMatch(line -> line.path("message").asString().contains("LiveKit ListRooms"))
                .allMatch(line -> line.path("user").asString().equals("admin"));

        var unsigned = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/livekit/webhook"))
                .header("X-Request-Id", "x".repeat(65)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        var generated = unsigned.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(generated).as("an over-long id is replaced").matches("[0-9a-f-]{36}");
        awaitLine(line -> line.contains(generated) && line.contains("Refused a LiveKit webhook"), Duration.ofSeconds(5));
        assertThat(linesOfRequest(generated)).isNotEmpty().allMatch(line -> !line.has("user"));

        assertThat(output).as("every line on standard output is JSON").allSatisfy(line ->
                assertThat(JSON.readTree(line).path("@timestamp").isMissingNode()).as(line).isFalse());
        assertThat(String.join("\n", output)).doesNotContain(API_SECRET).doesNotContain("eyJ");
    }
}
