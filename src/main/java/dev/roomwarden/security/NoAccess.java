package dev.roomwarden.security;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

import org.springframework.security.oauth2.core.oidc.OidcIdToken;

/**
 * Why someone the identity provider signed in may not use Roomwarden, for the no-access page: who they are
 * there, and either the account an ADMIN disabled or the claim and values Roomwarden looked at. The ID token
 * is kept only for logging them out at the provider, never shown.
 */
record NoAccess(String provider, String signedInAs, String account, String claim, List<String> values, int moreValues,
        OidcIdToken idToken) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static final int MAX_VALUES_SHOWN = 20;

    static NoAccess disabled(String provider, String signedInAs, String account, OidcIdToken idToken) {
        return new NoAccess(provider, signedInAs, account, null, List.of(), 0, idToken);
    }

    static NoAccess noRole(String provider, String signedInAs, String claim, List<String> values, OidcIdToken idToken) {
        var shown = values.size() <= MAX_VALUES_SHOWN ? values : values.subList(0, MAX_VALUES_SHOWN);
        return new NoAccess(provider, signedInAs, null, claim, List.copyOf(shown), values.size() - shown.size(), idToken);
    }

    public boolean accountDisabled() {
        return account != null;
    }
}
