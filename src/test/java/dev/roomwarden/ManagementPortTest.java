package dev.roomwarden;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator on a port of its own ({@code MANAGEMENT_SERVER_PORT}), e.g. one only the monitoring network
 * reaches: the same rules hold there. Health is public; the metrics take the token; staff sessions belong
 * to the main port, so nothing else opens on this one.
 */
@TestPropertySource(properties = {
        "management.server.port=0",
        "spring.datasource.url=jdbc:h2:mem:flow-management-port;DB_CLOSE_DELAY=-1"})
class ManagementPortTest extends FlowTest {

    @LocalManagementPort
    int managementPort;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> get(int port, String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsPublicAndTheMetricsTakeTheTokenOnTheManagementPort() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(get(managementPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        var readiness = get(managementPort, "/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).doesNotContain("components");

        var scrape = get(managementPort, "/actuator/prometheus", "Authorization", "Bearer " + METRICS_TOKEN);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("roomwarden_webhooks_total");
        assertThat(get(managementPort, "/actuator/prometheus", "Authorization", "Bearer wrong-token-0000000").statusCode())
                .isEqualTo(401);
        assertThat(get(managementPort, "/actuator/prometheus").statusCode()).isEqualTo(401);
    }

    @Test
    void anAdminSessionOfTheMainPortOpensNothingOnTheManagementPort() throws Exception {
        var admin = loggedIn("admin");
        assertThat(admin.get("/rooms").statusCode()).isEqualTo(200);
        var session = admin.cookies().getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("ROOMWARDEN_SESSION")).findFirst().orElseThrow().getValue();

        assertThat(get(managementPort, "/actuator/info", "Cookie", "ROOMWARDEN_SESSION=" + session).statusCode()).isEqualTo(401);
        assertThat(get(managementPort, "/actuator/prometheus", "Cookie", "ROOMWARDEN_SESSION=" + session).statusCode()).isEqualTo(401);
        assertThat(get(port, "/actuator/health", "Cookie", "ROOMWARDEN_SESSION=" + session).statusCode())
                .as("Actuator has left the main port").isEqualTo(404);
        assertThat(get(port, "/actuator/prometheus", "Cookie", "ROOMWARDEN_SESSION=" + session).statusCode()).isEqualTo(404);
    }
}
