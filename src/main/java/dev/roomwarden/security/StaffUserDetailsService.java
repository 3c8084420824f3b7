package dev.roomwarden.security;

import java.time.Instant;

import dev.roomwarden.users.StaffAccounts;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Logs staff in with the accounts in the database. */
@Service
class StaffUserDetailsService implements UserDetailsService {

    private final StaffAccounts accounts;

    StaffUserDetailsService(StaffAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        var account = accounts.findByUsername(username)
                .orElseThrow(() -> new UsernameNotFoundException("No such account"));
        return User.withUsername(account.username())
                .password(account.passwordHash())
                .authorities(account.role().authority())
                .disabled(!account.enabled())
                .build();
    }

    @EventListener
    void onLogin(AuthenticationSuccessEvent event) {
        accounts.recordLogin(event.getAuthentication().getName(), Instant.now());
    }
}
