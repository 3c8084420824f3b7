package dev.roomwarden.emulator;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.JWTVerifier;

/**
 * Checks API tokens the way livekit-server's auth middleware does: HS256 with the API secret, issuer
 * = API key, {@code exp} required, 60 s leeway. A present but bad token is refused before anything
 * else with a plain-text 401; no token at all means no grants.
 */
final class TokenVerifier {

    static final class Rejected extends Exception {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }

    private final String apiKey;
    private final JWTVerifier verifier;

    TokenVerifier(String apiKey, String apiSecret) {
        this.apiKey = apiKey;
        this.verifier = JWT.require(Algorithm.HMAC256(apiSecret)).acceptLeeway(60).build();
    }

    /** @param authorization the Authorization header, or null; @param accessToken the access_token parameter, or null */
    Grants verify(String authorization, String accessToken) throws Rejected {
        String token;
        if (authorization != null) {
            if (!authorization.startsWith("Bearer ")) {
                throw new Rejected("invalid authorization header. Must start with Bearer ");
            }
            token = authorization.substring("Bearer ".length()).strip();
        } else if (accessToken != null && !accessToken.isEmpty()) {
            token = accessToken;
        } else {
            return Grants.NONE;
        }
        com.auth0.jwt.interfaces.DecodedJWT decoded;
        try {
            decoded = JWT.decode(token);
        } catch (JWTDecodeException e) {
            throw new Rejected("invalid authorization token");
        }
        if (!apiKey.equals(decoded.getIssuer())) {
            throw new Rejected("invalid API key");
        }
        try {
            verifier.verify(decoded);
        } catch (TokenExpiredException e) {
            throw new Rejected("invalid authorization token: token is expired");
        } catch (JWTVerificationException e) {
            throw new Rejected("invalid authorization token: " + e.getMessage());
        }
        if (decoded.getExpiresAt() == null) {
            throw new Rejected("invalid authorization token: exp claim is required");
        }
        return Grants.of(decoded.getClaim("video").asMap(), decoded.getClaim("sip").asMap());
    }
}
