package dev.roomwarden.livekit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code livekit} in {@code /actuator/health}: whether LiveKit answers Roomwarden's API key, part of the
 * readiness probe (not of liveness: restarting Roomwarden does not bring LiveKit back). One check answers
 * every probe for {@code roomwarden.livekit.health-cache-ttl}, so probes from many places do not add load
 * to LiveKit; a check takes at most the gateway's timeouts. While the gateway's breaker finds LiveKit not
 * answering, the probe answers at once, down, with the failure that opened it: no probe waits for LiveKit, and the
 * breaker's own probe is what finds it back (readiness is up again within its interval plus this cache time).
 */
@Component("livekitHealthIndicator")
class LiveKitHealthIndicator implements HealthIndicator {

    private record Check(Health health, Instant at) {
    }

    private final LiveKitGateway livekit;
    private final Duration ttl;
    private final Clock clock;
    private volatile Check last;

    LiveKitHealthIndicator(LiveKitGateway livekit, LiveKitProperties properties, Clock clock) {
        this.livekit = livekit;
        this.ttl = properties.healthCacheTtl();
        this.clock = clock;
    }

    @Override
    public Health health() {
        var check = last;
        if (fresh(check)) {
            return check.health();
        }
        synchronized (this) {
            // Probes that waited here while another checked take that answer.
            if (!fresh(last)) {
                last = new Check(check(), clock.instant());
            }
            return last.health();
        }
    }

    private boolean fresh(Check check) {
        return check != null && clock.instant().isBefore(check.at().plus(ttl));
    }

    private Health check() {
        var host = livekit.connection().displayHost();
        var failing = livekit.failing();
        if (failing != null) {
            return Health.down().withDetail("host", host).withDetail("failure", failing.failure().failure().name())
                    .withDetail("notAnsweringSince", String.valueOf(failing.since())).build();
        }
        try {
            livekit.checkReachable();
            return Health.up().withDetail("host", host).build();
        } catch (LiveKitException e) {
            return Health.down().withDetail("host", host).withDetail("failure", e.failure().name()).build();
        }
    }
}
