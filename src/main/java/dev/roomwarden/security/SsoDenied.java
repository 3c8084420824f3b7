package dev.roomwarden.security;

import java.io.Serial;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/** The provider signed someone in, and Roomwarden refuses them: no mapped role, or an account an ADMIN disabled. */
class SsoDenied extends OAuth2AuthenticationException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final NoAccess noAccess;

    SsoDenied(NoAccess noAccess, String reason) {
        super(new OAuth2Error("roomwarden_no_access", reason, null), reason);
        this.noAccess = noAccess;
    }

    NoAccess noAccess() {
        return noAccess;
    }
}
