package dev.roomwarden.recordings;

import dev.roomwarden.security.Role;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Who may start and stop recordings: {@code roomwarden.recording.min-role} and up. Method security asks it
 * ({@code @recordingRoles.allowed(authentication)}); pages show the buttons by {@link #minRole()}.
 */
@Component("recordingRoles")
public class RecordingRoles {

    private final RecordingProperties properties;
    private final RoleHierarchy roles;

    RecordingRoles(RecordingProperties properties, RoleHierarchy roles) {
        this.properties = properties;
        this.roles = roles;
    }

    public boolean allowed(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return false;
        }
        return roles.getReachableGrantedAuthorities(authentication.getAuthorities()).stream()
                .map(GrantedAuthority::getAuthority).anyMatch(properties.minRole().authority()::equals);
    }

    public Role minRole() {
        return properties.minRole();
    }
}
