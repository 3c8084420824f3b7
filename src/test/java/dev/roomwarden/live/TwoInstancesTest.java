package dev.roomwarden.live;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import com.google.protobuf.util.JsonFormat;
import dev.roomwarden.EventStream;
import dev.roomwarden.RoomwardenApplication;
import dev.roomwarden.StaffBrowser;
import dev.roomwarden.TestPostgres;
import dev.roomwarden.emulator.EmulatorSettings;
import dev.roomwarden.emulator.LiveKitEmulator;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.history.PollingRound;
import dev.roomwarden.history.SignedWebhook;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Roomwarden instances on one PostgreSQL and one LiveKit, as behind a load balancer: LiveKit sends its
 * webhooks to instance A only, and a member of staff's requests may land on either. Both instances keep
 * LiveKit's answers for a minute, so only a signal from the other instance can change a page early.
 */
class TwoInstancesTest {

    private static final String API_KEY = "two-key";
    private static final String API_SECRET = "two-secret-Zq81mXw0";
    private static final String ADMIN_PASSWORD = "two-instances-admin-4471";
    private static final String VIEWER_PASSWORD = "two-instances-viewer-9902";
    private static final String MODERATOR_PASSWORD = "two-instances-moderator-5120";
    private static final Duration SOON = Duration.ofSeconds(5);
    /** Well within the 15 s heartbeat, which would also find an ended session without any signal. */
    private static final Duration AT_ONCE = Duration.ofSeconds(2);

    private static TestPostgres.Database database;
    private static LiveKitEmulator livekit;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;

    @BeforeAll
    static void startTwoInstances() {
        database = TestPostgres.newDatabase("two_instances");
        livekit = LiveKitEmulator.start(new EmulatorSettings("127.0.0.1", 0, API_KEY, API_SECRET, List.of()));
        // Both at once, as in a rolling deployment: the migrations and the first ADMIN must cope.
        var first = CompletableFuture.supplyAsync(TwoInstancesTest::startInstance);
        var second = CompletableFuture.supplyAsync(TwoInstancesTest::startInstance);
        a = first.join();
        b = second.join();
        livekit.addWebhookUrl("http://127.0.0.1:" + port(a) + "/livekit/webhook");

        var admin = loggedIn(port(a), "admin", ADMIN_PASSWORD);
        admin.get("/users");
        admin.postForm("/users", Map.of("username", "vera", "role", "VIEWER", "password", VIEWER_PASSWORD));
        admin.postForm("/users", Map.of("username", "maya", "role", "MODERATOR", "password", MODERATOR_PASSWORD));
        assertThat(admin.get("/users").body()).contains("vera", "maya");
    }

    private static ConfigurableApplicationContext startInstance() {
        return new SpringApplicationBuilder(RoomwardenApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--roomwarden.livekit.url=" + livekit.url(),
                "--roomwarden.livekit.api-key=" + API_KEY,
                "--roomwarden.livekit.api-secret=" + API_SECRET,
                "--roomwarden.livekit.cache-ttl=1m",
                "--roomwarden.admin.password=" + ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        for (var context : new ConfigurableApplicationContext[] {a, b}) {
            if (context != null) {
                context.close();
            }
        }
        if (livekit != null) {
            livekit.close();
        }
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static StaffBrowser loggedIn(int port, String username, String password) {
        var browser = new StaffBrowser(port);
        assertThat(browser.logIn(username, password).headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).doesNotContain("error"));
        return browser;
    }

    private static void join(String room, String identity, ParticipantInfo.Kind kind) {
        livekit.state().addParticipant(room, new ParticipantSpec(identity, "", kind, "", Map.of(), List.of()));
    }

    /** The next push of this fragment whose HTML satisfies the condition (older pushes may still be on their way). */
    private static EventStream.Event nextWhere(EventStream stream, String event, Predicate<String> condition)
            throws InterruptedException {
        var deadline = System.nanoTime() + SOON.toNanos();
        while (System.nanoTime() < deadline) {
            var next = stream.next(event, Duration.ofNanos(deadline - System.nanoTime()));
            if (next != null && condition.test(next.data())) {
                return next;
            }
        }
        return null;
    }

    @Test
    void theSameWebhookReceivedByBothInstancesAtOnceIsKeptOnce() throws Exception {
        var body = JsonFormat.printer().print(WebhookEvent.newBuilder().setId("EV_twoInstances1").setEvent("room_started")
                .setCreatedAt(Instant.now().getEpochSecond()).setRoom(Room.newBuilder().setName("history-both").setSid("RM_both")).build());

        var toA = CompletableFuture.supplyAsync(() -> post(port(a), body));
        var toB = CompletableFuture.supplyAsync(() -> post(port(b), body));

        assertThat(List.of(toA.join(), toB.join())).as("both answered as LiveKit expects").containsOnly(200);
        var jdbc = a.getBean(JdbcClient.class);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM history_event WHERE event_id = 'EV_twoInstances1'").query(Long.class).single())
                .isEqualTo(1);
    }

    private static int post(int port, String body) {
        try {
            return SignedWebhook.post(port, body, API_KEY, API_SECRET).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bothInstancesPollingTheSameDroppedJoinKeepItOnce() throws Exception {
        var sid = livekit.state().createRoom(CreateRoomRequest.newBuilder().setName("history-drift-both").build()).getSid();
        var jdbc = a.getBean(JdbcClient.class);
        var deadline = System.nanoTime() + SOON.toNanos();
        while (jdbc.sql("SELECT COUNT(*) FROM room_session WHERE room_sid = ?").param(sid).query(Long.class).single() == 0
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        livekit.faults().webhooks(1, 0);
        var customer = livekit.state().addParticipant("history-drift-both",
                new ParticipantSpec("customer-drift", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));

        var onA = CompletableFuture.supplyAsync(() -> PollingRound.run(a));
        var onB = CompletableFuture.supplyAsync(() -> PollingRound.run(b));

        assertThat(onA.join().getOrDefault("participant_joined", 0) + onB.join().getOrDefault("participant_joined", 0)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM history_event WHERE event_id = ?")
                .param("RW_POLL_participant_joined_" + customer.getSid()).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM participant_session WHERE room_sid = ?").param(sid).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aSessionMadeOnOneInstanceWorksOnTheOther() {
        var onA = loggedIn(port(a), "admin", ADMIN_PASSWORD);
        var onB = onA.at(port(b));

        var users = onB.get("/users");
        assertThat(users.statusCode()).as("no trip to the login page").isEqualTo(200);
        assertThat(users.body()).contains("vera", "maya");
        var created = onB.postForm("/users", Map.of("username", "bea", "role", "VIEWER", "password", "made-on-instance-b-6612"));
        assertThat(created.headers().firstValue("Location")).as("a form posted on B, with the CSRF token of the shared session")
                .hasValueSatisfying(location -> assertThat(location).doesNotContain("login"));
        assertThat(onA.get("/users").body()).contains("bea");
    }

    @Test
    void anActionOnOneInstanceShowsOnTheOthersOpenPage() throws Exception {
        join("support-1", "customer-1", ParticipantInfo.Kind.STANDARD);
        join("support-1", "agent-1", ParticipantInfo.Kind.AGENT);
        var viewerOnB = loggedIn(port(b), "vera", VIEWER_PASSWORD);
        assertThat(viewerOnB.get("/rooms/support-1").body()).contains("agent-1");

        try (var stream = viewerOnB.stream("/rooms/support-1")) {
            assertThat(stream.status()).isEqualTo(200);
            var moderatorOnA = loggedIn(port(a), "maya", MODERATOR_PASSWORD);
            moderatorOnA.get("/rooms/support-1");
            moderatorOnA.postForm("/rooms/support-1/participants/agent-1/remove", Map.of("reason", "a human takes over"));

            var push = nextWhere(stream, "room-live", html -> !html.contains("agent-1"));
            assertThat(push).as("B's open page without the agent A removed").isNotNull();
            assertThat(push.data()).contains("customer-1");
            assertThat(viewerOnB.getHtmx("/rooms/support-1").body()).as("what B knew of the room is forgotten")
                    .contains("customer-1").doesNotContain("agent-1");
        }
    }

    @Test
    void aWebhookToOneInstanceReachesTheStreamsOfTheOther() throws Exception {
        join("sales-1", "s1", ParticipantInfo.Kind.STANDARD);
        var viewerOnB = loggedIn(port(b), "vera", VIEWER_PASSWORD);
        viewerOnB.get("/rooms?q=sales");
        try (var stream = viewerOnB.stream("/rooms?q=sales")) {
            assertThat(stream.status()).isEqualTo(200);
            join("sales-2", "s2", ParticipantInfo.Kind.STANDARD);

            var push = nextWhere(stream, "rooms-table", html -> html.contains("sales-2"));
            assertThat(push).as("B's rooms table with the room LiveKit told A about").isNotNull();
            assertThat(push.data()).contains("sales-1");
        }
        assertThat(viewerOnB.get("/rooms").body()).as("B's pages are live, though webhooks go to A").contains("● Live");
    }

    @Test
    void disablingAnAccountOnOneInstanceEndsItsSessionOnTheOther() throws Exception {
        var admin = loggedIn(port(a), "admin", ADMIN_PASSWORD);
        admin.get("/users");
        admin.postForm("/users", Map.of("username", "shortlived", "role", "VIEWER", "password", "a-short-lived-passphrase-1"));
        var staffOnB = loggedIn(port(b), "shortlived", "a-short-lived-passphrase-1");
        try (var stream = staffOnB.stream("/rooms")) {
            assertThat(stream.status()).isEqualTo(200);
            admin.get("/users");
            admin.postForm("/users/shortlived/disable", Map.of());

            assertThat(stream.next(LiveUpdates.SIGNED_OUT, AT_ONCE)).as("B's stream told the session ended").isNotNull();
            assertThat(stream.endsWithin(SOON)).isTrue();
        }
        assertThat(staffOnB.get("/rooms").headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).contains("/login"));
    }

    @Test
    void changingAPasswordOnOneInstanceLogsOutTheOtherSessionsOnTheOther() {
        var admin = loggedIn(port(a), "admin", ADMIN_PASSWORD);
        admin.get("/users");
        admin.postForm("/users", Map.of("username", "rotates", "role", "VIEWER", "password", "a-first-passphrase-3310"));
        var onA = loggedIn(port(a), "rotates", "a-first-passphrase-3310");
        var onB = loggedIn(port(b), "rotates", "a-first-passphrase-3310");
        assertThat(onB.get("/rooms").statusCode()).isEqualTo(200);

        onA.get("/account");
        onA.postForm("/account/password", Map.of("current", "a-first-passphrase-3310", "password", "a-second-passphrase-8812",
                "confirm", "a-second-passphrase-8812"));

        assertThat(onB.get("/rooms").headers().firstValue("Location")).as("the session on B")
                .hasValueSatisfying(location -> assertThat(location).contains("/login"));
        assertThat(onA.get("/rooms").statusCode()).as("the session that changed it, on A and on B").isEqualTo(200);
        assertThat(onA.at(port(b)).get("/rooms").statusCode()).isEqualTo(200);
    }

    @Test
    void loggingOutOnOneInstanceEndsTheStreamsOnTheOther() throws Exception {
        var onA = loggedIn(port(a), "vera", VIEWER_PASSWORD);
        try (var stream = onA.at(port(b)).stream("/rooms")) {
            assertThat(stream.status()).isEqualTo(200);
            onA.get("/rooms");
            onA.postForm("/logout", Map.of());

            assertThat(stream.next(LiveUpdates.SIGNED_OUT, AT_ONCE)).isNotNull();
            assertThat(stream.endsWithin(SOON)).isTrue();
        }
        assertThat(onA.at(port(b)).get("/rooms").statusCode()).isEqualTo(302);
    }

    @Test
    void aRestartedInstanceKeepsItsStaffLoggedIn() {
        var onB = loggedIn(port(b), "vera", VIEWER_PASSWORD);
        b.close();
        b = startInstance();

        var rooms = onB.at(port(b)).get("/rooms");
        assertThat(rooms.statusCode()).isEqualTo(200);
        assertThat(rooms.body()).contains("vera");
    }

    @Test
    void theInstancesHearEachOtherAgainAfterTheirDatabaseConnectionIsCut() throws Exception {
        try (var connection = database.connect(); var statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                    + PostgresNotifications.APPLICATION_NAME + "'");
            var deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            var listening = 0;
            while (listening < 2 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                try (var count = statement.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '"
                        + PostgresNotifications.APPLICATION_NAME + "'")) {
                    count.next();
                    listening = count.getInt(1);
                }
            }
            assertThat(listening).as("both instances listening again").isEqualTo(2);
        }
        join("after-cut", "c1", ParticipantInfo.Kind.STANDARD);
        var viewerOnB = loggedIn(port(b), "vera", VIEWER_PASSWORD);
        viewerOnB.get("/rooms/after-cut");
        try (var stream = viewerOnB.stream("/rooms/after-cut")) {
            join("after-cut", "c2", ParticipantInfo.Kind.STANDARD);
            assertThat(nextWhere(stream, "room-live", html -> html.contains("c2"))).isNotNull();
        }
    }
}
