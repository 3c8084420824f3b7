package dev.roomwarden.users;

import java.util.HashSet;

import dev.roomwarden.security.SecurityPolicyProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratedPasswordsTest {

    private static final SecurityPolicyProperties POLICY = new SecurityPolicyProperties(12, null);

    @Test
    void generatedPasswordsAreDifferentAndPassThePasswordPolicy() {
        var policy = new PasswordPolicy(POLICY);
        var seen = new HashSet<String>();
        for (int i = 0; i < 1_000; i++) {
            var password = GeneratedPasswords.next();
            assertThat(password).hasSize(20).matches("[2-9a-hjkmnp-zA-HJ-NP-Z]+");
            assertThat(policy.problem("staff-member", password)).isNull();
            seen.add(password);
        }
        assertThat(seen).hasSize(1_000);
    }
}
