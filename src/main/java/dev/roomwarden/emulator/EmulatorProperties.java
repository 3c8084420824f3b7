package dev.roomwarden.emulator;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The embedded emulator of demo mode ({@code roomwarden.emulator.*}). */
@ConfigurationProperties("roomwarden.emulator")
public record EmulatorProperties(
        @DefaultValue("7880") int port,
        @DefaultValue("127.0.0.1") String bindAddress,
        @DefaultValue("devkey") String apiKey,
        @DefaultValue("secret") String apiSecret,
        @DefaultValue List<String> webhookUrls,
        @DefaultValue("false") boolean remoteUnmute,
        @DefaultValue("false") boolean cloudMove,
        @DefaultValue("true") boolean webhooksToSelf,
        @DefaultValue Simulation simulation) {

    public record Simulation(@DefaultValue("true") boolean enabled, @DefaultValue("42") long seed,
            @DefaultValue("3s") Duration tick) {
    }

    EmulatorSettings settings() {
        return new EmulatorSettings(bindAddress, port, apiKey, apiSecret, webhookUrls,
                EmulatorSettings.REAL_SERVER_UNCLAIMED_WAIT, remoteUnmute);
    }

    @Override
    public String toString() {
        return "EmulatorProperties[" + bindAddress + ":" + port + ", apiKey=" + apiKey + "]";
    }
}
