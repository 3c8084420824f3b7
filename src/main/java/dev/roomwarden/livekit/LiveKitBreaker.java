package dev.roomwarden.livekit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether LiveKit answers at all. One call that LiveKit does not answer (unreachable, timed out, a 5xx) opens
 * the breaker; while it is open nothing waits for LiveKit: pages show the last state seen, actions are refused
 * with {@link LiveKitFailure#NOT_ANSWERING}, and one probe at a time, every {@code probeInterval}, asks LiveKit
 * something small. Any answer of LiveKit's own, an error about the request (404, 400, 401) included, closes it.
 * Each instance of Roomwarden has its own breaker and probe: one small call per instance per interval.
 * Resilience4j keeps the state machine (thread-safe transitions, the failure predicate, transition events);
 * the probe is Roomwarden's, because Resilience4j's half-open state would let a page's own call wait instead.
 */
final class LiveKitBreaker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveKitBreaker.class);

    /** LiveKit did not answer: not an error about the request, which is LiveKit answering. */
    private static final Set<LiveKitFailure> NOT_ANSWERED = EnumSet.of(LiveKitFailure.UNREACHABLE, LiveKitFailure.TIMEOUT,
            LiveKitFailure.UNAVAILABLE, LiveKitFailure.SERVER_ERROR);

    /**
     * Calls that LiveKit hands to the node of one participant (or room) without asking whether it exists: for a
     * participant who is not connected LiveKit itself answers 503 "no response from servers" (docs/emulator.md),
     * which says nothing about LiveKit as a whole, so their failures never open the breaker.
     */
    private static final Set<String> FOR_ONE_PARTICIPANT = Set.of("MutePublishedTrack", "UpdateSubscriptions", "SendData",
            "MoveParticipant", "PerformRpc");

    /**
     * Calls that LiveKit hands to another service (Egress, Ingress, SIP): a server without it, or without a worker of it,
     * answers 500 or 503 while rooms work, so their failures never open the breaker either.
     */
    private static final Set<String> FOR_ANOTHER_SERVICE = Set.of("StartRoomCompositeEgress", "StartParticipantEgress",
            "ListEgress", "StopEgress", "CreateIngress", "ListIngress", "DeleteIngress", "ListSIPInboundTrunk",
            "ListSIPOutboundTrunk", "ListSIPDispatchRule", "CreateSIPInboundTrunk", "CreateSIPOutboundTrunk", "UpdateSIPInboundTrunk",
            "UpdateSIPOutboundTrunk", "DeleteSIPTrunk", "CreateSIPDispatchRule", "UpdateSIPDispatchRule", "DeleteSIPDispatchRule",
            "CreateSIPParticipant", "TransferSIPParticipant");

    /** The failure that opened the breaker (or the probe's latest), and when LiveKit stopped answering. */
    record Failing(LiveKitException failure, Instant since) {
    }

    private final CircuitBreaker breaker;
    private final Duration probeInterval;
    private final Clock clock;
    private final String host;
    private final ScheduledExecutorService probes;
    private volatile Supplier<?> probe;
    private final java.util.List<Runnable> whenAnsweringAgain = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile LiveKitException lastFailure;
    private volatile Instant openSince;

    LiveKitBreaker(Duration probeInterval, Clock clock, String host) {
        this.probeInterval = probeInterval;
        this.clock = clock;
        this.host = host;
        this.breaker = CircuitBreaker.of("livekit", CircuitBreakerConfig.custom()
                // One failure opens: the next page must not wait the read timeout again.
                .slidingWindow(1, 1, SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .recordException(LiveKitBreaker::notAnswered)
                // Only the probe leaves the open state (below), never a page's call.
                .waitDurationInOpenState(probeInterval)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .permittedNumberOfCallsInHalfOpenState(1)
                .writableStackTraceEnabled(false)
                .build());
        this.probes = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "livekit-probe");
            thread.setDaemon(true);
            return thread;
        });
        breaker.getEventPublisher().onStateTransition(event -> {
            switch (event.getStateTransition().getToState()) {
                case OPEN -> {
                    if (event.getStateTransition().getFromState() == CircuitBreaker.State.CLOSED) {
                        openSince = clock.instant();
                        log.warn("LiveKit at {} is not answering ({}): pages show the last state seen, actions are refused, "
                                + "a probe asks every {}", host, lastFailure == null ? "?" : lastFailure.failure(), probeInterval);
                    }
                    probes.schedule(this::probe, probeInterval.toMillis(), TimeUnit.MILLISECONDS);
                }
                case CLOSED -> {
                    if (event.getStateTransition().getFromState() != CircuitBreaker.State.CLOSED) {
                        log.info("LiveKit at {} answers again", host);
                        whenAnsweringAgain.forEach(LiveKitBreaker::runQuietly);
                    }
                }
                default -> {
                }
            }
        });
    }

    static boolean notAnswered(Throwable failure) {
        return failure instanceof LiveKitException e && NOT_ANSWERED.contains(e.failure());
    }

    /** Runs when LiveKit answers again after it did not (on the probe's thread): open pages may be brought up to date. */
    void whenAnsweringAgain(Runnable action) {
        whenAnsweringAgain.add(action);
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("An action for LiveKit answering again failed", e);
        }
    }

    /** The call the probe makes: small, past every cache. */
    void probeWith(Supplier<?> call) {
        this.probe = call;
    }

    /** Runs the call unless LiveKit is not answering, in which case it is refused at once, unsent. */
    <T> T call(Supplier<T> call, String method) {
        if (breaker.getState() != CircuitBreaker.State.CLOSED) {
            throw refusal(method);
        }
        if (FOR_ONE_PARTICIPANT.contains(method) || FOR_ANOTHER_SERVICE.contains(method)) {
            return call.get();
        }
        try {
            return breaker.executeSupplier(() -> noted(call));
        } catch (CallNotPermittedException e) {
            throw refusal(method);
        }
    }

    /** Why LiveKit is taken as not answering, or null while it answers. */
    Failing failing() {
        var failure = lastFailure;
        return breaker.getState() == CircuitBreaker.State.CLOSED || failure == null ? null : new Failing(failure, openSince);
    }

    /** A new start, as after a restart: LiveKit taken as answering. */
    void reset() {
        // On the probe's thread, after any probe in flight: its answer must not count after the reset.
        try {
            probes.submit(() -> {
                breaker.reset();
                lastFailure = null;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }

    private <T> T noted(Supplier<T> call) {
        try {
            return call.get();
        } catch (LiveKitException e) {
            // Kept before the breaker sees it, so that whoever finds it open finds the reason too.
            if (notAnswered(e)) {
                lastFailure = e;
            }
            throw e;
        }
    }

    private LiveKitException refusal(String method) {
        return new LiveKitException(LiveKitFailure.NOT_ANSWERING, null, host, method, lastFailure);
    }

    private void probe() {
        var call = probe;
        if (call == null || breaker.getState() != CircuitBreaker.State.OPEN) {
            return;
        }
        try {
            breaker.transitionToHalfOpenState();
            breaker.executeSupplier(() -> noted(call));
        } catch (LiveKitException | CallNotPermittedException e) {
            // Still not answering (the breaker is open again and the next probe is scheduled), or a page's call
            // took the one half-open permit between the two lines above and decides instead.
        } catch (RuntimeException e) {
            log.warn("The probe of LiveKit at {} failed unexpectedly", host, e);
        }
    }
}
