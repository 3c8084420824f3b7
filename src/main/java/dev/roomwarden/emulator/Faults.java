package dev.roomwarden.emulator;

import java.time.Duration;

/**
 * The fault currently in force; applies to the Twirp services only, never to the control API. A fault
 * may be limited to one method (e.g. "RemoveParticipant"), so that the calls around it behave.
 */
public final class Faults {

    private record Fault(FaultMode mode, Duration delay, String method) {
    }

    private volatile Fault current = new Fault(FaultMode.NONE, Duration.ZERO, null);
    private volatile boolean agentDispatchMissing;
    private volatile boolean egressWorkerUnavailable;
    private volatile boolean withoutRedis;
    private volatile Duration egressTimeLimit;
    private String nextEgressFailure;
    private int webhooksToDrop;
    private int webhooksToDuplicate;
    private volatile Runnable onReset = () -> { };

    /** What happens to the next webhook event. */
    enum WebhookFate { DELIVER, DROP, DUPLICATE }

    public void set(FaultMode mode, Duration delay) {
        set(mode, delay, null);
    }

    /** This fault for calls of {@code method} only (any service), or for every call when it is null. */
    public void set(FaultMode mode, Duration delay, String method) {
        current = new Fault(mode, delay == null ? Duration.ZERO : delay, method);
    }

    public void reset() {
        set(FaultMode.NONE, Duration.ZERO);
        agentDispatchMissing = false;
        egressWorker(true);
        withoutRedis(false);
        failNextEgress(null);
        egressTimeLimit(null);
        webhooks(0, 0);
        onReset.run();
    }

    /** Who resets its own switches with the faults (the simulated SIP service). */
    void onReset(Runnable listener) {
        onReset = listener;
    }

    /**
     * The next {@code drop} webhook events are never sent (as the server drops them when its queue is full or
     * they waited too long), then the next {@code duplicate} are delivered twice with the same bytes (as a retry
     * after an answer that got lost). Replaces any counts still pending.
     */
    public synchronized void webhooks(int drop, int duplicate) {
        if (drop < 0 || duplicate < 0) {
            throw new IllegalArgumentException("webhook counts cannot be negative");
        }
        webhooksToDrop = drop;
        webhooksToDuplicate = duplicate;
    }

    synchronized WebhookFate nextWebhook() {
        if (webhooksToDrop > 0) {
            webhooksToDrop--;
            return WebhookFate.DROP;
        }
        if (webhooksToDuplicate > 0) {
            webhooksToDuplicate--;
            return WebhookFate.DUPLICATE;
        }
        return WebhookFate.DELIVER;
    }

    /** As a LiveKit older than the agent dispatch service: its methods are unknown routes (Twirp bad_route). */
    public void agentDispatchMissing(boolean missing) {
        agentDispatchMissing = missing;
    }

    public boolean agentDispatchMissing() {
        return agentDispatchMissing;
    }

    /** livekit-server run without Redis: rooms work, every Egress, Ingress and SIP call answers "not connected (redis required)". */
    public void withoutRedis(boolean without) {
        withoutRedis = without;
    }

    boolean withoutRedis() {
        return withoutRedis;
    }

    /** No egress worker connected: starts wait as long as the server's psrpc retries, then 503 "no response from servers". */
    public void egressWorker(boolean available) {
        egressWorkerUnavailable = !available;
    }

    boolean egressWorkerUnavailable() {
        return egressWorkerUnavailable;
    }

    /**
     * The egress worker's session limit (its file/stream/segment_output max_duration), for egresses started from
     * now on: one that runs this long ends LIMIT_REACHED "Session limit reached" (413), one still starting is
     * ABORTED "Session limit reached before start signal"; null: no limit, as by default.
     */
    public void egressTimeLimit(Duration limit) {
        egressTimeLimit = limit;
    }

    Duration egressTimeLimit() {
        return egressTimeLimit;
    }

    /** The next egress started fails when its pipeline would start (FAILED, this error, error_code 500); null cancels. */
    public synchronized void failNextEgress(String error) {
        nextEgressFailure = error;
    }

    synchronized String takeEgressFailure() {
        var error = nextEgressFailure;
        nextEgressFailure = null;
        return error;
    }

    public FaultMode mode() {
        return current.mode();
    }

    public Duration delay() {
        return current.delay();
    }

    /** The fault a call of this method meets. */
    FaultMode modeFor(String method) {
        var fault = current;
        return fault.method() == null || fault.method().equals(method) ? fault.mode() : FaultMode.NONE;
    }
}
