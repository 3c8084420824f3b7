package dev.roomwarden.security;

import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * The password login: each attempt is counted by {@link LoginThrottle} before its password is checked, and one
 * that must wait is refused without a check. The rest is Spring Security's own password check.
 */
@Component
class ThrottledPasswordLogin implements AuthenticationProvider {

    /** Refused before the password check; no failure event, so not recorded as a failed login. */
    static final class Throttled extends AuthenticationException {

        private final LoginThrottle.Throttled throttled;

        Throttled(LoginThrottle.Throttled throttled) {
            super(throttled.message());
            this.throttled = throttled;
        }

        long waitSeconds() {
            return throttled.waitSeconds();
        }
    }

    private final DaoAuthenticationProvider passwords;
    private final LoginThrottle throttle;

    ThrottledPasswordLogin(StaffUserDetailsService staff, PasswordEncoder encoder, LoginThrottle throttle) {
        this.passwords = new DaoAuthenticationProvider(staff::loadUserByUsername);
        passwords.setPasswordEncoder(encoder);
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var address = authentication.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
        LoginThrottle.Attempt attempt;
        try {
            attempt = throttle.attempt(authentication.getName(), address);
        } catch (DataAccessException e) {
            // Not counted, so not checked: the login page gives its one answer, as when the accounts cannot be read.
            throw new InternalAuthenticationServiceException("Login attempts cannot be counted", e);
        }
        if (attempt instanceof LoginThrottle.Throttled throttled) {
            throw new Throttled(throttled);
        }
        var allowed = (LoginThrottle.Allowed) attempt;
        Authentication result;
        try {
            result = passwords.authenticate(authentication);
        } catch (AuthenticationException e) {
            throttle.failed(allowed);
            throw e;
        }
        throttle.succeeded(allowed);
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
