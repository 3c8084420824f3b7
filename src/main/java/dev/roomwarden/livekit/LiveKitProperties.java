package dev.roomwarden.livekit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The LiveKit server Roomwarden administers. An empty {@code url} means demo mode: the embedded
 * emulator is started and used instead. {@code cacheTtl} is how long one answer of LiveKit serves every
 * page that asks (the refresh interval by default); {@code healthCacheTtl} is how long one check of
 * LiveKit's reachability answers the readiness probes; {@code probeInterval} is how often, while LiveKit is
 * not answering, one probe asks whether it answers again (pages show the last state seen meanwhile).
 */
@ConfigurationProperties("roomwarden.livekit")
public record LiveKitProperties(
        String url,
        String apiKey,
        String apiSecret,
        @DefaultValue("3s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout,
        @DefaultValue("5s") Duration cacheTtl,
        @DefaultValue("5s") Duration healthCacheTtl,
        @DefaultValue("2s") Duration probeInterval) {

    @Override
    public String toString() {
        return "LiveKitProperties[url=" + url + ", apiKey=" + LiveKitConnection.masked(apiKey)
                + ", apiSecret=" + LiveKitConnection.masked(apiSecret) + "]";
    }
}
