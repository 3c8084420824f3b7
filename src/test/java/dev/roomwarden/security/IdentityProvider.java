package dev.roomwarden.security;

import java.util.Map;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * A real OpenID Connect provider on a port of its own (NAV's mock-oauth2-server): discovery, authorization
 * with PKCE, token, userinfo, JWKS and end-session endpoints, issuer {@code /default}. Who signs in next, and
 * with which claims, is set by {@link #nextSignIn}; with an interactive login page a person types it.
 */
public final class IdentityProvider implements AutoCloseable {

    public static final String CLIENT_ID = "roomwarden-test";
    public static final String CLIENT_SECRET = "oidc-client-secret-5f1d9c";

    private final MockOAuth2Server server;

    private IdentityProvider(boolean interactive) {
        this.server = new MockOAuth2Server(new OAuth2Config(interactive));
    }

    public static IdentityProvider start() {
        return start(0, false);
    }

    public static IdentityProvider start(int port, boolean interactive) {
        var provider = new IdentityProvider(interactive);
        provider.server.start(port);
        return provider;
    }

    public String issuer() {
        return server.issuerUrl("default").toString();
    }

    public int port() {
        return server.baseUrl().port();
    }

    /** The next sign-in is of {@code subject} with these claims (in the ID token and the userinfo answer). */
    public void nextSignIn(String subject, Map<String, Object> claims) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback("default", subject, "JWT", null, claims, 3600));
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
