package dev.roomwarden.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.sun.net.httpserver.HttpExchange;

/** Small helpers over the JDK HTTP server. */
final class Http {

    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    static final class TooLarge extends IOException {
        TooLarge() {
            super("request body too large");
        }
    }

    private Http() {
    }

    static byte[] body(HttpExchange exchange) throws IOException {
        try (var in = exchange.getRequestBody()) {
            var out = new ByteArrayOutputStream();
            var buffer = new byte[16 * 1024];
            int read;
            var tooLarge = false;
            while ((read = in.read(buffer)) != -1) {
                // Past the limit the rest is read and dropped, so the client gets our 413 and not a reset.
                if (!tooLarge) {
                    out.write(buffer, 0, read);
                    tooLarge = out.size() > MAX_BODY_BYTES;
                }
            }
            if (tooLarge) {
                throw new TooLarge();
            }
            return out.toByteArray();
        }
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The media type without parameters, lower case; "" when absent. */
    static String mediaType(HttpExchange exchange) {
        var value = exchange.getRequestHeaders().getFirst("Content-Type");
        if (value == null) {
            return "";
        }
        var semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** Percent-decodes one path segment ('+' stays a plus, unlike form decoding). */
    static String decodeSegment(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static String queryParameter(HttpExchange exchange, String name) {
        var query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (var pair : query.split("&")) {
            var equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
