package dev.roomwarden.security;

import java.util.Optional;

import dev.roomwarden.input.Text;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff who sign in through the OpenID Connect provider. Their account is found by the provider's issuer
 * and subject ({@code sub}), never by name, so nobody at the provider can take over an existing account by
 * calling themself "admin". The username is chosen once, at the first sign-in: the provider's name for the
 * person when no account has it (ignoring case), otherwise that name followed by {@value #MARK} (then
 * {@value #MARK}2, ...), which no local username can contain.
 */
@Service
public class SsoAccounts {

    static final String MARK = "~sso";
    private static final int MAX_USERNAME = 64;
    private static final int MAX_DISPLAY_NAME = 128;

    private final StaffAccounts accounts;

    SsoAccounts(StaffAccounts accounts) {
        this.accounts = accounts;
    }

    public Optional<StaffAccount> find(String issuer, String subject) {
        return accounts.findBySso(issuer, subject);
    }

    /** The account of this person, created at their first sign-in, with the name and role the provider gives now. */
    @Transactional
    public StaffAccount signIn(String issuer, String subject, String name, String displayName, Role role) {
        var shown = Text.cut(displayName == null || displayName.isBlank() ? name : displayName.strip(), MAX_DISPLAY_NAME);
        var existing = accounts.findBySso(issuer, subject);
        if (existing.isPresent()) {
            accounts.updateSso(existing.get().username(), shown, role);
        } else {
            accounts.createSso(freeUsername(name), shown, role, issuer, subject);
        }
        return accounts.findBySso(issuer, subject).orElseThrow();
    }

    String freeUsername(String name) {
        if (name.length() <= MAX_USERNAME && !accounts.nameTaken(name)) {
            return name;
        }
        var base = Text.cut(name, MAX_USERNAME - MARK.length() - 3);
        for (int n = 1; ; n++) {
            var candidate = base + MARK + (n == 1 ? "" : String.valueOf(n));
            if (!accounts.nameTaken(candidate)) {
                return candidate;
            }
        }
    }
}
