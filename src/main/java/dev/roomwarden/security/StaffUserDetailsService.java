package dev.roomwarden.security;

import java.time.Clock;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditOutcome;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Logs staff in with the accounts in the database, and locks an account for a while after too many
 * failed logins. Locked, disabled, unknown and wrong password all look the same on the login page.
 */
@Service
class StaffUserDetailsService implements UserDetailsService {

    private final StaffAccounts accounts;
    private final SecurityPolicyProperties policy;
    private final AuditLog auditLog;
    private final Clock clock;

    StaffUserDetailsService(StaffAccounts accounts, SecurityPolicyProperties policy, AuditLog auditLog, Clock clock) {
        this.accounts = accounts;
        this.policy = policy;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
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
                .accountLocked(account.lockedAt(clock.instant()))
                .build();
    }

    @EventListener
    void onLogin(AuthenticationSuccessEvent event) {
        accounts.recordLogin(event.getAuthentication().getName(), clock.instant());
    }

    @EventListener
    void onBadPassword(AuthenticationFailureBadCredentialsEvent event) {
        var username = String.valueOf(event.getAuthentication().getName());
        // Unknown names and SSO accounts have no password to guess, so nothing to lock.
        if (accounts.findByUsername(username).filter(account -> !account.sso()).isEmpty()) {
            return;
        }
        if (accounts.recordFailedLogin(username) >= policy.maxFailedLogins()) {
            accounts.lockUntil(username, clock.instant().plus(policy.lockout()));
            auditLog.recordFor(username, null, AuditAction.LOCKED_OUT, AuditOutcome.DONE,
                    policy.maxFailedLogins() + " failed logins: locked for " + policy.lockout());
        }
    }
}
