package dev.roomwarden;

import dev.roomwarden.livekit.LiveKitConnection;
import dev.roomwarden.security.SecurityConfiguration;
import dev.roomwarden.web.ActionLog;
import dev.roomwarden.web.DashboardProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** What every controller slice needs: our security rules, the layout's settings, a LiveKit address. */
@TestConfiguration(proxyBeanMethods = false)
@Import({SecurityConfiguration.class, ActionLog.class})
@EnableConfigurationProperties(DashboardProperties.class)
public class SliceTestConfiguration {

    public static final String API_SECRET = "slice-secret-9f2c71d4";

    @Bean
    LiveKitConnection liveKitConnection() {
        return new LiveKitConnection("http://livekit.internal:7880", "slice-key", API_SECRET, false);
    }
}
