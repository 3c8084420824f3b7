package dev.roomwarden.users;

import java.time.Instant;

public record StaffAccount(
        long id,
        String username,
        String displayName,
        String passwordHash,
        Role role,
        boolean enabled,
        Instant createdAt,
        Instant lastLoginAt) {
}
