package dev.roomwarden.livekit;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Connects to the LiveKit server named by {@code LIVEKIT_URL}; demo mode provides its own connection. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${roomwarden.livekit.url:}'.isBlank()")
class LiveKitConfiguration {

    @Bean
    LiveKitConnection liveKitConnection(LiveKitProperties properties) {
        if (isBlank(properties.apiKey()) || isBlank(properties.apiSecret())) {
            throw new IllegalStateException(
                    "LIVEKIT_URL is set, so LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set too.");
        }
        return new LiveKitConnection(httpUrl(properties.url().strip()), properties.apiKey(), properties.apiSecret(), false);
    }

    /** LiveKit URLs are usually given as the clients' {@code wss://}; the server API is the same host over HTTP. */
    static String httpUrl(String url) {
        if (url.startsWith("wss://")) {
            return "https://" + url.substring("wss://".length());
        }
        if (url.startsWith("ws://")) {
            return "http://" + url.substring("ws://".length());
        }
        return url;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
