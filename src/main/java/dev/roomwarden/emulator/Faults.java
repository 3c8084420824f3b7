package dev.roomwarden.emulator;

import java.time.Duration;

/** The fault currently in force; applies to the Twirp services only, never to the control API. */
public final class Faults {

    private record Fault(FaultMode mode, Duration delay) {
    }

    private volatile Fault current = new Fault(FaultMode.NONE, Duration.ZERO);
    private volatile boolean agentDispatchMissing;

    public void set(FaultMode mode, Duration delay) {
        current = new Fault(mode, delay == null ? Duration.ZERO : delay);
    }

    public void reset() {
        set(FaultMode.NONE, Duration.ZERO);
        agentDispatchMissing = false;
    }

    /** As a LiveKit older than the agent dispatch service: its methods are unknown routes (Twirp bad_route). */
    public void agentDispatchMissing(boolean missing) {
        agentDispatchMissing = missing;
    }

    public boolean agentDispatchMissing() {
        return agentDispatchMissing;
    }

    public FaultMode mode() {
        return current.mode();
    }

    public Duration delay() {
        return current.delay();
    }
}
