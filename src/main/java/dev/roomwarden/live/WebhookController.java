package dev.roomwarden.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import dev.roomwarden.input.RequestBody;
import dev.roomwarden.input.Text;
import dev.roomwarden.livekit.LiveKitConnection;
import io.livekit.server.WebhookReceiver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import livekit.LivekitWebhook.WebhookEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /livekit/webhook}: LiveKit's webhooks (point the server's {@code webhook.urls} here),
 * authenticated by their signature: the SDK's WebhookReceiver checks the JWT made with the API secret
 * and the sha256 of the body it carries. No session and no CSRF token apply. The token is checked before the
 * body is read, so a sender without the API secret is answered at once and holds no request thread while it
 * trickles a body; the body then has {@link #BODY_DEADLINE} to arrive.
 */
@RestController
class WebhookController {

    /** LiveKit's events are a few kilobytes; anything far larger is not one. */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    /** LiveKit sends a webhook in one go; a body that takes longer than this is not LiveKit's. */
    static final Duration BODY_DEADLINE = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

    private final WebhookReceiver receiver;
    /** What the SDK's receiver checks of the token before it hashes the body: signature, expiry, issuer (the API key). */
    private final JWTVerifier tokens;
    private final ApplicationEventPublisher events;
    private final Counter accepted;
    private final Counter rejected;

    WebhookController(LiveKitConnection connection, ApplicationEventPublisher events, MeterRegistry meters) {
        this.receiver = new WebhookReceiver(connection.apiKey(), connection.apiSecret());
        this.tokens = JWT.require(Algorithm.HMAC256(connection.apiSecret())).withIssuer(connection.apiKey()).build();
        this.events = events;
        // Both series exist from the start, so a rate of refusals can be watched before the first one.
        this.accepted = webhooks("accepted", meters);
        this.rejected = webhooks("rejected", meters);
    }

    private static Counter webhooks(String result, MeterRegistry meters) {
        return Counter.builder("roomwarden.webhooks").description("LiveKit webhooks received, by whether their signature held")
                .tag("result", result).register(meters);
    }

    @PostMapping("/livekit/webhook")
    ResponseEntity<String> receive(HttpServletRequest request) throws IOException {
        var authorization = request.getHeader("Authorization");
        if (authorization == null || authorization.isBlank()) {
            return refuse(HttpStatus.UNAUTHORIZED, "no Authorization header");
        }
        var token = authorization.startsWith("Bearer ") ? authorization.substring("Bearer ".length()) : authorization;
        try {
            tokens.verify(token);
        } catch (JWTVerificationException e) {
            return refuse(HttpStatus.UNAUTHORIZED, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            return refuse(HttpStatus.CONTENT_TOO_LARGE, "body over " + MAX_BODY_BYTES + " bytes");
        }
        // The signature covers the exact bytes, so the body is read raw, never through a converter.
        byte[] bytes;
        try {
            bytes = RequestBody.read(request.getInputStream(), MAX_BODY_BYTES, BODY_DEADLINE);
        } catch (RequestBody.TooLarge e) {
            return refuse(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        } catch (RequestBody.TooSlow e) {
            return refuse(HttpStatus.REQUEST_TIMEOUT, e.getMessage());
        }
        WebhookEvent event;
        try {
            event = receiver.receive(new String(bytes, StandardCharsets.UTF_8), token);
        } catch (Exception e) {
            // The SDK's messages say which check failed (signature, expiry, body hash) and never carry the secret.
            return refuse(HttpStatus.UNAUTHORIZED, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        // Outside the try: a listener's failure is a 500 (LiveKit retries), not a refused signature.
        events.publishEvent(new WebhookReceived(event));
        accepted.increment();
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("ok\n");
    }

    private ResponseEntity<String> refuse(HttpStatus status, String why) {
        rejected.increment();
        // The reason may quote what the sender sent: one line, bounded, in the log.
        var line = why.replaceAll("\\p{Cntrl}", " ");
        log.warn("Refused a LiveKit webhook: {}", Text.abbreviate(line, 200));
        // The rest of the body is not read: the connection ends after this answer, and the client is told so.
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).header(HttpHeaders.CONNECTION, "close")
                .body(switch (status) {
                    case UNAUTHORIZED -> "invalid webhook signature\n";
                    case REQUEST_TIMEOUT -> "webhook body not received in time\n";
                    default -> "webhook too large\n";
                });
    }
}
