package dev.roomwarden.users;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first administrator ({@code ROOMWARDEN_ADMIN_USERNAME}, {@code ROOMWARDEN_ADMIN_PASSWORD}) and
 * the shared password of the demo accounts ({@code ROOMWARDEN_DEMO_PASSWORD}).
 */
@ConfigurationProperties("roomwarden")
public record AccountsProperties(@DefaultValue Admin admin, @DefaultValue Demo demo) {

    public record Admin(@DefaultValue("admin") String username, String password) {
        @Override
        public String toString() {
            return "Admin[username=" + username + "]";
        }
    }

    public record Demo(String password) {
        @Override
        public String toString() {
            return "Demo[]";
        }
    }
}
