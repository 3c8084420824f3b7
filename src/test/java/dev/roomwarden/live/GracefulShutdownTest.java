package dev.roomwarden.live;

import java.time.Duration;

import dev.roomwarden.RoomwardenApplication;
import dev.roomwarden.StaffBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart does not wait for open live pages: when Roomwarden starts to shut down, their streams end (telling the
 * page to reconnect) before the web server's graceful shutdown, which would otherwise wait its whole period (30 s)
 * for streams that never finish. An application of its own, since the test ends it.
 */
class GracefulShutdownTest {

    @Test
    void shuttingDownEndsOpenStreamsAtOnceInsteadOfWaitingForThem() throws Exception {
        var context = new SpringApplicationBuilder(RoomwardenApplication.class).run(
                "--server.port=0", "--roomwarden.emulator.port=0", "--roomwarden.emulator.simulation.enabled=false",
                "--roomwarden.demo.password=shutdown-password-1", "--spring.datasource.url=jdbc:h2:mem:shutdown;DB_CLOSE_DELAY=-1");
        var closing = new Thread(context::close, "closing");
        try {
            var viewer = new StaffBrowser(((WebServerApplicationContext) context).getWebServer().getPort());
            viewer.logIn("viewer", "shutdown-password-1");
            try (var stream = viewer.stream("/rooms")) {
                assertThat(stream.status()).isEqualTo(200);
                closing.start();

                assertThat(stream.next(LiveUpdates.RENEWED, Duration.ofSeconds(10))).as("the page is told to reconnect").isNotNull();
                assertThat(stream.endsWithin(Duration.ofSeconds(10))).as("the stream ends").isTrue();
                closing.join(Duration.ofSeconds(20).toMillis());
                assertThat(closing.isAlive()).as("the shutdown did not wait out the graceful period").isFalse();
            }
        } finally {
            if (!closing.isAlive() && context.isActive()) {
                context.close();
            }
            closing.join();
        }
    }
}
