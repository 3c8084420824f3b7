package dev.roomwarden.live;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.google.protobuf.util.JsonFormat;
import dev.roomwarden.SliceTestConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import livekit.LivekitModels.Room;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * LiveKit's webhooks as the slice receives them: no session, no CSRF token, only the signature. They
 * come from LiveKit, never from htmx, so there is no htmx answer to check; LiveUpdatesFlowTest follows
 * a webhook to the pages, HistoryFlowTest to the stored events.
 */
@WebMvcTest(WebhookController.class)
@Import(SliceTestConfiguration.class)
@RecordApplicationEvents
class WebhookControllerTest {

    private static final String JOINED;

    static {
        try {
            JOINED = JsonFormat.printer().print(WebhookEvent.newBuilder().setEvent("participant_joined").setId("EV_1")
                    .setRoom(Room.newBuilder().setName("support-1")).build());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApplicationEvents events;

    /** A token as LiveKit signs it: issued by the API key, with the body's sha256, signed with {@code secret}. */
    private static String token(String body, String secret) throws Exception {
        var sha256 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        return JWT.create().withIssuer("slice-key").withNotBefore(Instant.now()).withExpiresAt(Instant.now().plus(Duration.ofMinutes(5)))
                .withClaim("sha256", sha256).sign(Algorithm.HMAC256(secret));
    }

    private static MockHttpServletRequestBuilder webhook(String body) {
        return post("/livekit/webhook").contentType("application/webhook+json").content(body);
    }

    private double count(String result) {
        return meters.get("roomwarden.webhooks").tag("result", result).counter().count();
    }

    @Test
    void aSignedWebhookIsAcceptedWithoutSessionOrCsrfTokenAndPassedOn() throws Exception {
        var accepted = count("accepted");

        mvc.perform(webhook(JOINED).header("Authorization", "Bearer " + token(JOINED, SliceTestConfiguration.API_SECRET)))
                .andExpect(status().isOk())
                .andExpect(content().string("ok\n"));

        assertThat(events.stream(WebhookReceived.class)).singleElement()
                .satisfies(received -> assertThat(received.event().getRoom().getName()).isEqualTo("support-1"));
        assertThat(count("accepted")).isEqualTo(accepted + 1);
    }

    @Test
    void anUnsignedOrForgedWebhookIsRefusedAndCounted() throws Exception {
        var rejected = count("rejected");

        mvc.perform(webhook(JOINED)).andExpect(status().isUnauthorized()).andExpect(content().string("invalid webhook signature\n"));
        mvc.perform(webhook(JOINED).header("Authorization", token(JOINED, "not-the-secret"))).andExpect(status().isUnauthorized());

        assertThat(events.stream(WebhookReceived.class)).isEmpty();
        assertThat(count("rejected")).isEqualTo(rejected + 2);
    }

    @Test
    void aBodyChangedAfterSigningIsRefused() throws Exception {
        var changed = JOINED.replace("support-1", "support-2");

        mvc.perform(webhook(changed).header("Authorization", token(JOINED, SliceTestConfiguration.API_SECRET)))
                .andExpect(status().isUnauthorized());
        assertThat(events.stream(WebhookReceived.class)).isEmpty();
    }

    @Test
    void aBodyFarLargerThanAnyWebhookIsRefusedUnread() throws Exception {
        var huge = "x".repeat(WebhookController.MAX_BODY_BYTES + 1);

        mvc.perform(webhook(huge).header("Authorization", token(huge, SliceTestConfiguration.API_SECRET)))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().string("webhook too large\n"));
        assertThat(events.stream(WebhookReceived.class)).isEmpty();
    }
}
