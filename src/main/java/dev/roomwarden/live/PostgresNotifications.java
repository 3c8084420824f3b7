package dev.roomwarden.live;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.roomwarden.security.SessionsEndedEvent;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Several instances on one PostgreSQL: what one instance learns, the others hear through PostgreSQL's
 * LISTEN/NOTIFY. A webhook names a room that changed (each instance then asks LiveKit itself), and an
 * ended session (logout, account disabled or demoted) ends its event streams on every instance. One
 * connection of the pool listens for as long as the application runs and is replaced when it fails; on
 * reconnecting, every open page is refreshed, since signals sent meanwhile are lost.
 */
@Component
@ConditionalOnExpression("'${spring.datasource.url:}'.startsWith('jdbc:postgresql:')")
class PostgresNotifications implements SmartLifecycle {

    static final String ROOMS_CHANNEL = "roomwarden_room_changed";
    static final String SESSIONS_CHANNEL = "roomwarden_sessions_ended";
    /** Shown in pg_stat_activity for the listening connection. */
    static final String APPLICATION_NAME = "roomwarden-live-updates";
    /** NOTIFY refuses a payload of 8000 bytes or more. */
    static final int MAX_PAYLOAD_BYTES = 7999;
    /** One wait for notifications; stopping takes at most this long. */
    private static final int WAIT_MILLIS = 500;
    /** A quiet connection is checked this often, so that a dead one is noticed without traffic. */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(10);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(PostgresNotifications.class);

    /** Each instance hears its own notifications too; this tells them apart. */
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final LiveUpdates live;
    private volatile boolean running;
    private Thread listener;

    PostgresNotifications(DataSource dataSource, JdbcClient jdbc, LiveUpdates live) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.live = live;
    }

    @EventListener
    void roomChanged(LiveUpdates.RoomChanged event) {
        send(ROOMS_CHANNEL, event.room());
    }

    @EventListener
    void sessionsEnded(SessionsEndedEvent event) {
        // Session ids are 36 characters; a long list goes out in several notifications.
        var batch = new ArrayList<String>();
        for (var id : event.sessionIds()) {
            if (!batch.isEmpty() && payload(String.join(",", batch) + "," + id).length > MAX_PAYLOAD_BYTES) {
                send(SESSIONS_CHANNEL, String.join(",", batch));
                batch.clear();
            }
            batch.add(id);
        }
        if (!batch.isEmpty()) {
            send(SESSIONS_CHANNEL, String.join(",", batch));
        }
    }

    private byte[] payload(String data) {
        return (instance + " " + data).getBytes(StandardCharsets.UTF_8);
    }

    /** Inside a transaction, PostgreSQL delivers the notification when the transaction commits. */
    private void send(String channel, String data) {
        var payload = instance + " " + data;
        var bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PAYLOAD_BYTES) {
            log.warn("Not telling other instances about a change: {} bytes is too long for a PostgreSQL notification; "
                    + "their pages catch up at their next refresh", bytes);
            return;
        }
        try {
            jdbc.sql("SELECT pg_notify(?, ?)").params(channel, payload).query((RowCallbackHandler) row -> { });
        } catch (DataAccessException e) {
            // This instance's own pages are up to date; the others catch up at their next refresh.
            log.warn("Could not tell other instances through PostgreSQL about a change: {}", e.getMessage());
        }
    }

    private void received(PGNotification notification) {
        var payload = notification.getParameter();
        var space = payload.indexOf(' ');
        if (space < 0 || payload.substring(0, space).equals(instance)) {
            return;
        }
        var data = payload.substring(space + 1);
        switch (notification.getName()) {
            case ROOMS_CHANNEL -> live.receivedElsewhere(data);
            case SESSIONS_CHANNEL -> live.sessionsEndedElsewhere(List.of(data.split(",")));
            default -> { }
        }
    }

    @Override
    public void start() {
        running = true;
        var firstAttempt = new CountDownLatch(1);
        listener = new Thread(() -> listen(firstAttempt), "postgres-notifications");
        listener.setDaemon(true);
        listener.start();
        try {
            // Pages opened once the application is up should hear the other instances from the start.
            firstAttempt.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void listen(CountDownLatch firstAttempt) {
        var retry = FIRST_RETRY;
        var reconnecting = false;
        while (running) {
            try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
                statement.execute("SET application_name = '" + APPLICATION_NAME + "'");
                statement.execute("LISTEN " + ROOMS_CHANNEL);
                statement.execute("LISTEN " + SESSIONS_CHANNEL);
                firstAttempt.countDown();
                if (reconnecting) {
                    log.info("Listening to the other instances through PostgreSQL again; refreshing open pages");
                    live.missedSignals();
                }
                reconnecting = true;
                retry = FIRST_RETRY;
                var pg = connection.unwrap(PGConnection.class);
                var checked = System.nanoTime();
                while (running) {
                    var notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications != null) {
                        for (var notification : notifications) {
                            received(notification);
                        }
                    }
                    if (System.nanoTime() - checked > CHECK_EVERY.toNanos()) {
                        statement.execute("SELECT 1");
                        checked = System.nanoTime();
                    }
                }
                // The connection goes back to the pool as it came.
                statement.execute("UNLISTEN *");
                statement.execute("RESET application_name");
            } catch (SQLException | RuntimeException e) {
                firstAttempt.countDown();
                if (!running) {
                    return;
                }
                reconnecting = true;
                log.warn("Not hearing the other instances through PostgreSQL ({}); trying again in {} s. "
                        + "Meanwhile pages here still refresh themselves.", e.getMessage(), retry.toSeconds());
                try {
                    Thread.sleep(retry.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
                retry = retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry.multipliedBy(2);
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
            try {
                listener.join(2 * WAIT_MILLIS + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
