package dev.roomwarden.alerts;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.URI;
import java.util.LinkedHashMap;

import javax.net.ssl.SSLException;

import dev.roomwarden.input.Text;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one notice to one target, once, and says what came of it in a sentence. Webhooks: posted with OkHttp, no
 * redirects followed, quick timeouts, no proxy, and connected only to the addresses {@link TargetAddresses} checked
 * just before (its answer is the client's DNS, so a host cannot resolve to something else between check and connect).
 * Never logs or returns a target's URL.
 */
@Component
class AlertSender {

    /** What came of one try: delivered, or why not and whether trying again may help. */
    record Outcome(boolean delivered, boolean retryable, String sentence) {

        static Outcome delivered(String sentence) {
            return new Outcome(true, false, sentence);
        }

        static Outcome failed(String sentence, boolean retryable) {
            return new Outcome(false, retryable, sentence);
        }
    }

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final TargetAddresses addresses;
    private final ObjectProvider<JavaMailSender> mail;
    private final AlertsProperties properties;
    private final OkHttpClient client;

    AlertSender(TargetAddresses addresses, ObjectProvider<JavaMailSender> mail, AlertsProperties properties) {
        this.addresses = addresses;
        this.mail = mail;
        this.properties = properties;
        this.client = new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false).retryOnConnectionFailure(false)
                .proxy(Proxy.NO_PROXY).connectTimeout(properties.connectTimeout()).readTimeout(properties.requestTimeout())
                .writeTimeout(properties.requestTimeout()).callTimeout(properties.requestTimeout()).build();
    }

    /** Whether e-mail can be sent at all (spring.mail.host is set). */
    boolean mailConfigured() {
        return mail.getIfAvailable() != null;
    }

    Outcome send(AlertTarget target, Notice notice) {
        return target.webhook() ? post(target, notice) : mail(target, notice);
    }

    private Outcome post(AlertTarget target, Notice notice) {
        URI uri;
        try {
            uri = addresses.check(target.address());
        } catch (TargetAddresses.Refused e) {
            return Outcome.failed("Refused: " + e.getMessage(), false);
        }
        var port = TargetAddresses.port(uri);
        var pinned = client.newBuilder().dns(host -> addresses.addresses(host, port)).build();
        var request = new Request.Builder().url(uri.toString()).header("User-Agent", "Roomwarden alerts")
                .post(RequestBody.create(payload(target.format(), notice), JSON)).build();
        try (var response = pinned.newCall(request).execute()) {
            var status = response.code();
            if (status >= 200 && status < 300) {
                return Outcome.delivered("Delivered (HTTP " + status + ").");
            }
            if (status >= 300 && status < 400) {
                return Outcome.failed("Redirected to " + redirectHost(uri, response.header("Location"))
                        + "; Roomwarden does not follow redirects. Save the URL it redirects to, if you trust it.", false);
            }
            var said = response.body() == null ? "" : Text.abbreviate(response.body().string().replaceAll("\\p{Cntrl}", " ").strip(), 120);
            return Outcome.failed("The target answered HTTP " + status + (said.isEmpty() ? "" : " (“" + said + "”)") + ".",
                    status >= 500 || status == 429 || status == 408);
        } catch (TargetAddresses.Refused e) {
            return Outcome.failed("Refused: " + e.getMessage(), false);
        } catch (InterruptedIOException e) {
            return Outcome.failed("No answer within " + seconds(properties.requestTimeout()) + " (timed out).", true);
        } catch (ConnectException e) {
            return Outcome.failed("Could not connect to " + uri.getHost() + ":" + port + " (connection refused or unreachable).", true);
        } catch (SSLException e) {
            return Outcome.failed("The TLS connection to " + uri.getHost() + " failed: " + Text.abbreviate(e.getMessage(), 120) + ".", true);
        } catch (IOException e) {
            return Outcome.failed("Sending to " + uri.getHost() + " failed: " + Text.abbreviate(String.valueOf(e.getMessage()), 120) + ".", true);
        }
    }

    private static String redirectHost(URI from, String location) {
        if (location == null) {
            return "an address it did not say";
        }
        try {
            var to = from.resolve(location.strip());
            return to.getHost() == null ? "an address Roomwarden cannot read" : to.getHost();
        } catch (IllegalArgumentException e) {
            return "an address Roomwarden cannot read";
        }
    }

    private static String seconds(java.time.Duration duration) {
        var millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** Slack-style {"text": ...}, which Slack, Mattermost, Rocket.Chat and Teams take; or a plain JSON document. */
    static String payload(AlertTarget.Format format, Notice notice) {
        if (format == AlertTarget.Format.SLACK) {
            return MAPPER.writeValueAsString(java.util.Map.of("text", notice.subject().replace("[Roomwarden] ", "Roomwarden: ")
                    + "\n" + notice.body()));
        }
        var document = new LinkedHashMap<String, Object>();
        document.put("state", notice.type().words());
        document.put("rule", notice.rule() == null ? null : notice.rule().name());
        document.put("title", notice.headline());
        document.put("room", notice.room());
        document.put("text", notice.text());
        document.put("since", notice.since() == null ? null : notice.since().toString());
        document.put("resolution", notice.resolution());
        document.put("link", notice.link());
        document.put("heldBack", notice.heldBack());
        return MAPPER.writeValueAsString(document);
    }

    private Outcome mail(AlertTarget target, Notice notice) {
        var sender = mail.getIfAvailable();
        if (sender == null) {
            return Outcome.failed("No mail server is configured: set spring.mail.host (SPRING_MAIL_HOST).", false);
        }
        var message = new SimpleMailMessage();
        message.setFrom(properties.mailFrom());
        message.setTo(target.address());
        message.setSubject(notice.subject());
        message.setText(notice.body());
        try {
            sender.send(message);
            return Outcome.delivered("Handed to the mail server.");
        } catch (MailException e) {
            var why = e.getMostSpecificCause().getMessage();
            return Outcome.failed("The mail server did not take it: " + Text.abbreviate(why == null ? e.toString() : why.strip(), 150) + ".", true);
        }
    }
}
