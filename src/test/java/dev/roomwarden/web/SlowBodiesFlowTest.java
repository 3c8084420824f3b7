package dev.roomwarden.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.roomwarden.FlowTest;
import dev.roomwarden.StaffBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that send request bodies a byte at a time, as raw sockets against the running Roomwarden: more of them
 * than Tomcat has request threads. The console goes on answering, and they are cut off.
 */
class SlowBodiesFlowTest extends FlowTest {

    /** Generous: a loaded 2-core machine answers a page in well under this. */
    private static final Duration PROMPTLY = Duration.ofSeconds(15);

    @Value("${server.tomcat.threads.max:200}")
    private int requestThreads;

    @Value("${roomwarden.request-bodies.deadline:10s}")
    private Duration deadline;

    private static String headers(String path, int contentLength, String... more) {
        var head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + contentLength + "\r\n");
        for (var header : more) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** Many connections, each trickling a login form one byte every half second, driven by one thread. */
    private final class Tricklers implements AutoCloseable {

        private final Selector selector = Selector.open();
        private final Map<SocketChannel, StringBuilder> answers = new HashMap<>();
        private final List<SocketChannel> ended = new ArrayList<>();
        private final Thread driver;
        private volatile boolean stop;

        Tricklers(int count, String path) throws IOException {
            for (int i = 0; i < count; i++) {
                var channel = SocketChannel.open(new InetSocketAddress("localhost", port));
                channel.write(ByteBuffer.wrap(headers(path, 10_000).getBytes(StandardCharsets.US_ASCII)));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
                answers.put(channel, new StringBuilder());
            }
            driver = new Thread(this::drive, "tricklers");
            driver.setDaemon(true);
            driver.start();
        }

        private void drive() {
            var buffer = ByteBuffer.allocate(4096);
            var next = System.nanoTime();
            try {
                while (!stop) {
                    selector.select(100);
                    for (var key : selector.selectedKeys()) {
                        var channel = (SocketChannel) key.channel();
                        buffer.clear();
                        int n;
                        try {
                            n = channel.read(buffer);
                        } catch (IOException reset) {
                            n = -1;
                        }
                        if (n < 0) {
                            end(key, channel);
                        } else {
                            synchronized (this) {
                                answers.get(channel).append(new String(buffer.array(), 0, n, StandardCharsets.ISO_8859_1));
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                    if (System.nanoTime() - next > 0) {
                        next = System.nanoTime() + Duration.ofMillis(500).toNanos();
                        for (var key : selector.keys()) {
                            try {
                                ((SocketChannel) key.channel()).write(ByteBuffer.wrap(new byte[] {'x'}));
                            } catch (IOException closed) {
                                end(key, (SocketChannel) key.channel());
                            }
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // The test is over.
            }
        }

        private synchronized void end(SelectionKey key, SocketChannel channel) {
            key.cancel();
            ended.add(channel);
        }

        synchronized int endedCount() {
            return ended.size();
        }

        /** The status codes the server answered the ended connections with ("" for none). */
        synchronized List<String> statuses() {
            return ended.stream().map(answers::get)
                    .map(answer -> answer.length() >= 12 && answer.toString().startsWith("HTTP/1.1 ") ? answer.substring(9, 12) : "")
                    .toList();
        }

        boolean allEndWithin(Duration within) throws InterruptedException {
            var until = System.nanoTime() + within.toNanos();
            while (endedCount() < answers.size() && System.nanoTime() - until < 0) {
                Thread.sleep(200);
            }
            return endedCount() == answers.size();
        }

        @Override
        public void close() throws IOException {
            stop = true;
            selector.wakeup();
            for (var channel : answers.keySet()) {
                channel.close();
            }
            selector.close();
        }
    }

    @Test
    void moreSlowBodiesThanRequestThreadsLeaveTheConsoleAnsweringAndAreCutOffAtTheDeadline() throws Exception {
        try (var tricklers = new Tricklers(requestThreads + 20, "/login")) {
            var login = new StaffBrowser(port).get("/login");
            assertThat(login.statusCode()).as("the login page answers while the slow bodies arrive").isEqualTo(200);
            assertThat(login.body()).contains("name=\"username\"");

            assertThat(tricklers.allEndWithin(deadline.plus(Duration.ofSeconds(30))))
                    .as("every slow connection is ended by the server, " + tricklers.endedCount() + " were").isTrue();
            assertThat(tricklers.statuses()).as("refused at once or when the deadline passed")
                    .containsOnly("429", "408").contains("408");
        }
        assertThat(loggedIn("viewer").get("/rooms").statusCode()).as("forms still work").isEqualTo(200);
    }

    @Test
    void aBodyLargerThanAllowedIsRefusedWithoutBeingRead() throws Exception {
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) PROMPTLY.toMillis());
            socket.getOutputStream().write(headers("/login", 10_000_000).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write("username=a".getBytes(StandardCharsets.US_ASCII));
            assertThat(statusLine(socket.getInputStream())).isEqualTo("HTTP/1.1 413 ");
            assertThat(endsWithin(socket.getInputStream())).as("the connection ends").isTrue();
        }
    }

    @Test
    void aWebhookWithoutAValidTokenIsRefusedBeforeItsBodyIsRead() throws Exception {
        var forged = com.auth0.jwt.JWT.create().withIssuer(API_KEY).withExpiresAt(java.time.Instant.now().plusSeconds(300))
                .withClaim("sha256", "x").sign(com.auth0.jwt.algorithms.Algorithm.HMAC256("not-the-secret"));
        var expired = com.auth0.jwt.JWT.create().withIssuer(API_KEY).withExpiresAt(java.time.Instant.now().minusSeconds(60))
                .withClaim("sha256", "x").sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(API_SECRET));
        var otherKey = com.auth0.jwt.JWT.create().withIssuer("another-key").withExpiresAt(java.time.Instant.now().plusSeconds(300))
                .withClaim("sha256", "x").sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(API_SECRET));
        for (var authorization : List.of("", "Authorization: Bearer garbage", "Authorization: Bearer " + forged,
                "Authorization: Bearer " + expired, "Authorization: Bearer " + otherKey)) {
            try (var socket = new Socket("localhost", port)) {
                socket.setSoTimeout((int) PROMPTLY.toMillis());
                var head = authorization.isEmpty() ? headers("/livekit/webhook", 100_000)
                        : headers("/livekit/webhook", 100_000, authorization);
                socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                // Ten bytes of the hundred thousand announced: the rest is never sent.
                socket.getOutputStream().write("{\"event\":\"".getBytes(StandardCharsets.US_ASCII));
                assertThat(statusLine(socket.getInputStream())).as(authorization).isEqualTo("HTTP/1.1 401 ");
                assertThat(endsWithin(socket.getInputStream())).as("the connection ends, " + authorization).isTrue();
            }
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        var line = new byte[13];
        int read = 0;
        try {
            for (int n = 0; read < line.length && n >= 0; read += n) {
                n = in.read(line, read, line.length - read);
            }
        } catch (SocketTimeoutException e) {
            return "no answer within " + PROMPTLY.toSeconds() + " s";
        }
        return new String(line, 0, Math.max(0, read), StandardCharsets.US_ASCII);
    }

    /** Whether the server closes the connection (rather than waiting for the rest of the body). */
    private static boolean endsWithin(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                continue;
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
