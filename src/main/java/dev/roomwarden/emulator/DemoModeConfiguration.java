package dev.roomwarden.emulator;

import dev.roomwarden.livekit.LiveKitConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Demo mode: no {@code LIVEKIT_URL}, so the emulator starts inside Roomwarden and the dashboard talks
 * to it over HTTP through the real SDK, as to any LiveKit server.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${roomwarden.livekit.url:}'.isBlank()")
class DemoModeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DemoModeConfiguration.class);

    @Bean(destroyMethod = "close")
    LiveKitEmulator embeddedLiveKitEmulator(EmulatorProperties properties) {
        var emulator = LiveKitEmulator.start(properties.settings());
        emulator.moves().cloud(properties.cloudMove());
        log.warn("DEMO MODE: LIVEKIT_URL is not set; serving simulated rooms from the embedded LiveKit emulator at {}. "
                + "Set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET to manage a real LiveKit server.", emulator.url());
        return emulator;
    }

    @Bean
    LiveKitConnection liveKitConnection(LiveKitEmulator emulator, EmulatorProperties properties) {
        return new LiveKitConnection(emulator.url(), properties.apiKey(), properties.apiSecret(), true);
    }

    /** The demo is live out of the box: the emulator's webhooks go to Roomwarden's own endpoint. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> demoWebhooks(
            LiveKitEmulator emulator, EmulatorProperties properties) {
        return event -> {
            // The management server's port (when it has its own) does not serve the webhook endpoint.
            if (properties.webhooksToSelf() && !"management".equals(event.getApplicationContext().getServerNamespace())) {
                var contextPath = event.getApplicationContext().getEnvironment()
                        .getProperty("server.servlet.context-path", "");
                emulator.addWebhookUrl("http://127.0.0.1:" + event.getWebServer().getPort() + contextPath + "/livekit/webhook");
            }
        };
    }

    @Bean(destroyMethod = "close")
    DemoSimulation demoSimulation(LiveKitEmulator emulator, EmulatorProperties properties) {
        return new DemoSimulation(emulator.state(), emulator.egresses(), properties.simulation().seed());
    }

    /**
     * The simulated rooms start once Roomwarden can receive their webhooks, so that the demo's history has their
     * whole story (rooms made before would reach it only through polling, as webhook drift).
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> demoStarts(DemoSimulation simulation, EmulatorProperties properties) {
        return event -> {
            if (properties.simulation().enabled()) {
                simulation.populate();
                simulation.start(properties.simulation().tick());
            }
        };
    }
}
