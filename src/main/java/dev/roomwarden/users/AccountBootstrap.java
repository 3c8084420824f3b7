package dev.roomwarden.users;

import dev.roomwarden.security.OidcProperties;
import dev.roomwarden.security.Role;
import dev.roomwarden.security.StaffAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure someone can log in: the first ADMIN when there is no account, and in demo mode the
 * {@code admin}, {@code moderator} and {@code viewer} accounts with the demo password.
 */
@Component
class AccountBootstrap implements ApplicationRunner {

    /** Demo mode, as the emulator decides it: no LIVEKIT_URL. */
    static final String DEMO_MODE = "#{'${roomwarden.livekit.url:}'.isBlank()}";

    private static final Logger log = LoggerFactory.getLogger(AccountBootstrap.class);

    private final StaffAccounts accounts;
    private final PasswordEncoder passwordEncoder;
    private final AccountsProperties properties;
    private final TransactionTemplate transactions;
    private final boolean demo;
    private final OidcProperties oidc;

    AccountBootstrap(StaffAccounts accounts, PasswordEncoder passwordEncoder, AccountsProperties properties,
            @Value(DEMO_MODE) boolean demo, TransactionTemplate transactions, OidcProperties oidc) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.properties = properties;
        this.transactions = transactions;
        this.demo = demo;
        this.oidc = oidc;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            transactions.executeWithoutResult(status -> bootstrap());
        } catch (DuplicateKeyException e) {
            // Another instance on the same database created the same account at the same moment: look again.
            transactions.executeWithoutResult(status -> bootstrap());
        }
    }

    private void bootstrap() {
        if (!oidc.localLogin()) {
            // A password nobody could use would lock everyone out; OidcProperties insists on an ADMIN mapping instead.
            if (accounts.count() == 0) {
                log.info("No staff accounts yet and password login is off: the first ADMIN is whoever signs in with {} "
                        + "with a value of '{}' in {}.", oidc.providerName(), String.join("', '", oidc.roles().admin()),
                        oidc.rolesClaim());
            }
        } else if (demo) {
            createDemoAccounts();
        } else if (accounts.count() == 0) {
            createFirstAdmin();
        }
    }

    private void createFirstAdmin() {
        var username = properties.admin().username();
        var given = properties.admin().password();
        var password = isBlank(given) ? GeneratedPasswords.next() : given;
        accounts.create(username, "Administrator", passwordEncoder.encode(password), Role.ADMIN);
        if (isBlank(given)) {
            log.warn("""

                    ========================================================================
                      First start: created ADMIN account '{}' with the generated password
                          {}
                      It is shown only this once. Log in and change it.
                    ========================================================================""",
                    username, password);
        } else {
            log.info("First start: created ADMIN account '{}' with ROOMWARDEN_ADMIN_PASSWORD.", username);
        }
    }

    /** Demo accounts get the demo password at every start, so a restarted demo can always be entered. */
    private void createDemoAccounts() {
        var given = properties.demo().password();
        var password = isBlank(given) ? GeneratedPasswords.next() : given;
        var hash = passwordEncoder.encode(password);
        ensure(properties.admin().username(), "Demo Admin", Role.ADMIN, hash);
        ensure("moderator", "Demo Moderator", Role.MODERATOR, hash);
        ensure("viewer", "Demo Viewer", Role.VIEWER, hash);
        log.warn("""

                ========================================================================
                  DEMO MODE accounts: {} (ADMIN), moderator (MODERATOR), viewer (VIEWER)
                  Password for all three: {}
                ========================================================================""",
                properties.admin().username(), isBlank(given) ? password : "(ROOMWARDEN_DEMO_PASSWORD)");
    }

    private void ensure(String username, String displayName, Role role, String hash) {
        if (accounts.findByUsername(username).isPresent()) {
            accounts.updatePassword(username, hash);
        } else {
            accounts.create(username, displayName, hash, role);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
