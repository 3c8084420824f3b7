package dev.roomwarden.security;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.session.autoconfigure.SessionTimeout;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;

/**
 * A session lives long only once someone has logged in (password or single sign-on): until then it holds
 * just a page to return to or a sign-in under way, and keeps the store's short default
 * ({@code roomwarden.sessions.before-login}). From login on it lasts {@code server.servlet.session.timeout}.
 */
class StaffSessionLifetime implements SessionAuthenticationStrategy {

    /** Null where there is no session store (controller slices): the container's sessions keep their own. */
    private final Duration staff;

    StaffSessionLifetime(SessionTimeout staff) {
        this.staff = staff == null ? null : staff.getTimeout();
    }

    @Override
    public void onAuthentication(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        if (staff != null && !staff.isNegative()) {
            request.getSession().setMaxInactiveInterval((int) staff.toSeconds());
        }
    }
}
