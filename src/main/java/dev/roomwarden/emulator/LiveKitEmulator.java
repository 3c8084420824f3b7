package dev.roomwarden.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A LiveKit server, as far as its RoomService, AgentDispatchService, Egress, Ingress and SIP APIs go: Twirp over HTTP in protobuf
 * and JSON, authenticated like livekit-server, with in-memory rooms, simulated agent and egress workers, webhooks, a
 * control API and faults.
 * Plain Java, no Spring: it runs inside Roomwarden (demo mode), in tests, or on its own.
 */
public final class LiveKitEmulator implements AutoCloseable {

    /** Whether the JDK HTTP server sets TCP_NODELAY on the connections it accepts. */
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server reads this once, when its ServerConfig initialises (the first HttpServer.create), and leaves
        // Nagle's algorithm on by default: each answer on a kept-alive connection then waits ~40 ms for a delayed ACK.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService housekeeping;
    private final EmulatorSettings settings;
    private WebhookSender webhooks;
    private final EmulatorState state = new EmulatorState();
    private final Faults faults = new Faults();
    private final Moves moves = new Moves();
    private final String host;
    private final TwirpHandler twirp;
    private final Egresses egresses;
    private final Sips sips;

    private LiveKitEmulator(EmulatorSettings settings) throws IOException {
        this.settings = settings;
        host = settings.bindAddress();
        server = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 256);
        workers = Executors.newFixedThreadPool(64, daemonThreads("emulator-http"));
        server.setExecutor(workers);
        housekeeping = Executors.newSingleThreadScheduledExecutor(daemonThreads("emulator-housekeeping"));
        egresses = new Egresses(state, faults, housekeeping, settings.unclaimedWait());
        sips = new Sips(state, housekeeping);
        state.attach(sips);
        faults.onReset(sips::reset);
        twirp = new TwirpHandler(state, faults, moves, settings, housekeeping, egresses, sips);
        server.createContext(TwirpHandler.PREFIX, twirp);
        server.createContext("/emulator/", new ControlApiHandler(state, faults, moves, settings, sips));
        settings.webhookUrls().forEach(this::addWebhookUrl);
        housekeeping.scheduleWithFixedDelay(state::closeIdleRooms, 1, 1, TimeUnit.SECONDS);
        server.start();
    }

    public static LiveKitEmulator start(EmulatorSettings settings) {
        try {
            return new LiveKitEmulator(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("The LiveKit emulator could not listen on " + settings.bindAddress() + ":"
                    + settings.port() + " (is the port in use? set roomwarden.emulator.port)", e);
        }
    }

    public String url() {
        var address = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + address + ":" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public EmulatorState state() {
        return state;
    }

    public Faults faults() {
        return faults;
    }

    /** The egresses and the simulated egress worker's timings. */
    public Egresses egresses() {
        return egresses;
    }

    /** The SIP trunks and dispatch rules, and the simulated SIP service's switches and timings. */
    public Sips sip() {
        return sips;
    }

    /** Whether MoveParticipant answers as the open-source server ("not implemented", the default) or as LiveKit Cloud. */
    public Moves moves() {
        return moves;
    }

    /** Sends the webhooks to one more URL too (demo mode adds Roomwarden's own endpoint once it listens). */
    public synchronized void addWebhookUrl(String url) {
        if (webhooks == null) {
            webhooks = new WebhookSender(List.of(), settings.apiKey(), settings.apiSecret(), faults);
            state.onEvent(webhooks::publish);
        }
        webhooks.add(url);
    }

    /** Serves one more path (tests look at the connections the server accepts through it). */
    void serve(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    /** How many Twirp calls of this method, of any service (e.g. "ListRooms"), reached the emulator. */
    public long calls(String method) {
        return twirp.calls(method);
    }

    @Override
    public synchronized void close() {
        server.stop(0);
        housekeeping.shutdownNow();
        workers.shutdownNow();
        if (webhooks != null) {
            webhooks.close();
        }
    }

    static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        var count = new AtomicInteger();
        return runnable -> {
            var thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
