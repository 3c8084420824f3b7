package dev.roomwarden.input;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A request body read whole, within a size and an overall time. The web server's own timeout counts
 * from the last byte received, so a client sending one byte at a time would hold a request thread
 * for as long as it liked; here the time counts from the first read.
 */
public final class RequestBody {

    private static final int CHUNK = 8192;

    private RequestBody() {
    }

    /** The body was larger than allowed. */
    public static final class TooLarge extends IOException {

        TooLarge(int maxBytes) {
            super("body over " + maxBytes + " bytes");
        }
    }

    /** The body did not arrive in time. */
    public static final class TooSlow extends IOException {

        TooSlow(Duration within) {
            super("body not received within " + within.toSeconds() + " s");
        }
    }

    /**
     * The whole body, or {@link TooLarge} as soon as more than {@code maxBytes} came, or {@link TooSlow} at the
     * first read that returns after {@code within} (a read waits at most the web server's connection timeout).
     */
    public static byte[] read(InputStream in, int maxBytes, Duration within) throws IOException {
        var deadline = System.nanoTime() + within.toNanos();
        var body = new ByteArrayOutputStream();
        var chunk = new byte[CHUNK];
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            body.write(chunk, 0, n);
            if (body.size() > maxBytes) {
                throw new TooLarge(maxBytes);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TooSlow(within);
            }
        }
        return body.toByteArray();
    }
}
