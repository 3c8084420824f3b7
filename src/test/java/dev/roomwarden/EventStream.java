package dev.roomwarden;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A page's Server-Sent Events connection as the browser's EventSource sees it: events parsed from the
 * wire (multi-line data joined with "\n"), received on a thread of their own, each stamped on arrival.
 */
public final class EventStream implements AutoCloseable {

    public record Event(String id, String name, String data, long receivedNanos) {
    }

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    EventStream(HttpResponse<InputStream> response) {
        this.response = response;
        if (response.statusCode() == 200) {
            var reader = new Thread(this::read, "event-stream");
            reader.setDaemon(true);
            reader.start();
        } else {
            ended.countDown();
        }
    }

    public int status() {
        return response.statusCode();
    }

    /** Where a refused stream was redirected, or "". */
    public String location() {
        return response.headers().firstValue("Location").orElse("");
    }

    /** The text of a refused stream's answer. */
    public String refusal() {
        try {
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next event of this name within the time given, skipping others; null if none came. */
    public Event next(String name, Duration within) throws InterruptedException {
        var deadline = System.nanoTime() + within.toNanos();
        for (long left = within.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            var event = events.poll(left, TimeUnit.NANOSECONDS);
            if (event != null && event.name().equals(name)) {
                return event;
            }
        }
        return null;
    }

    /** Whether the server ended the stream within the time given. */
    public boolean endsWithin(Duration within) throws InterruptedException {
        return ended.await(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read() {
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = "message";
            StringBuilder data = null;
            for (var line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, name, data.toString(), System.nanoTime()));
                    }
                    name = "message";
                    data = null;
                } else if (!line.startsWith(":")) {
                    var colon = line.indexOf(':');
                    var field = colon < 0 ? line : line.substring(0, colon);
                    var value = colon < 0 ? "" : line.substring(colon + 1);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> { }
                    }
                }
            }
        } catch (IOException e) {
            // Closed by the test or the server: the stream is over either way.
        } finally {
            ended.countDown();
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
