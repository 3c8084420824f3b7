package dev.roomwarden;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The real time moved by an offset a test sets: a day of history seeded in the past, a second instance whose clock
 * says later. It goes on ticking, so what runs on timers behaves as ever.
 */
public final class OffsetClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    public void set(Duration offset) {
        this.offset = offset;
    }

    /** From now on the clock says {@code now}, and goes on from there. */
    public void setNow(Instant now) {
        offset = Duration.between(Instant.now(), now);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
