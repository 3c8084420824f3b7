package dev.roomwarden.security;

import java.io.Serial;
import java.util.List;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/**
 * A member of staff signed in through the OpenID Connect provider: named by their Roomwarden account, with
 * the one role the provider's claim gave. The ID token stays for the provider's logout ({@code id_token_hint}).
 */
final class StaffOidcUser extends DefaultOidcUser {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String username;

    StaffOidcUser(String username, Role role, OidcIdToken idToken, OidcUserInfo userInfo) {
        super(List.of(new SimpleGrantedAuthority(role.authority())), idToken, userInfo);
        this.username = username;
    }

    @Override
    public String getName() {
        return username;
    }

    // One principal per account, as for password logins, so that its sessions can be found and ended together.
    @Override
    public boolean equals(Object other) {
        return other instanceof StaffOidcUser user && user.username.equals(username);
    }

    @Override
    public int hashCode() {
        return username.hashCode();
    }

    @Override
    public String toString() {
        return "StaffOidcUser[" + username + ", " + getAuthorities() + "]";
    }
}
