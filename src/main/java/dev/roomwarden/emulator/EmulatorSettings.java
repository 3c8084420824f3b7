package dev.roomwarden.emulator;

import java.time.Duration;
import java.util.List;

/**
 * How an emulator instance runs. {@code participantDeadline} is how long calls that need a connected
 * participant wait before answering {@code deadline_exceeded}, as the real server does after about 15 s.
 */
public record EmulatorSettings(
        String bindAddress,
        int port,
        String apiKey,
        String apiSecret,
        List<String> webhookUrls,
        Duration participantDeadline,
        boolean remoteUnmuteEnabled) {

    public static final Duration REAL_SERVER_DEADLINE = Duration.ofSeconds(15);

    public EmulatorSettings {
        webhookUrls = webhookUrls == null ? List.of() : List.copyOf(webhookUrls);
        participantDeadline = participantDeadline == null ? REAL_SERVER_DEADLINE : participantDeadline;
    }

    public EmulatorSettings(String bindAddress, int port, String apiKey, String apiSecret, List<String> webhookUrls) {
        this(bindAddress, port, apiKey, apiSecret, webhookUrls, REAL_SERVER_DEADLINE, false);
    }

    @Override
    public String toString() {
        return "EmulatorSettings[" + bindAddress + ":" + port + ", apiKey=" + apiKey + ", webhooks=" + webhookUrls + "]";
    }
}
