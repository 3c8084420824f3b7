package dev.roomwarden.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditOutcome;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Turns a sign-in at the provider into a member of staff: the role is the highest one the values of the
 * roles claim (ID token and userinfo) map to, the account is found by issuer and subject and created at the
 * first sign-in. Someone with no mapped role, or whose account an ADMIN disabled, is refused and audited.
 */
class StaffOidcUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService provider;
    private final OidcProperties properties;
    private final SsoAccounts accounts;
    private final AuditLog auditLog;

    StaffOidcUserService(OidcUserService provider, OidcProperties properties, SsoAccounts accounts, AuditLog auditLog) {
        this.provider = provider;
        this.properties = properties;
        this.accounts = accounts;
        this.auditLog = auditLog;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        var user = provider.loadUser(request);
        var claims = user.getClaims();
        var issuer = user.getIdToken().getIssuer().toString();
        var name = nameAtProvider(claims);
        var existing = accounts.find(issuer, user.getSubject());
        if (existing.isPresent() && !existing.get().enabled()) {
            var username = existing.get().username();
            auditLog.recordFor(username, null, AuditAction.LOGIN_FAILED, AuditOutcome.DENIED,
                    "single sign-on as " + name + ": account disabled in Roomwarden");
            throw new SsoDenied(NoAccess.disabled(properties.providerName(), name, username, user.getIdToken()),
                    "account disabled");
        }
        var values = claimValues(claims, properties.rolesClaim());
        var role = properties.roles().highest(values);
        if (role == null) {
            auditLog.recordFor(existing.map(a -> a.username()).orElse(name), null, AuditAction.LOGIN_FAILED, AuditOutcome.DENIED,
                    "single sign-on as " + name + ": no Roomwarden role in claim '" + properties.rolesClaim() + "' " + values);
            throw new SsoDenied(NoAccess.noRole(properties.providerName(), name, properties.rolesClaim(), values,
                    user.getIdToken()), "no role");
        }
        var account = accounts.signIn(issuer, user.getSubject(), name, user.getFullName(), role);
        return new StaffOidcUser(account.username(), role, user.getIdToken(), user.getUserInfo());
    }

    /** How the provider names the person: {@code preferred_username}, else {@code email}, else {@code sub}. */
    static String nameAtProvider(Map<String, Object> claims) {
        for (var claim : List.of("preferred_username", "email", "sub")) {
            if (claims.get(claim) instanceof String value) {
                // A name goes into pages and log lines: no control characters (line breaks, direction overrides).
                var clean = value.replaceAll("[\\p{Cntrl}\\p{Cf}]", "").strip();
                if (!clean.isEmpty()) {
                    return clean;
                }
            }
        }
        throw new IllegalStateException("an ID token always has a subject");
    }

    /**
     * The values of the roles claim: a list, or a single string. A dotted name ({@code realm_access.roles})
     * reaches into an object when no claim has the whole name.
     */
    static List<String> claimValues(Map<String, Object> claims, String claim) {
        Object value = claims.get(claim);
        if (value == null && claim.contains(".")) {
            Object current = claims;
            for (var part : claim.split("\\.")) {
                current = current instanceof Map<?, ?> map ? map.get(part) : null;
            }
            value = current;
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().filter(Objects::nonNull).map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }
}
