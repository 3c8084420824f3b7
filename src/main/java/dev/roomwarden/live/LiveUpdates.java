package dev.roomwarden.live;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.security.SessionsEndedEvent;
import dev.roomwarden.phonenumbers.PhoneNumbers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * LiveKit's webhooks, passed on to the pages that are open. A webhook only says which room changed:
 * Roomwarden forgets what it knew of that room, asks LiveKit once, and pushes each open page its
 * re-rendered fragment over Server-Sent Events. Since every push shows LiveKit's own state, missed,
 * repeated or out-of-order webhooks cannot leave a wrong page behind; polling goes on, less often while
 * webhooks arrive, and repairs what a lost webhook did not announce.
 * A session may have {@code roomwarden.live.streams-per-session} streams at once; each lasts at most
 * {@code max-stream-life}, then ends with an event id, and the browser's EventSource reconnects by itself and is sent
 * its fragment at once. Streams end the same way when the application starts to shut down, so that the web
 * server's graceful shutdown does not wait for pages that would never finish.
 */
@Component
public class LiveUpdates implements SmartLifecycle, DisposableBean {

    /** The event that tells a page its session has ended; the page then asks for a page and lands on login. */
    public static final String SIGNED_OUT = "signed-out";
    /** The last event of a stream the server ends so that the page reconnects (its id makes the reconnection catch up). */
    public static final String RENEWED = "stream-renewed";
    /** Webhooks arriving together (a room ending sends one per participant) make one push. */
    static final Duration GATHER = Duration.ofMillis(100);
    /** However many webhooks arrive, LiveKit is asked again at most this often. */
    static final Duration MIN_GAP = Duration.ofMillis(500);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Streams last as long as their page or their maximum life; the heartbeat finds the ones whose browser went away. */
    private static final long NO_TIMEOUT = -1;
    /** Pages opened together (after a restart, say) do not all reconnect together: a life is up to this much shorter. */
    private static final double LIFE_SPREAD = 0.1;
    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

    /**
     * What an open page shows: {@code room} is the room it follows, or null for the rooms list (every
     * change); {@code key} is equal for pages that see the same HTML (same view, same permissions), so
     * the fragment is rendered once for all of them; {@code event} names the element it replaces.
     */
    public record View(String event, String room, String key, Supplier<String> render) {
    }

    private record Subscriber(SseEmitter emitter, View view, String sessionId, long endsAtNanos) {
    }

    /** A session asked for more streams than it may have; the page goes on refreshing by polling. */
    public static final class TooManyStreams extends RuntimeException {

        TooManyStreams(int limit) {
            super("This session has " + limit + " live pages open already, the most it may have. Close some tabs; this page"
                    + " still refreshes itself.");
        }
    }

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Set<String> changedRooms = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean pushPending = new AtomicBoolean();
    private final AtomicLong eventIds = new AtomicLong();
    private final ScheduledThreadPoolExecutor dispatcher = new ScheduledThreadPoolExecutor(1, runnable -> {
        var thread = new Thread(runnable, "live-updates");
        thread.setDaemon(true);
        return thread;
    });
    private final LiveKitGateway livekit;
    private final SessionRegistry sessions;
    private final WebhookActivity activity;
    private final ApplicationEventPublisher events;
    private final LiveProperties properties;
    private volatile long lastPush;
    private volatile boolean running;

    LiveUpdates(LiveKitGateway livekit, SessionRegistry sessions, WebhookActivity activity, ApplicationEventPublisher events,
            MeterRegistry meters, LiveProperties properties) {
        this.livekit = livekit;
        this.sessions = sessions;
        this.activity = activity;
        this.events = events;
        this.properties = properties;
        Gauge.builder("roomwarden.sse.connections", this, LiveUpdates::listening)
                .description("Open Server-Sent Events streams of staff pages").register(meters);
        // Pages showing the last state seen while LiveKit did not answer get LiveKit's own as soon as it answers.
        livekit.whenAnsweringAgain(() -> dispatcher.execute(this::missedSignals));
        var beat = HEARTBEAT.toMillis();
        dispatcher.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        // Often enough that a stream ends within a few percent of its life, a short one (tests) included.
        var sweep = Math.max(100, Math.min(beat, properties.maxStreamLife().toMillis() / 20));
        dispatcher.scheduleWithFixedDelay(this::endOldStreams, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /** A room a webhook named, for the other instances on the same database ("" for the rooms list only). */
    public record RoomChanged(String room) {
    }

    /** A verified webhook. Events without a room (egress, ingress) may still change the rooms list. */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void received(WebhookReceived received) {
        var event = received.event();
        var room = event.getRoom().getName();
        if (room.isEmpty()) {
            room = event.getEgressInfo().getRoomName();
        }
        activity.received();
        changed(room);
        events.publishEvent(new RoomChanged(room));
    }

    /** An action's audit record was settled after a timeout: the room's pages, here and on other instances, show it. */
    @EventListener
    void settled(AuditLog.Settled event) {
        changed(event.room());
        events.publishEvent(new RoomChanged(event.room()));
    }

    /** Another instance received a webhook about this room: its pages here change as if it came here. */
    void receivedElsewhere(String room) {
        activity.received();
        changed(room);
    }

    /**
     * Something the pages that follow every change show has changed without a webhook (what needs attention, as
     * evaluated on a timer): those pages are pushed again.
     */
    public void everyChangeViewsChanged() {
        changed("");
    }

    /** Signals from other instances may have been missed: every open page is brought up to date. */
    void missedSignals() {
        changed("");
        subscribers.stream().map(s -> s.view().room()).filter(Objects::nonNull).forEach(this::changed);
    }

    private void changed(String room) {
        changedRooms.add(room);
        if (pushPending.compareAndSet(false, true)) {
            var wait = Math.max(GATHER.toMillis(), lastPush + MIN_GAP.toMillis() - System.currentTimeMillis());
            dispatcher.schedule(this::push, wait, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Opens the stream of a page for as long as the page and its session live, at most the maximum life. A
     * reconnecting page ({@code catchUp}) is sent its fragment at once, since it may have missed events.
     *
     * @throws TooManyStreams when the session has as many streams open as it may
     */
    public SseEmitter subscribe(View view, String sessionId, boolean catchUp) {
        var emitter = new SseEmitter(NO_TIMEOUT);
        var life = properties.maxStreamLife().toNanos();
        var subscriber = new Subscriber(emitter, view, sessionId,
                System.nanoTime() + life - (long) (life * LIFE_SPREAD * ThreadLocalRandom.current().nextDouble()));
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> subscribers.remove(subscriber));
        emitter.onError(error -> subscribers.remove(subscriber));
        if (streamsOf(sessionId) >= properties.streamsPerSession()) {
            // Pages closed a moment ago may still be counted: a write finds them gone, if not this time then the next.
            subscribers.stream().filter(s -> s.sessionId().equals(sessionId)).forEach(s -> comment(s, "still here"));
        }
        synchronized (subscribers) {
            if (streamsOf(sessionId) >= properties.streamsPerSession()) {
                throw new TooManyStreams(properties.streamsPerSession());
            }
            subscribers.add(subscriber);
        }
        if (!running) {
            // Shutting down: the page is told to come back, to this instance once restarted or to another one.
            dispatcher.execute(() -> end(subscriber));
            return emitter;
        }
        // A first line commits the response, so the browser knows at once that the stream is open. The
        // session is checked again here: it may have ended while this request was on its way, after the
        // event that ends streams went out.
        dispatcher.execute(() -> {
            if (!open(subscriber)) {
                return;
            }
            if (catchUp) {
                render(subscriber.view()).ifPresent(html -> send(subscriber, view.event(), html));
            } else {
                comment(subscriber, "open");
            }
        });
        return emitter;
    }

    /** How many pages are listening now. */
    public int listening() {
        return subscribers.size();
    }

    private long streamsOf(String sessionId) {
        return subscribers.stream().filter(s -> s.sessionId().equals(sessionId)).count();
    }

    /**
     * Sessions that ended (logout; an administrator disabling or demoting the account) end their streams
     * at once; pages in other tabs then go to login. A session that times out is found by the heartbeat.
     */
    @EventListener
    void sessionsEnded(SessionsEndedEvent event) {
        signOut(event.sessionIds());
    }

    /** Sessions that ended on another instance: their streams here end too. */
    void sessionsEndedElsewhere(List<String> sessionIds) {
        signOut(sessionIds);
    }

    private void signOut(List<String> sessionIds) {
        dispatcher.execute(() -> subscribers.stream().filter(s -> sessionIds.contains(s.sessionId())).forEach(this::signOut));
    }

    private void push() {
        pushPending.set(false);
        lastPush = System.currentTimeMillis();
        var rooms = new HashSet<String>();
        for (var iterator = changedRooms.iterator(); iterator.hasNext(); ) {
            rooms.add(iterator.next());
            iterator.remove();
        }
        // An event without a room ("") still makes the rooms list be asked for again.
        rooms.forEach(livekit::changed);
        var rendered = new HashMap<String, Optional<String>>();
        for (var subscriber : subscribers) {
            var room = subscriber.view().room();
            if ((room == null || rooms.contains(room)) && open(subscriber)) {
                rendered.computeIfAbsent(subscriber.view().key(), key -> render(subscriber.view()))
                        .ifPresent(html -> send(subscriber, subscriber.view().event(), html));
            }
        }
    }

    private Optional<String> render(View view) {
        try {
            return Optional.of(view.render().get());
        } catch (RuntimeException e) {
            log.warn("Could not render the live fragment {} for room {}", view.event(), PhoneNumbers.maskedIn(view.room()), e);
            return Optional.empty();
        }
    }

    private void heartbeat() {
        for (var subscriber : subscribers) {
            if (open(subscriber)) {
                comment(subscriber, "still here");
            }
        }
    }

    private void endOldStreams() {
        var now = System.nanoTime();
        subscribers.stream().filter(s -> now - s.endsAtNanos() > 0).forEach(this::end);
    }

    /** Ends a stream so that its page reconnects: the event's id makes the reconnection catch up at once. */
    private void end(Subscriber subscriber) {
        if (subscribers.remove(subscriber)) {
            send(subscriber, RENEWED, "");
            subscriber.emitter().complete();
        }
    }

    /** Whether the subscriber's session still lives; a stream whose session ended is ended. */
    private boolean open(Subscriber subscriber) {
        SessionInformation session;
        try {
            session = sessions.getSessionInformation(subscriber.sessionId());
        } catch (RuntimeException e) {
            // The session store (the database) cannot be read just now: the stream stays until a check can tell.
            log.warn("Could not check the session of an event stream: {}", e.getMessage());
            return true;
        }
        if (session == null || session.isExpired()) {
            signOut(subscriber);
            return false;
        }
        return true;
    }

    /** The page closes its stream on this event (sse-close), so the browser does not try to reconnect. */
    private void signOut(Subscriber subscriber) {
        if (subscribers.remove(subscriber)) {
            send(subscriber, SIGNED_OUT, "Your session has ended.");
            subscriber.emitter().complete();
        }
    }

    private void send(Subscriber subscriber, String event, String data) {
        // Spring writes each line of the HTML as its own "data:" field; the browser joins them again.
        write(subscriber, SseEmitter.event().id(Long.toString(eventIds.incrementAndGet())).name(event).data(data));
    }

    private void comment(Subscriber subscriber, String text) {
        write(subscriber, SseEmitter.event().comment(text));
    }

    private void write(Subscriber subscriber, SseEmitter.SseEventBuilder event) {
        try {
            subscriber.emitter().send(event);
        } catch (IOException | IllegalStateException e) {
            // The browser went away; its stream is done.
            subscribers.remove(subscriber);
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Before the web server's graceful shutdown (a later phase), which would otherwise wait for every open stream. */
    @Override
    public void stop() {
        running = false;
        try {
            dispatcher.submit(() -> subscribers.forEach(this::end)).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not end every event stream before shutting down: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }

    @Override
    public void destroy() {
        dispatcher.shutdownNow();
        subscribers.forEach(subscriber -> subscriber.emitter().complete());
        subscribers.clear();
    }
}
