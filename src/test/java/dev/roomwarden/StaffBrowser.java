package dev.roomwarden;

import java.io.IOException;
import java.net.CookieManager;
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
import java.util.stream.Collectors;

/**
 * A member of staff's browser, minus the rendering: real HTTP to a running Roomwarden, cookies kept,
 * redirects not followed (tests look at them), the CSRF token taken from the last page like a form would.
 */
public final class StaffBrowser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final CookieManager cookies;
    private final HttpClient http;
    private String csrfToken;
    private String clientAddress;

    public StaffBrowser(int port) {
        this(port, "", new CookieManager());
    }

    /** A browser of Roomwarden served under a context path ("/roomwarden"): paths given to it are below that. */
    public StaffBrowser(int port, String contextPath) {
        this(port, contextPath, new CookieManager());
    }

    private StaffBrowser(int port, String contextPath, CookieManager cookies) {
        this.base = "http://localhost:" + port + contextPath;
        this.cookies = cookies;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The same browser, its cookies included, sent to another instance on this port, as a load balancer may. */
    public StaffBrowser at(int port) {
        return new StaffBrowser(port, "", cookies);
    }

    /** From now on a client at this address, as the reverse proxy in front of Roomwarden says in X-Forwarded-For. */
    public StaffBrowser from(String address) {
        this.clientAddress = address;
        return this;
    }

    public CookieManager cookies() {
        return cookies;
    }

    /** Logs in through the login form; returns the answer to the form post (a redirect). */
    public HttpResponse<String> logIn(String username, String password) {
        get("/login");
        return postForm("/login", Map.of("username", username, "password", password));
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).header("Accept", "text/html").GET(), true);
    }

    /** A page at a full address: Roomwarden's, or another server's such as the identity provider's. */
    public HttpResponse<String> getUrl(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).header("Accept", "text/html").GET(), true);
    }

    /** Follows the answer's redirects as a browser does, to other servers too; returns the last answer. */
    public HttpResponse<String> follow(HttpResponse<String> response) {
        var current = response;
        for (int hops = 0; current.statusCode() / 100 == 3 && hops < 10; hops++) {
            var location = current.headers().firstValue("Location").orElseThrow();
            current = getUrl(current.uri().resolve(location).toString());
        }
        return current;
    }

    public HttpResponse<String> getHtmx(String path) {
        return send(request(path).header("HX-Request", "true").header("HX-Current-URL", base + path).GET(), true);
    }

    /** Opens a page's event stream, as the htmx SSE extension does: the page's URL, asked for as text/event-stream. */
    public EventStream stream(String path) {
        return stream(request(path));
    }

    /** Reopens a page's event stream as the browser's EventSource does after the server ended it: with the last event's id. */
    public EventStream reconnect(String path, String lastEventId) {
        return stream(request(path).header("Last-Event-ID", lastEventId));
    }

    private EventStream stream(HttpRequest.Builder request) {
        try {
            return new EventStream(http.send(request.header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> postForm(String path, Map<String, String> fields) {
        return post(path, List.copyOf(fields.entrySet()), false, true);
    }

    public HttpResponse<String> postHtmx(String path, Map<String, String> fields) {
        return post(path, List.copyOf(fields.entrySet()), true, true);
    }

    /** A form whose fields may repeat (ticked checkboxes), e.g. {@code List.of(Map.entry("identity", "a"), ...)}. */
    public HttpResponse<String> postForm(String path, List<Map.Entry<String, String>> fields) {
        return post(path, fields, false, true);
    }

    public HttpResponse<String> postHtmx(String path, List<Map.Entry<String, String>> fields) {
        return post(path, fields, true, true);
    }

    /** An htmx request whose CSRF token is a header, as the htmx dialect's {@code hx-headers} sends it, not a field. */
    public HttpResponse<String> postHtmxWithHeader(String path, Map<String, String> fields, String header, String token) {
        var body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded").header("HX-Request", "true")
                .header(header, token).POST(HttpRequest.BodyPublishers.ofString(body)), false);
    }

    /** A forged request: everything a real one has except the CSRF token. */
    public HttpResponse<String> postWithoutCsrf(String path, Map<String, String> fields) {
        return post(path, List.copyOf(fields.entrySet()), false, false);
    }

    private HttpResponse<String> post(String path, List<Map.Entry<String, String>> fields, boolean htmx, boolean withCsrf) {
        var form = new ArrayList<>(fields);
        if (withCsrf && csrfToken != null) {
            form.add(Map.entry("_csrf", csrfToken));
        }
        var body = form.stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (htmx) {
            request.header("HX-Request", "true");
        }
        return send(request, false);
    }

    private HttpRequest.Builder request(String path) {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        return clientAddress == null ? request : request.header("X-Forwarded-For", clientAddress);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, boolean keepCsrf) {
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            var matcher = CSRF.matcher(response.body());
            if (keepCsrf && matcher.find()) {
                csrfToken = matcher.group(1);
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
