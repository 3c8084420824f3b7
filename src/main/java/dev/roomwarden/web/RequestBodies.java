package dev.roomwarden.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import dev.roomwarden.input.RequestBody;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Request bodies are read whole before anything looks at them (Spring Security's CSRF check and login read the
 * form), within {@code roomwarden.request-bodies.deadline} in all and {@code max-size}, and only {@code per-client}
 * at a time from one client address ({@code total} from all): a client trickling bodies a byte at a time holds few
 * request threads, each for the deadline at most, so the console goes on answering everyone else. Tomcat's own
 * timeout counts from the last byte and would let one body take for ever. The LiveKit webhook reads its own
 * body, once its token has been checked.
 */
@Configuration(proxyBeanMethods = false)
class RequestBodies {

    static final String WEBHOOK = "/livekit/webhook";

    /** After the request id (so refusals are logged with it) and before the session and Spring Security. */
    @Bean
    FilterRegistrationBean<WholeBodyFilter> wholeBodiesFirst(RequestBodyProperties properties, MeterRegistry meters) {
        var registration = new FilterRegistrationBean<>(new WholeBodyFilter(properties, meters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    static final class WholeBodyFilter extends OncePerRequestFilter {

        private final RequestBodyProperties properties;
        private final MeterRegistry meters;
        private final Map<String, Integer> readingFrom = new ConcurrentHashMap<>();
        private final Semaphore reading;

        WholeBodyFilter(RequestBodyProperties properties, MeterRegistry meters) {
            this.properties = properties;
            this.meters = meters;
            this.reading = new Semaphore(properties.total());
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var hasBody = request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
            if (!hasBody || WEBHOOK.equals(request.getRequestURI().substring(request.getContextPath().length()))) {
                chain.doFilter(request, response);
                return;
            }
            var max = (int) properties.maxSize().toBytes();
            if (request.getContentLengthLong() > max) {
                refuse(response, HttpStatus.CONTENT_TOO_LARGE, "too-large", "The request is larger than Roomwarden accepts.");
                return;
            }
            var contentType = request.getContentType();
            if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                refuse(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "multipart", "Roomwarden takes no uploads.");
                return;
            }
            byte[] body;
            var client = request.getRemoteAddr();
            // One client's flood meets its own limit first, so it never uses up everyone's; counted atomically per address.
            if (readingFrom.merge(client, 1, Integer::sum) > properties.perClient()) {
                readingFrom.computeIfPresent(client, (c, count) -> count <= 1 ? null : count - 1);
                refuse(response, HttpStatus.TOO_MANY_REQUESTS, "per-client", "Too many requests at once from your address. Try again in a moment.");
                return;
            }
            try {
                if (!reading.tryAcquire()) {
                    refuse(response, HttpStatus.SERVICE_UNAVAILABLE, "busy", "Roomwarden is receiving too many requests just now. Try again in a moment.");
                    return;
                }
                try {
                    body = RequestBody.read(request.getInputStream(), max, properties.deadline());
                } finally {
                    reading.release();
                }
            } catch (RequestBody.TooLarge e) {
                refuse(response, HttpStatus.CONTENT_TOO_LARGE, "too-large", "The request is larger than Roomwarden accepts.");
                return;
            } catch (RequestBody.TooSlow e) {
                refuse(response, HttpStatus.REQUEST_TIMEOUT, "too-slow", "The request did not arrive in time.");
                return;
            } finally {
                readingFrom.computeIfPresent(client, (c, count) -> count <= 1 ? null : count - 1);
            }
            chain.doFilter(new ReadRequest(request, body), response);
        }

        private void refuse(HttpServletResponse response, HttpStatus status, String reason, String text) throws IOException {
            meters.counter("roomwarden.request.bodies.refused", "reason", reason).increment();
            response.setStatus(status.value());
            // What is left of the body is not read: the connection ends after this answer (TomcatConfiguration).
            response.setHeader(HttpHeaders.CONNECTION, "close");
            response.setContentType(MediaType.TEXT_PLAIN_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8);
            response.getWriter().write(text + "\n");
        }
    }

    /** The request with its body already read: the stream, the reader and the form's parameters come from it. */
    static final class ReadRequest extends HttpServletRequestWrapper {

        private final byte[] body;
        private Map<String, String[]> parameters;

        ReadRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            var bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("The body has been read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), charset()));
        }

        @Override
        public String getParameter(String name) {
            var values = getParameterMap().get(name);
            return values == null ? null : values[0];
        }

        @Override
        public String[] getParameterValues(String name) {
            var values = getParameterMap().get(name);
            return values == null ? null : values.clone();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(getParameterMap().keySet());
        }

        /** The query's parameters (Tomcat parses only the query once the body was read), then the form's. */
        @Override
        public Map<String, String[]> getParameterMap() {
            if (parameters == null) {
                var merged = new LinkedHashMap<String, String[]>(super.getParameterMap());
                if (isForm()) {
                    for (var pair : new String(body, StandardCharsets.ISO_8859_1).split("&")) {
                        if (pair.isEmpty()) {
                            continue;
                        }
                        var equals = pair.indexOf('=');
                        var name = decode(equals < 0 ? pair : pair.substring(0, equals));
                        var value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                        merged.merge(name, new String[] {value}, RequestBodies::concat);
                    }
                }
                parameters = Collections.unmodifiableMap(merged);
            }
            return parameters;
        }

        private boolean isForm() {
            var type = getContentType();
            return type != null && type.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
        }

        private String decode(String encoded) {
            // The body's bytes, percent-decoded in the request's character set (UTF-8 unless it says otherwise).
            try {
                return URLDecoder.decode(encoded, charset());
            } catch (IllegalArgumentException e) {
                return new String(encoded.getBytes(StandardCharsets.ISO_8859_1), charset());
            }
        }

        private Charset charset() {
            var name = getCharacterEncoding();
            try {
                return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
            } catch (IllegalArgumentException e) {
                return StandardCharsets.UTF_8;
            }
        }
    }

    private static String[] concat(String[] first, String[] second) {
        var both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
