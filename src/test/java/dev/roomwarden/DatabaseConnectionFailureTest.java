package dev.roomwarden;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An operator who points Roomwarden at a PostgreSQL it cannot reach is told so in plain words at start. */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseConnectionFailureTest {

    @Test
    void anUnreachableDatabaseIsNamedWithoutItsPassword(CapturedOutput output) throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> new SpringApplicationBuilder(RoomwardenApplication.class).run(
                "--server.port=0", "--roomwarden.emulator.port=0", "--roomwarden.emulator.simulation.enabled=false",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closedPort + "/roomwarden?password=in-the-url-7f3",
                "--spring.datasource.username=warden", "--spring.datasource.password=never-shown-9c1"))
                .isInstanceOf(Exception.class);

        assertThat(output.getAll())
                .contains("Roomwarden could not connect to its database at jdbc:postgresql://127.0.0.1:" + closedPort
                        + "/roomwarden as user 'warden'", "refused")
                .contains("Check SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD")
                .doesNotContain("never-shown-9c1").doesNotContain("in-the-url-7f3");
    }
}
