package dev.roomwarden.security;

import java.time.Clock;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Staff accounts in the database as Spring Security's password check sees them. Disabled, unknown and wrong
 * password all look the same on the login page. Only {@link ThrottledPasswordLogin} asks it, after counting the
 * attempt: it is no UserDetailsService bean, which Spring Security would use for a login of its own.
 */
@Service
class StaffUserDetailsService {

    private final StaffAccounts accounts;
    private final Clock clock;

    StaffUserDetailsService(StaffAccounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    UserDetails loadUserByUsername(String username) {
        var account = accounts.findByUsername(username)
                .orElseThrow(() -> new UsernameNotFoundException("No such account"));
        if (account.sso()) {
            // No password to check: it signs in with the provider only, and the login page answers as for a stranger.
            throw new UsernameNotFoundException("Signs in with single sign-on");
        }
        return User.withUsername(account.username())
                .password(account.passwordHash())
                .authorities(account.role().authority())
                .disabled(!account.enabled())
                .build();
    }

    @EventListener
    void onLogin(AuthenticationSuccessEvent event) {
        accounts.recordLogin(event.getAuthentication().getName(), clock.instant());
    }
}
