package dev.roomwarden.history;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;

/** A webhook posted as LiveKit posts it: signed with the API secret, the body's sha256 in the token. */
public final class SignedWebhook {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SignedWebhook() {
    }

    public static HttpResponse<String> post(int port, String body, String apiKey, String apiSecret) throws Exception {
        var sha256 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        var token = JWT.create().withIssuer(apiKey).withExpiresAt(Instant.now().plusSeconds(300))
                .withClaim("sha256", sha256).sign(Algorithm.HMAC256(apiSecret));
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/livekit/webhook"))
                .header("Content-Type", "application/webhook+json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
