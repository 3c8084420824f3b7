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

    @Test
    void neitherTheApiKeyNorTheSecretIsPrintedWhereTheSettingsAre() {
        var connection = new LiveKitConnection("http://127.0.0.1:7880", "APIk3yQ7xW", "s3cretZp81", false);
        var properties = new LiveKitProperties("ws://127.0.0.1:7880", "APIk3yQ7xW", "s3cretZp81", null, null, null, null, null);
        for (var printed : java.util.List.of(connection.toString(), properties.toString())) {
            assertThat(printed).contains("127.0.0.1:7880").doesNotContain("APIk3yQ7xW", "s3cretZp81", "APIk");
        }
        assertThat(new LiveKitProperties("", "", "", null, null, null, null, null).toString()).contains("apiKey=(none)");
    }
}
