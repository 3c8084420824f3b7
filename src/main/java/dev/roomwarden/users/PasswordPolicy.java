package dev.roomwarden.users;

import dev.roomwarden.security.SecurityPolicyProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** What a new password must be: long enough, not one of the commonest, not the username. */
@Component
public class PasswordPolicy {

    private final int minLength;
    private final Set<String> common;

    PasswordPolicy(SecurityPolicyProperties properties) {
        this.minLength = properties.minPasswordLength();
        try (var in = new ClassPathResource("common-passwords.txt").getInputStream()) {
            this.common = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The problem with the password in a sentence, or null when it is acceptable. */
    public String problem(String username, String password) {
        if (password == null || password.length() < minLength) {
            return "The password must be at least " + minLength + " characters long.";
        }
        if (password.length() > 128) {
            return "The password must be at most 128 characters long.";
        }
        var lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower)) {
            return "This password is one of the most common ones and easy to guess. Choose another.";
        }
        if (username != null && lower.contains(username.toLowerCase(Locale.ROOT))) {
            return "The password must not contain the username.";
        }
        if (lower.chars().distinct().count() < 4) {
            return "The password repeats too few different characters.";
        }
        return null;
    }
}
