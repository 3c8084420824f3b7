package dev.roomwarden.participants;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Handing an AI agent over to a human: the RPC method the agent is asked to leave by ({@code method}), how long
 * it has to answer ({@code answerTimeout}: under 3 s, or LiveKit sends the request again), and how long Roomwarden
 * then waits for it to leave by itself ({@code wait}; {@code wait()} is Object's) before it removes it.
 */
@ConfigurationProperties("roomwarden.handover")
public record HandOverProperties(
        @DefaultValue("roomwarden.hand-over") String method,
        @Name("wait") @DefaultValue("10s") Duration leaveWait,
        @DefaultValue("2500ms") Duration answerTimeout) {

    public HandOverProperties {
        if (method == null || method.isBlank() || method.length() > 256) {
            throw new IllegalArgumentException("roomwarden.handover.method must be an RPC method name of 1 to 256 characters");
        }
        if (leaveWait.isNegative() || leaveWait.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("roomwarden.handover.wait must be between 0s and 5m");
        }
        if (answerTimeout.toMillis() < 100 || answerTimeout.compareTo(Duration.ofSeconds(15)) > 0) {
            throw new IllegalArgumentException("roomwarden.handover.answer-timeout must be between 100ms and 15s");
        }
    }
}
