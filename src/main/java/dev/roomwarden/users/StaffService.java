package dev.roomwarden.users;

import dev.roomwarden.audit.FailedLogins;
import dev.roomwarden.security.LoginThrottle;
import dev.roomwarden.security.Role;
import dev.roomwarden.security.StaffAccount;
import dev.roomwarden.security.StaffAccounts;
import dev.roomwarden.security.SessionsEndedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.roomwarden.audit.AuditAction;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditOutcome;
import dev.roomwarden.audit.AuditTarget;
import dev.roomwarden.audit.Audited;
import dev.roomwarden.input.Text;
import dev.roomwarden.security.OidcProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Staff accounts, managed by ADMINs. Every change is audited; nobody can disable or demote the last
 * active ADMIN, nor themself; disabling or demoting someone ends their open sessions at once, and a new
 * password ends every session of the account but the one that set it.
 */
@Service
public class StaffService {

    /** A change refused by a rule of ours (not by the role check), with the reason for staff. */
    public static class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private final StaffAccounts accounts;
    private final PasswordEncoder encoder;
    private final PasswordPolicy policy;
    private final SessionRegistry sessions;
    private final AuditLog auditLog;
    private final ApplicationEventPublisher events;
    private final LoginThrottle throttle;
    private final boolean localLogin;

    StaffService(StaffAccounts accounts, PasswordEncoder encoder, PasswordPolicy policy, SessionRegistry sessions,
            AuditLog auditLog, ApplicationEventPublisher events, LoginThrottle throttle, OidcProperties oidc) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.policy = policy;
        this.sessions = sessions;
        this.auditLog = auditLog;
        this.events = events;
        this.throttle = throttle;
        this.localLogin = oidc.localLogin();
    }

    @PreAuthorize("hasRole('ADMIN')")
    public List<StaffAccount> all() {
        return accounts.findAll();
    }

    /** Failed logins in the last hour by the name tried, so that ADMINs see an account under attack. */
    @PreAuthorize("hasRole('ADMIN')")
    public Map<String, FailedLogins> failedLogins() {
        return auditLog.failedLoginsInTheLastHour();
    }

    /** Creates an account; returns the generated password when none was given (shown once), else null. */
    @PreAuthorize("hasRole('ADMIN')")
    @Audited(value = AuditAction.CREATE_ACCOUNT, account = "username")
    @Transactional(noRollbackFor = Refused.class)
    public String create(String username, String displayName, String roleName, String password) {
        var role = role(AuditAction.CREATE_ACCOUNT, username, roleName);
        if (username == null || !username.matches("[a-zA-Z0-9._@-]{2,64}")) {
            throw refused(AuditAction.CREATE_ACCOUNT, username,
                    "Usernames are 2 to 64 letters, digits, dots, dashes, underscores or @.");
        }
        if (!localLogin) {
            throw refused(AuditAction.CREATE_ACCOUNT, username, "Password login is turned off: staff sign in with single "
                    + "sign-on, and their accounts appear here at their first sign-in.");
        }
        if (accounts.nameTaken(username)) {
            throw refused(AuditAction.CREATE_ACCOUNT, username, "There is already an account named “" + username + "”.");
        }
        var generated = password == null || password.isBlank() ? GeneratedPasswords.next() : null;
        var chosen = generated == null ? password : generated;
        requireAcceptable(AuditAction.CREATE_ACCOUNT, username, chosen);
        var name = displayName == null || displayName.isBlank() ? username : displayName.strip();
        accounts.create(username, Text.cut(name, 128), encoder.encode(chosen), role);
        auditLog.record(AuditAction.CREATE_ACCOUNT, AuditTarget.account(username), null, AuditOutcome.DONE, "role " + role);
        return generated;
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Audited(value = AuditAction.CHANGE_ROLE, account = "username")
    @Transactional(noRollbackFor = Refused.class)
    public void changeRole(String username, String roleName) {
        var role = role(AuditAction.CHANGE_ROLE, username, roleName);
        var admins = accounts.lockActiveAdmins();
        var account = existing(AuditAction.CHANGE_ROLE, username);
        if (account.sso()) {
            throw refused(AuditAction.CHANGE_ROLE, username, "“" + username + "” signs in with single sign-on: their role comes "
                    + "from the identity provider at each sign-in. Change it there, or disable the account here.");
        }
        if (account.role() == role) {
            return;
        }
        if (account.role() == Role.ADMIN) {
            guardAdmin(AuditAction.CHANGE_ROLE, account, "demote", admins);
        }
        accounts.updateRole(username, role);
        auditLog.record(AuditAction.CHANGE_ROLE, AuditTarget.account(username), null, AuditOutcome.DONE,
                account.role() + " to " + role);
        if (role.ordinal() < account.role().ordinal()) {
            endSessions(username);
        }
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Audited(value = AuditAction.DISABLE_ACCOUNT, account = "username")
    @Transactional(noRollbackFor = Refused.class)
    public void disable(String username) {
        var admins = accounts.lockActiveAdmins();
        var account = existing(AuditAction.DISABLE_ACCOUNT, username);
        if (account.role() == Role.ADMIN && account.enabled()) {
            guardAdmin(AuditAction.DISABLE_ACCOUNT, account, "disable", admins);
        }
        accounts.setEnabled(username, false);
        auditLog.record(AuditAction.DISABLE_ACCOUNT, AuditTarget.account(username), null, AuditOutcome.DONE, null);
        endSessions(username);
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Audited(value = AuditAction.ENABLE_ACCOUNT, account = "username")
    @Transactional(noRollbackFor = Refused.class)
    public void enable(String username) {
        existing(AuditAction.ENABLE_ACCOUNT, username);
        accounts.setEnabled(username, true);
        auditLog.record(AuditAction.ENABLE_ACCOUNT, AuditTarget.account(username), null, AuditOutcome.DONE, null);
    }

    /** Sets a generated password, shown once to the ADMIN, and ends the account's sessions. */
    @PreAuthorize("hasRole('ADMIN')")
    @Audited(value = AuditAction.RESET_PASSWORD, account = "username")
    @Transactional(noRollbackFor = Refused.class)
    public String resetPassword(String username) {
        if (existing(AuditAction.RESET_PASSWORD, username).sso()) {
            throw refused(AuditAction.RESET_PASSWORD, username, "“" + username + "” signs in with single sign-on and has no "
                    + "Roomwarden password; their password is managed by the identity provider.");
        }
        var password = GeneratedPasswords.next();
        accounts.updatePassword(username, encoder.encode(password));
        auditLog.record(AuditAction.RESET_PASSWORD, AuditTarget.account(username), null, AuditOutcome.DONE, null);
        endSessions(username, username.equals(currentUsername()) ? currentSessionId() : null);
        return password;
    }

    /** Any logged-in member of staff changes their own password, knowing the current one. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(noRollbackFor = Refused.class)
    public void changeOwnPassword(String current, String replacement) {
        var username = currentUsername();
        var account = accounts.findByUsername(username).orElseThrow();
        if (account.sso()) {
            throw refused(AuditAction.CHANGE_OWN_PASSWORD, username,
                    "You sign in with single sign-on: change your password at your identity provider.");
        }
        // A guess at the current password is throttled as one at the login form is, and counted before the check.
        var attempt = throttle.attempt(username, LoginThrottle.currentAddress());
        if (attempt instanceof LoginThrottle.Throttled throttled) {
            throw refused(AuditAction.CHANGE_OWN_PASSWORD, username, throttled.message());
        }
        var allowed = (LoginThrottle.Allowed) attempt;
        if (current == null || !encoder.matches(current, account.passwordHash())) {
            throttle.failed(allowed);
            throw refused(AuditAction.CHANGE_OWN_PASSWORD, username, "The current password is not right.");
        }
        throttle.succeeded(allowed);
        requireAcceptable(AuditAction.CHANGE_OWN_PASSWORD, username, replacement);
        accounts.updatePassword(username, encoder.encode(replacement));
        auditLog.record(AuditAction.CHANGE_OWN_PASSWORD, AuditTarget.account(username), null, AuditOutcome.DONE, null);
        // Whoever knew the old password may be signed in elsewhere: only the session that changed it stays.
        endSessions(username, currentSessionId());
    }

    private Role role(AuditAction action, String username, String value) {
        try {
            return Role.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw refused(action, username, "Choose a role: VIEWER, MODERATOR or ADMIN.");
        }
    }

    private void requireAcceptable(AuditAction action, String username, String password) {
        var problem = policy.problem(username, password);
        if (problem != null) {
            throw refused(action, username, problem);
        }
    }

    /**
     * {@code admins}: the active ADMINs, locked by this transaction before the account was read, so that two
     * ADMINs removing each other at the same moment are counted one after the other.
     */
    private void guardAdmin(AuditAction action, StaffAccount account, String verb, List<String> admins) {
        if (account.username().equals(currentUsername())) {
            throw refused(action, account.username(), "You cannot " + verb + " your own account: another ADMIN must do it.");
        }
        if (account.enabled() && admins.size() <= 1) {
            throw refused(action, account.username(), "“" + account.username() + "” is the last active ADMIN; make someone else ADMIN first.");
        }
    }

    private StaffAccount existing(AuditAction action, String username) {
        return accounts.findByUsername(username)
                .orElseThrow(() -> refused(action, username, "There is no account named “" + username + "”."));
    }

    private Refused refused(AuditAction action, String username, String message) {
        auditLog.record(action, AuditTarget.account(username), null, AuditOutcome.DENIED, message);
        return new Refused(message);
    }

    /**
     * Expires every open session of the account, on whichever instance it was made: its next request goes
     * to the login page. The registry finds sessions by the principal's name.
     */
    private void endSessions(String username) {
        endSessions(username, null);
    }

    /** The same, except the session {@code kept} (null: none kept). */
    private void endSessions(String username, String kept) {
        var ended = new ArrayList<String>();
        for (var session : sessions.getAllSessions(username, false)) {
            if (session.getSessionId().equals(kept)) {
                continue;
            }
            session.expireNow();
            ended.add(session.getSessionId());
        }
        if (!ended.isEmpty()) {
            events.publishEvent(new SessionsEndedEvent(ended));
        }
    }

    /** The session of the request being served, if it has one. */
    private static String currentSessionId() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            var session = attributes.getRequest().getSession(false);
            return session == null ? null : session.getId();
        }
        return null;
    }

    private static String currentUsername() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? null : authentication.getName();
    }
}
