package dev.roomwarden;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.google.protobuf.util.JsonFormat;
import dev.roomwarden.emulator.LiveKitEmulator;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.history.HistoryPruning;
import dev.roomwarden.history.SignedWebhook;
import dev.roomwarden.livekit.LiveKitConnection;
import dev.roomwarden.users.LastAdminRace;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roomwarden on a real PostgreSQL (not H2): the same Flyway migrations, staff accounts with login throttling,
 * audited actions and the audit page, over real HTTP with the embedded emulator as LiveKit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roomwarden.emulator.port=0",
        "roomwarden.emulator.simulation.enabled=false",
        "roomwarden.livekit.cache-ttl=0s",
        "roomwarden.security.login-throttling.failures-per-account-and-address=2",
        "roomwarden.security.login-throttling.first-delay=30s",
        "roomwarden.demo.password=" + PostgresFlowTest.PASSWORD})
class PostgresFlowTest {

    static final String PASSWORD = "postgres-flow-password-3318";

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        var database = TestPostgres.newDatabase("postgres_flow");
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
    }

    @LocalServerPort
    int port;

    @Autowired
    LiveKitEmulator emulator;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LiveKitConnection connection;

    @Autowired
    ApplicationContext context;

    private StaffBrowser loggedIn(String username, String password) {
        var browser = new StaffBrowser(port);
        assertThat(browser.logIn(username, password).headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).doesNotContain("error"));
        return browser;
    }

    /** "1:true", "2:true", "10.1:true", ...: every migration in the jar for every database and for PostgreSQL, as Flyway should record it. */
    private static java.util.List<String> migrationsShipped() {
        try {
            var resolver = new org.springframework.core.io.support.PathMatchingResourcePatternResolver();
            var files = new java.util.ArrayList<>(java.util.List.of(resolver.getResources("classpath:db/migration/V*__*.sql")));
            files.addAll(java.util.List.of(resolver.getResources("classpath:db/vendor/postgresql/V*__*.sql")));
            return files.stream().map(f -> f.getFilename().substring(1, f.getFilename().indexOf("__")).replace('_', '.'))
                    .map(org.flywaydb.core.api.MigrationVersion::fromVersion).sorted().map(v -> v + ":true").toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyMigrationRunsOnPostgresql() {
        assertThat(jdbc.sql("SELECT version() LIKE 'PostgreSQL %'").query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")
                .query((rs, row) -> rs.getString(1) + ":" + rs.getBoolean(2)).list())
                .containsExactlyElementsOf(migrationsShipped());
    }

    @Test
    void accountsAuditedActionsAndTheAuditPageWorkOnPostgresql() {
        emulator.state().addParticipant("support-pg", new ParticipantSpec("agent-pg", "", ParticipantInfo.Kind.AGENT, "", Map.of(), List.of()));
        var admin = loggedIn("admin", PASSWORD);
        admin.get("/users");
        admin.postForm("/users", Map.of("username", "paula", "displayName", "Paula", "role", "MODERATOR",
                "password", "a-moderators-passphrase-77"));
        var paula = loggedIn("paula", "a-moderators-passphrase-77");

        paula.get("/rooms/support-pg");
        var removed = paula.postForm("/rooms/support-pg/participants/agent-pg/remove", Map.of("reason", "a human takes over"));
        assertThat(removed.statusCode()).isEqualTo(302);
        assertThat(paula.get("/rooms/support-pg").body()).as("the flash message, kept in the session in PostgreSQL")
                .contains("agent-pg").contains("removed").doesNotContain("could not");

        var audit = admin.get("/audit?room=support-pg").body();
        assertThat(audit).contains("remove participant", "paula", "MODERATOR", "agent-pg", "a human takes over", "DONE");
        assertThat(admin.get("/audit").body()).contains("create account", "paula", "login");
        assertThat(admin.get("/audit.csv?user=paula").body()).contains("REMOVE_PARTICIPANT");
    }

    @Test
    void notesAndTagsAndTheHistoryTagFilterWorkOnPostgresql() {
        jdbc.sql("INSERT INTO room_session (room_sid, room_name, started_at) VALUES ('RM_pgNotes1', 'notes-pg', CURRENT_TIMESTAMP)")
                .update();
        var admin = loggedIn("admin", PASSWORD);
        admin.get("/history/RM_pgNotes1");

        assertThat(admin.postForm("/history/RM_pgNotes1/notes", Map.of("text", "Refund sent: https://x.example/41130", "on", "history"))
                .statusCode()).isEqualTo(302);
        assertThat(admin.postForm("/history/RM_pgNotes1/tags", Map.of("tag", "billing", "on", "history")).statusCode()).isEqualTo(302);

        assertThat(admin.get("/history/RM_pgNotes1").body()).contains("Refund sent: ", "href=\"https://x.example/41130\"",
                "href=\"/history?tag=billing\"");
        assertThat(admin.get("/history?tag=billing").body()).contains("RM_pgNotes1");
        assertThat(admin.get("/history?tag=billing&identity=nobody").body()).doesNotContain("RM_pgNotes1");
        assertThat(admin.get("/history?tag=escalated").body()).doesNotContain("RM_pgNotes1");
    }

    @Test
    void aKeptOutIdentityIsRemovedAgainOnceAndASecondClaimIsRefusedOnPostgresql() throws Exception {
        var troll = new ParticipantSpec("troll-pg", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of());
        emulator.state().addParticipant("keep-out-pg", troll);
        var moderator = loggedIn("moderator", PASSWORD);
        moderator.get("/rooms/keep-out-pg");
        assertThat(moderator.postForm("/rooms/keep-out-pg/participants/troll-pg/remove",
                Map.of("keepOut", "lifted", "keepOutOf", "room", "reason", "spam")).statusCode()).isEqualTo(302);

        var again = emulator.state().addParticipant("keep-out-pg", troll);

        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (emulator.state().participant("keep-out-pg", "troll-pg").isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(emulator.state().participant("keep-out-pg", "troll-pg")).isEmpty();
        // LiveKit has answered; the record gets its outcome just after.
        while (jdbc.sql("SELECT COUNT(*) FROM audit_record WHERE action = 'REMOVE_KEPT_OUT' AND outcome = 'PENDING'").query(Long.class)
                .single() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(jdbc.sql("SELECT outcome FROM audit_record WHERE action = 'REMOVE_KEPT_OUT' AND participant_sid = ?")
                .param(again.getSid()).query(String.class).list()).containsExactly("DONE");
        // What a second instance that saw the same join would try: PostgreSQL skips it (ON CONFLICT DO NOTHING).
        var keepOut = jdbc.sql("SELECT id FROM keep_out WHERE participant = 'troll-pg'").query(Long.class).single();
        assertThat(context.getBean(dev.roomwarden.history.InsertOnce.class).insert(
                "INSERT INTO keep_out_removal (keep_out_id, participant_sid, claimed_at) VALUES (?, ?, ?)", keepOut, again.getSid(),
                java.sql.Timestamp.from(Instant.now()))).isFalse();
    }

    @Test
    void aWebhookDeliveredTwiceIsKeptOnceAndPrunedAfterItsRetentionOnPostgresql() throws Exception {
        var body = JsonFormat.printer().print(WebhookEvent.newBuilder().setId("EV_postgresOld1").setEvent("room_finished")
                .setCreatedAt(Instant.now().minus(Duration.ofDays(91)).getEpochSecond())
                .setRoom(Room.newBuilder().setName("history-pg").setSid("RM_pg")).build());

        assertThat(SignedWebhook.post(port, body, connection.apiKey(), connection.apiSecret()).statusCode()).isEqualTo(200);
        assertThat(SignedWebhook.post(port, body, connection.apiKey(), connection.apiSecret()).statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM history_event WHERE event_id = 'EV_postgresOld1'").query(Long.class).single())
                .isEqualTo(1);

        assertThat(HistoryPruning.runNow(context)).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM history_event WHERE event_id = 'EV_postgresOld1'").query(Long.class).single())
                .isZero();
    }

    @Test
    void sessionsAreBuiltFromEventsOutOfOrderAndTwiceOnPostgresql() throws Exception {
        var t = Instant.now().minusSeconds(600);
        var caller = ParticipantInfo.newBuilder().setSid("PA_pgSession").setIdentity("caller-pg").setName("Caller")
                .setJoinedAt(t.plusSeconds(5).getEpochSecond());
        var room = Room.newBuilder().setName("sessions-pg").setSid("RM_pgSession").setCreationTime(t.getEpochSecond());
        var left = WebhookEvent.newBuilder().setId("EV_pgSession2").setEvent("participant_left").setCreatedAt(t.plusSeconds(60).getEpochSecond())
                .setRoom(room).setParticipant(caller.clone().setDisconnectReason(livekit.LivekitModels.DisconnectReason.CLIENT_INITIATED));
        var finished = WebhookEvent.newBuilder().setId("EV_pgSession3").setEvent("room_finished").setCreatedAt(t.plusSeconds(50).getEpochSecond())
                .setRoom(room.clone().setMetadata("end"));
        var joined = WebhookEvent.newBuilder().setId("EV_pgSession1").setEvent("participant_joined").setCreatedAt(t.plusSeconds(5).getEpochSecond())
                .setRoom(room.clone().setNumParticipants(1)).setParticipant(caller);
        for (var event : List.of(finished, left, joined, left, joined)) {
            assertThat(SignedWebhook.post(port, JsonFormat.printer().print(event.build()), connection.apiKey(), connection.apiSecret())
                    .statusCode()).isEqualTo(200);
        }

        var sessions = context.getBean(dev.roomwarden.history.HistorySessions.class);
        assertThat(sessions.room("RM_pgSession")).hasValueSatisfying(session -> {
            assertThat(session.started()).isEqualTo(Instant.ofEpochSecond(t.getEpochSecond()));
            assertThat(session.ended()).isEqualTo(Instant.ofEpochSecond(t.plusSeconds(50).getEpochSecond()));
            assertThat(session.peakParticipants()).isEqualTo(1);
            assertThat(session.metadataAtEnd()).isEqualTo("end");
        });
        assertThat(sessions.participants("RM_pgSession")).singleElement().satisfies(participant -> {
            assertThat(participant.joined()).isEqualTo(Instant.ofEpochSecond(t.plusSeconds(5).getEpochSecond()));
            assertThat(participant.left()).isEqualTo(Instant.ofEpochSecond(t.plusSeconds(60).getEpochSecond()));
            assertThat(participant.disconnectReason()).isEqualTo("CLIENT_INITIATED");
        });
    }

    @Test
    void pollingKeepsADroppedJoinAndAnAgentsJobUntilItsAgentIsRemovedOnPostgresql() throws Exception {
        var sessions = context.getBean(dev.roomwarden.history.HistorySessions.class);
        var sid = emulator.state().createRoom(livekit.LivekitRoom.CreateRoomRequest.newBuilder().setName("polling-pg").build()).getSid();
        var dispatch = emulator.state().createDispatch(livekit.LivekitAgentDispatch.CreateAgentDispatchRequest.newBuilder()
                .setRoom("polling-pg").setAgentName("triage").build());
        var agent = emulator.state().participants("polling-pg").get(0).getIdentity();
        awaitTrue(() -> sessions.participants(sid).size() == 1);
        emulator.faults().webhooks(1, 0);
        var customer = emulator.state().addParticipant("polling-pg", new dev.roomwarden.emulator.ParticipantSpec("customer-pg", "",
                ParticipantInfo.Kind.STANDARD, "", java.util.Map.of(), List.of()));

        var made = dev.roomwarden.history.PollingRound.run(context);

        assertThat(made).containsEntry("participant_joined", 1);
        var job = emulator.state().dispatches("polling-pg", dispatch.getId()).get(0).getState().getJobs(0);
        assertThat(jdbc.sql("SELECT event_id FROM history_event WHERE room_sid = ? AND source = 'polling' ORDER BY event_id").param(sid)
                .query(String.class).list()).containsExactly("RW_" + dispatch.getId(), "RW_JOB_START_" + job.getId(),
                "RW_POLL_participant_joined_" + customer.getSid());

        emulator.state().removeParticipant("polling-pg", agent);
        awaitTrue(() -> jdbc.sql("SELECT COUNT(*) FROM history_event WHERE event_id = ?").param("RW_JOB_END_" + job.getId())
                .query(Long.class).single() == 1);
        assertThat(jdbc.sql("SELECT event_json FROM history_event WHERE event_id = ?").param("RW_JOB_END_" + job.getId())
                .query(String.class).single()).contains("\"error\":\"PARTICIPANT_REMOVED\"");
        assertThat(dev.roomwarden.history.PollingRound.run(context)).doesNotContainKey("participant_joined");
    }

    private static void awaitTrue(java.util.function.BooleanSupplier done) throws InterruptedException {
        var deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(done.getAsBoolean()).isTrue();
    }

    @Test
    void theHistoryPageFiltersOnPostgresqlWithTheRoomPrefixFromAnIndex() throws Exception {
        var t = Instant.parse("2026-11-28T09:00:00Z");
        var caller = ParticipantInfo.newBuilder().setSid("PA_pgList").setIdentity("customer-pg").setName("Ann").setKind(ParticipantInfo.Kind.SIP)
                .setJoinedAt(t.plusSeconds(5).getEpochSecond());
        var room = Room.newBuilder().setName("list_pg-1").setSid("RM_pgList").setCreationTime(t.getEpochSecond());
        for (var event : List.of(
                WebhookEvent.newBuilder().setId("EV_pgList1").setEvent("participant_joined").setCreatedAt(t.plusSeconds(5).getEpochSecond())
                        .setRoom(room).setParticipant(caller),
                WebhookEvent.newBuilder().setId("EV_pgList2").setEvent("room_finished").setCreatedAt(t.plusSeconds(600).getEpochSecond()).setRoom(room))) {
            assertThat(SignedWebhook.post(port, JsonFormat.printer().print(event.build()), connection.apiKey(), connection.apiSecret())
                    .statusCode()).isEqualTo(200);
        }
        var viewer = loggedIn("viewer", PASSWORD);

        for (var query : List.of("room=list_pg", "identity=customer-pg", "identity=Ann", "kind=sip", "from=2026-11-28&to=2026-11-28",
                "min=10&max=10", "room=list_pg&identity=Ann&kind=sip&from=2026-11-01&min=1")) {
            var page = viewer.get("/history?" + query);
            assertThat(page.statusCode()).as(query).isEqualTo(200);
            assertThat(page.body()).as(query).contains(">list_pg-1</a>");
        }
        for (var query : List.of("room=list%25", "room=list_pg-2", "kind=agent", "min=11", "from=2026-11-29")) {
            assertThat(viewer.get("/history?" + query).body()).as(query).doesNotContain(">list_pg-1</a>");
        }
        assertThat(viewer.get("/history?identity=customer-pg").body()).contains("customer-pg", "joined");
        // PostgreSQL answers LIKE 'prefix%' from an index only with a pattern operator class (V10.1).
        try (var connection = java.sql.DriverManager.getConnection(context.getEnvironment().getProperty("spring.datasource.url"),
                context.getEnvironment().getProperty("spring.datasource.username"), context.getEnvironment().getProperty("spring.datasource.password"));
                var statement = connection.createStatement()) {
            statement.execute("SET enable_seqscan = off");
            var plan = new StringBuilder();
            try (var rs = statement.executeQuery("EXPLAIN SELECT room_sid FROM room_session WHERE room_name LIKE 'list\\_pg%' ESCAPE '\\'")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).contains("ix_room_session_name_pattern");
        }
    }

    @Test
    void theOverviewChartsReadHistoryOnPostgresql() {
        var started = Instant.now().minusSeconds(600);
        jdbc.sql("INSERT INTO room_session (room_sid, room_name, started_at, ended_at) VALUES ('RM_pgChart', 'chart-pg', ?, ?)")
                .params(java.sql.Timestamp.from(started), java.sql.Timestamp.from(started.plusSeconds(300))).update();
        jdbc.sql("INSERT INTO participant_session (participant_sid, room_sid, identity, joined_at) VALUES ('PA_pgChart', 'RM_pgChart', 'customer-pg-chart', ?)")
                .param(java.sql.Timestamp.from(started)).update();
        jdbc.sql("""
                INSERT INTO hand_over (id, room, participant, username, state, progress, started_at, updated_at)
                VALUES ('ho-pg-chart', 'chart-pg', 'agent', 'moderator', 'LEFT', 'done', ?, ?)""")
                .params(java.sql.Timestamp.from(started), java.sql.Timestamp.from(started)).update();
        var viewer = loggedIn("viewer", PASSWORD);

        for (var range : List.of("24h", "7d")) {
            var page = viewer.get("/overview?range=" + range);
            assertThat(page.statusCode()).as(range).isEqualTo(200);
            assertThat(page.body()).as(range).contains("id=\"chart-started\"", "id=\"chart-length\"", "(so far)")
                    .contains("started</title>").doesNotContain("No sessions started");
        }
    }

    @Test
    void twoAdminsRemovingEachOtherAtOnceLeaveOneAdminOnPostgresql() throws Exception {
        new LastAdminRace(port, jdbc).run(loggedIn("admin", PASSWORD), 8);
    }

    @Test
    void parallelGuessesAreCountedBeforeThePasswordCheckOnPostgresql() throws Exception {
        var admin = loggedIn("admin", PASSWORD);
        admin.get("/users");
        admin.postForm("/users", Map.of("username", "guessme", "role", "VIEWER", "password", "a-viewers-passphrase-42"));
        var browsers = new java.util.ArrayList<StaffBrowser>();
        for (int i = 0; i < 21; i++) {
            var browser = new StaffBrowser(port).from("198.51.100.9");
            browser.get("/login");
            browsers.add(browser);
        }
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(browsers.size());
        var answers = new java.util.ArrayList<java.util.concurrent.Future<String>>();
        try {
            for (int i = 0; i < browsers.size(); i++) {
                var browser = browsers.get(i);
                var password = i == 10 ? "a-viewers-passphrase-42" : "wrong-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return browser.postForm("/login", Map.of("username", "guessme", "password", password))
                            .headers().firstValue("Location").orElse("");
                }));
            }
            start.countDown();
            var checked = 0;
            for (var answer : answers) {
                checked += answer.get(60, java.util.concurrent.TimeUnit.SECONDS).contains("throttled=") ? 0 : 1;
            }
            assertThat(checked).as("passwords checked").isLessThanOrEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
        assertThat(new StaffBrowser(port).from("198.51.100.9").logIn("guessme", "a-viewers-passphrase-42").headers()
                .firstValue("Location")).hasValueSatisfying(location -> assertThat(location).contains("/login?throttled="));
        assertThat(loggedIn("guessme", "a-viewers-passphrase-42").get("/rooms").statusCode()).as("from another address").isEqualTo(200);
        assertThat(admin.get("/audit?action=LOGIN_THROTTLED").body()).contains("guessme");
    }

    @Test
    void egressWebhooksOutOfOrderAndTwiceKeepOneRecordingInItsNewestStateOnPostgresql() throws Exception {
        var now = Instant.now();
        var nanos = now.getEpochSecond() * 1_000_000_000L;
        var egress = livekit.LivekitEgress.EgressInfo.newBuilder().setEgressId("EG_postgres0001").setRoomName("recording-pg")
                .setStartedAt(nanos - 60_000_000_000L)
                .setRoomComposite(livekit.LivekitEgress.RoomCompositeEgressRequest.newBuilder().setRoomName("recording-pg"));
        var started = egress.clone().setStatus(livekit.LivekitEgress.EgressStatus.EGRESS_ACTIVE).setUpdatedAt(nanos - 50_000_000_000L);
        var ended = egress.clone().setStatus(livekit.LivekitEgress.EgressStatus.EGRESS_COMPLETE).setUpdatedAt(nanos).setEndedAt(nanos);
        var events = List.of(WebhookEvent.newBuilder().setId("EV_pgEgress2").setEvent("egress_ended").setEgressInfo(ended),
                WebhookEvent.newBuilder().setId("EV_pgEgress1").setEvent("egress_started").setEgressInfo(started),
                WebhookEvent.newBuilder().setId("EV_pgEgress2").setEvent("egress_ended").setEgressInfo(ended));
        for (var event : events) {
            assertThat(SignedWebhook.post(port, JsonFormat.printer().print(event.setCreatedAt(now.getEpochSecond()).build()),
                    connection.apiKey(), connection.apiSecret()).statusCode()).isEqualTo(200);
        }

        assertThat(jdbc.sql("SELECT status FROM recording WHERE egress_id = 'EG_postgres0001'").query(String.class).list())
                .containsExactly("EGRESS_COMPLETE");
        assertThat(loggedIn("viewer", PASSWORD).get("/recordings?room=recording-pg").body()).contains("EG_postgres0001", ">Complete<");
    }

    @Test
    void searchFindsAParticipantByAnAttributeAndTheAuditRecordsOfItsRoomOnPostgresql() throws Exception {
        emulator.state().addParticipant("desk-66201", new ParticipantSpec("customer-66201", "Ann", ParticipantInfo.Kind.STANDARD, "",
                Map.of("ticket", "TCK-66201", "phone", "+1 555 0166"), List.of()));
        awaitTrue(() -> jdbc.sql("SELECT COUNT(*) FROM search_term WHERE term = 'tck' AND kind = 'participant'").query(Integer.class).single() > 0);
        jdbc.sql("INSERT INTO audit_record (at, username, role, action, room, participant, outcome) VALUES (?, 'admin', 'ADMIN', "
                + "'REMOVE_PARTICIPANT', 'desk-66201', 'intruder_66%', 'DONE')").param(java.sql.Timestamp.from(Instant.now())).update();
        var admin = loggedIn("admin", PASSWORD);

        assertThat(admin.get("/search?q=tck-66201").body()).contains("customer-66201", "<mark>TCK</mark>-<mark>66201</mark>");
        assertThat(admin.get("/search?q=5550166").body()).contains("customer-66201", "+1 <mark>555 0166</mark>");
        // The audit record by its room (found live) and by the start of its participant, whose _ and % are not wildcards.
        assertThat(admin.get("/search?q=66201").body()).contains("id=\"search-audit\"", "/audit?room=desk-66201");
        assertThat(admin.get("/search?q=intruder_66%25").body()).contains("id=\"search-audit\"");
        assertThat(admin.get("/search?q=intruder-66").body()).doesNotContain("id=\"search-audit\"");
    }
}
