package dev.roomwarden.security;

import java.time.Instant;

import dev.roomwarden.display.Times;

public record StaffAccount(
        long id,
        String username,
        String displayName,
        String passwordHash,
        Role role,
        boolean enabled,
        Instant createdAt,
        Instant lastLoginAt,
        String ssoIssuer,
        String ssoSubject) {

    /** Signs in through the OpenID Connect provider, which gives its role; it has no Roomwarden password. */
    public boolean sso() {
        return ssoSubject != null;
    }

    public String lastLoginAgo(Instant now) {
        return lastLoginAt == null ? "never" : Times.ago(lastLoginAt, now);
    }

    public String lastLoginExact() {
        return Times.exact(lastLoginAt);
    }

    @Override
    public String toString() {
        return "StaffAccount[" + username + ", " + role + (sso() ? ", SSO" : "") + (enabled ? "" : ", disabled") + "]";
    }
}
