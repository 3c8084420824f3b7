package dev.roomwarden.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import livekit.LivekitWebhook.WebhookEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends webhooks like livekit-server: {@code application/webhook+json}, the event in camelCase JSON
 * without defaults, {@code Authorization: <JWT>} whose {@code sha256} claim is the body's hash. One
 * sender thread and a bounded queue: the API never waits, and events are dropped (and counted) when
 * the receiver falls behind, as the real notifier does.
 */
final class WebhookSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final int ATTEMPTS = 3;
    private static final int NOT_IMPLEMENTED = 501;
    private static final int TOO_MANY_REQUESTS = 429;

    private final List<URI> urls = new CopyOnWriteArrayList<>();
    private final String apiKey;
    private final Algorithm signer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ThreadPoolExecutor executor;
    private final AtomicLong dropped = new AtomicLong();
    private final Faults faults;

    WebhookSender(List<String> urls, String apiKey, String apiSecret, Faults faults) {
        urls.forEach(this::add);
        this.faults = faults;
        this.apiKey = apiKey;
        this.signer = Algorithm.HMAC256(apiSecret);
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000), runnable -> {
            var thread = new Thread(runnable, "emulator-webhooks");
            thread.setDaemon(true);
            return thread;
        }, (runnable, pool) -> log.warn("Emulator webhook queue full: {} event(s) dropped so far", dropped.incrementAndGet()));
    }

    void add(String url) {
        urls.add(URI.create(url));
    }

    /** The id and created_at are fixed here, once per event, so every URL and every retry carries the same. */
    void publish(WebhookEvent.Builder event) {
        var now = Instant.now();
        var complete = event.setId(Ids.event()).setCreatedAt(now.getEpochSecond()).setNumDropped((int) dropped.get()).build();
        var fate = faults.nextWebhook();
        if (fate == Faults.WebhookFate.DROP) {
            log.info("Emulator webhook {} {} dropped (webhook fault)", complete.getEvent(), complete.getId());
            return;
        }
        executor.execute(() -> deliver(complete, fate == Faults.WebhookFate.DUPLICATE ? 2 : 1));
    }

    private void deliver(WebhookEvent event, int copies) {
        String body;
        try {
            body = JsonFormat.printer().print(event);
        } catch (InvalidProtocolBufferException e) {
            log.warn("Emulator could not encode webhook {}", event.getEvent(), e);
            return;
        }
        var token = JWT.create().withIssuer(apiKey).withNotBefore(Instant.now())
                .withExpiresAt(Instant.now().plus(Duration.ofMinutes(5)))
                .withClaim("sha256", sha256(body)).sign(signer);
        for (var url : urls) {
            for (int copy = 0; copy < copies; copy++) {
                send(url, body, token, event.getEvent());
            }
        }
    }

    private void send(URI url, String body, String token, String event) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                var request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/webhook+json")
                        .header("Authorization", token)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
                var status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                // As retryablehttp: only 429 and 5xx (but 501) are tried again; any other answer counts as delivered.
                if (status < 500 && status != TOO_MANY_REQUESTS || status == NOT_IMPLEMENTED) {
                    if (status >= 300) {
                        log.warn("Emulator webhook {} to {} answered {}; not retried", event, url, status);
                    }
                    return;
                }
                log.warn("Emulator webhook {} to {} answered {} (attempt {}/{})", event, url, status, attempt, ATTEMPTS);
            } catch (java.io.IOException e) {
                log.warn("Emulator webhook {} to {} failed: {} (attempt {}/{})", event, url, e.toString(), attempt, ATTEMPTS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(250L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static String sha256(String body) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
