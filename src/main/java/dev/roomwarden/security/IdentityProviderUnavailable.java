package dev.roomwarden.security;

import java.io.Serial;

/** The provider's discovery document could not be had or does not fit; the message is for the login page. */
class IdentityProviderUnavailable extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    IdentityProviderUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
