package dev.roomwarden.livekit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiveKitConfigurationTest {

    @Test
    void clientWebSocketUrlsAreTurnedIntoTheServerApiUrl() {
        assertThat(LiveKitConfiguration.httpUrl("wss://lk.example.com")).isEqualTo("https://lk.example.com");
        assertThat(LiveKitConfiguration.httpUrl("ws://localhost:7880")).isEqualTo("http://localhost:7880");
        assertThat(LiveKitConfiguration.httpUrl("https://lk.example.com")).isEqualTo("https://lk.example.com");
    }

    @Test
    void theDisplayedHostHasNoSchemeAndNoCredentials() {
        assertThat(new LiveKitConnection("https://lk.example.com", "key", "secret", false).displayHost())
                .isEqualTo("lk.example.com");
        assertThat(new LiveKitConnection("http://127.0.0.1:7880", "key", "secret", false).toString())
                .doesNotContain("secret");
    }
}
