package dev.roomwarden.emulator;

import java.time.Duration;
import java.util.List;

/**
 * How an emulator instance runs. {@code unclaimedWait} is how long a call to a participant who is not
 * connected (or to a room no node holds) waits before it answers 503 {@code unavailable} "no response from
 * servers": about 3 s on a real server (docs/emulator.md, "Calls to a participant who is not connected").
 */
public record EmulatorSettings(
        String bindAddress,
        int port,
        String apiKey,
        String apiSecret,
        List<String> webhookUrls,
        Duration unclaimedWait,
        boolean remoteUnmuteEnabled) {

    /** psrpc's 1 s claim window, tried 3 times with no pause (its defaults, and livekit-server's). */
    public static final Duration REAL_SERVER_UNCLAIMED_WAIT = Duration.ofSeconds(3);

    public EmulatorSettings {
        webhookUrls = webhookUrls == null ? List.of() : List.copyOf(webhookUrls);
        unclaimedWait = unclaimedWait == null ? REAL_SERVER_UNCLAIMED_WAIT : unclaimedWait;
    }

    public EmulatorSettings(String bindAddress, int port, String apiKey, String apiSecret, List<String> webhookUrls) {
        this(bindAddress, port, apiKey, apiSecret, webhookUrls, REAL_SERVER_UNCLAIMED_WAIT, false);
    }

    @Override
    public String toString() {
        return "EmulatorSettings[" + bindAddress + ":" + port + ", apiKey=" + apiKey + ", webhooks=" + webhookUrls + "]";
    }
}
