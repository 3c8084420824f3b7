package dev.roomwarden.security;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * What a member of staff may do, for templates that are also rendered outside a request (the live
 * fragments pushed over Server-Sent Events, where {@code sec:authorize} cannot run). The server checks
 * every action again; this only decides which buttons are shown. {@code moderate}: what a MODERATOR may
 * do to participants (remove them, mute their tracks) and reading the room's audit entries.
 */
public record Permissions(boolean moderate, boolean deleteRooms) {

    public static final Permissions NONE = new Permissions(false, false);

    public static Permissions of(Authentication authentication, RoleHierarchy roles) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return NONE;
        }
        var reachable = roles.getReachableGrantedAuthorities(authentication.getAuthorities()).stream()
                .map(GrantedAuthority::getAuthority).toList();
        return new Permissions(reachable.contains(Role.MODERATOR.authority()), reachable.contains(Role.ADMIN.authority()));
    }

    /** Whether the viewer has {@code role} or a higher one (for settings that raise an action's role, e.g. recording). */
    public boolean atLeast(Role role) {
        return switch (role) {
            case VIEWER -> true;
            case MODERATOR -> moderate;
            case ADMIN -> deleteRooms;
        };
    }
}
