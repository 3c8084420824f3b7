package dev.roomwarden.security;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Single sign-on with an OpenID Connect provider ({@code roomwarden.oidc.*}, e.g.
 * {@code ROOMWARDEN_OIDC_ISSUER_URI}). Off while {@code issuerUri} is empty. {@code rolesClaim} names the
 * claim of the ID token or userinfo whose values {@code roles} maps to Roomwarden roles; {@code localLogin}
 * keeps the password form beside the provider's button; {@code timeout} bounds each call to the provider.
 */
@ConfigurationProperties("roomwarden.oidc")
public record OidcProperties(
        String issuerUri,
        String clientId,
        String clientSecret,
        @DefaultValue("SSO") String providerName,
        @DefaultValue("groups") String rolesClaim,
        @DefaultValue RoleValues roles,
        @DefaultValue("true") boolean localLogin,
        @DefaultValue("5s") Duration timeout) {

    /** The registration id, and so the last part of the redirect URI {@code {baseUrl}/login/oauth2/code/oidc}. */
    public static final String REGISTRATION_ID = "oidc";

    public OidcProperties {
        if (enabled(issuerUri)) {
            var uri = URI.create(issuerUri.strip());
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalStateException("ROOMWARDEN_OIDC_ISSUER_URI must be the provider's https:// issuer URL, not '"
                        + issuerUri + "'.");
            }
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalStateException(
                        "ROOMWARDEN_OIDC_ISSUER_URI is set, so ROOMWARDEN_OIDC_CLIENT_ID must be set too.");
            }
        }
        if (!localLogin && !enabled(issuerUri)) {
            throw new IllegalStateException("ROOMWARDEN_OIDC_LOCAL_LOGIN=false turns password login off, so single sign-on "
                    + "must be set up (ROOMWARDEN_OIDC_ISSUER_URI), or nobody could log in.");
        }
        if (!localLogin && roles.admin().isEmpty()) {
            throw new IllegalStateException("ROOMWARDEN_OIDC_LOCAL_LOGIN=false needs at least one value in "
                    + "ROOMWARDEN_OIDC_ROLES_ADMIN, or nobody could become ADMIN and manage Roomwarden.");
        }
    }

    public boolean enabled() {
        return enabled(issuerUri);
    }

    public String issuer() {
        return issuerUri.strip();
    }

    /** The host of the issuer, enough to tell people which provider is meant. */
    public String issuerHost() {
        return URI.create(issuer()).getHost();
    }

    private static boolean enabled(String issuerUri) {
        return issuerUri != null && !issuerUri.isBlank();
    }

    /** Values of the roles claim that give each role; a person gets the highest role any of their values gives. */
    public record RoleValues(@DefaultValue List<String> admin, @DefaultValue List<String> moderator,
            @DefaultValue List<String> viewer) {

        /** The highest role these claim values give, or null when none gives any. */
        public Role highest(Collection<String> values) {
            if (values.stream().anyMatch(admin::contains)) {
                return Role.ADMIN;
            }
            if (values.stream().anyMatch(moderator::contains)) {
                return Role.MODERATOR;
            }
            return values.stream().anyMatch(viewer::contains) ? Role.VIEWER : null;
        }
    }

    @Override
    public String toString() {
        return "OidcProperties[issuerUri=" + issuerUri + ", clientId=" + clientId + ", rolesClaim=" + rolesClaim
                + ", roles=" + roles + ", localLogin=" + localLogin + "]";
    }
}
