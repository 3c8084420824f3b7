package dev.roomwarden.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.roomwarden.display.Times;
import dev.roomwarden.live.WebhookActivity;
import dev.roomwarden.livekit.LiveKitConnection;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.security.access.hierarchicalroles.NullRoleHierarchy;
import org.springframework.ui.ExtendedModelMap;

import dev.roomwarden.security.Role;
import dev.roomwarden.phonenumbers.TelephonyProperties;

import static org.assertj.core.api.Assertions.assertThat;

class LayoutModelTest {

    @Test
    void aPageCountsItsRelativeTimesFromTheSharedClock() {
        var clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
        var layout = new LayoutModel(new LiveKitConnection("http://livekit:7880", "key", "secret", false),
                new DashboardProperties(Duration.ofSeconds(5), Duration.ofSeconds(30)), Mockito.mock(WebhookActivity.class),
                new NullRoleHierarchy(), new TelephonyProperties(Role.MODERATOR), clock);
        var model = new ExtendedModelMap();
        layout.addTo(model, null);
        var now = (Instant) model.getAttribute("now");
        assertThat(now).isEqualTo(clock.instant());
        assertThat(Times.ago(Instant.parse("2026-11-25T09:55:00Z"), now)).isEqualTo("5 min ago");
    }
}
