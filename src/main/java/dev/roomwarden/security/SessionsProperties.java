package dev.roomwarden.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code roomwarden.sessions.before-login}: how long a session lives before anyone has logged in with it (a page
 * to return to after login, a single sign-on under way). Logged-in sessions last {@code server.servlet.session.timeout}.
 */
@ConfigurationProperties("roomwarden.sessions")
public record SessionsProperties(@DefaultValue("10m") Duration beforeLogin) {
}
