package dev.roomwarden.emulator;

import java.lang.reflect.Field;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connections the emulator's HTTP server accepts, as the server holds them. With Nagle's algorithm on
 * (the JDK server's default), every answer on a kept-alive connection waits for the client's delayed ACK.
 * Needs {@code --add-opens jdk.httpserver/sun.net.httpserver} (Surefire's argLine) to reach the socket.
 */
class AcceptedConnectionTest {

    private final EmulatorFixture lk = new EmulatorFixture();

    @AfterEach
    void close() {
        lk.close();
    }

    @Test
    void acceptedConnectionsSendAtOnceWithoutWaitingForAcknowledgements() {
        lk.emulator.serve("/socket", exchange -> {
            var noDelay = socketOf(exchange).getOption(StandardSocketOptions.TCP_NODELAY);
            var body = ("TCP_NODELAY=" + noDelay).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });

        for (int call = 1; call <= 3; call++) {
            var answer = lk.send(HttpRequest.newBuilder(URI.create(lk.emulator.url() + "/socket")).GET());
            assertThat(answer.body()).as("call %d on the kept-alive connection", call).isEqualTo("TCP_NODELAY=true");
        }
    }

    /** The JDK server's exchange holds its connection, which holds the accepted channel. */
    private static SocketChannel socketOf(HttpExchange exchange) {
        try {
            var impl = field(exchange, "impl");
            var connection = field(impl, "connection");
            return (SocketChannel) field(connection, "chan");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the JDK HTTP server's internals changed", e);
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        for (var type = owner.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(owner);
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        throw new NoSuchFieldException(name + " in " + owner.getClass());
    }
}
