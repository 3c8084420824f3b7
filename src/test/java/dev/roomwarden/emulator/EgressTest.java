package dev.roomwarden.emulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.livekit.server.AudioMixing;
import io.livekit.server.EgressServiceClient;
import io.livekit.server.EncodedOutputs;
import io.livekit.server.RoomRecord;
import io.livekit.server.WebhookReceiver;
import livekit.LivekitEgress.DirectFileOutput;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressSourceType;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.SegmentedFileOutput;
import livekit.LivekitEgress.StreamInfo;
import livekit.LivekitEgress.StreamOutput;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import retrofit2.Response;

import static dev.roomwarden.emulator.EmulatorFixture.KEY;
import static dev.roomwarden.emulator.EmulatorFixture.SECRET;
import static dev.roomwarden.emulator.EmulatorFixture.adminToken;
import static dev.roomwarden.emulator.EmulatorFixture.mic;
import static dev.roomwarden.emulator.EmulatorFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/** livekit.Egress through the official SDK over HTTP, with the simulated egress worker and its webhooks. */
class EgressTest {

    private static final String EGRESS_ID = "EG_[" + Ids.ALPHABET + "]{12}";
    private static final Egresses.Timings QUICK = new Egresses.Timings(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(300));
    private static final List<String> bodies = new CopyOnWriteArrayList<>();
    private static final List<String> authorizations = new CopyOnWriteArrayList<>();
    private static HttpServer receiver;
    private static EmulatorFixture lk;
    private static EgressServiceClient egress;

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (bodies) {
                bodies.add(body);
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        lk = new EmulatorFixture(List.of("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"), false);
        lk.emulator.egresses().timings(QUICK);
        egress = EgressServiceClient.createClient(lk.emulator.url(), KEY, SECRET);
    }

    @AfterAll
    static void stop() {
        lk.close();
        receiver.stop(0);
    }

    @BeforeEach
    void empty() {
        lk.state().clear();
        lk.emulator.egresses().clear();
        lk.emulator.faults().reset();
        synchronized (bodies) {
            bodies.clear();
            authorizations.clear();
        }
    }

    private static EgressInfo recordRoom(String room, String filepath) throws IOException {
        var response = egress.startRoomCompositeEgress(room, EncodedFileOutput.newBuilder().setFilepath(filepath).build(),
                "grid", null, null, false, false, "", AudioMixing.DEFAULT_MIXING).execute();
        assertThat(response.isSuccessful()).as("start answered %s", response.code()).isTrue();
        return response.body();
    }

    private static EgressInfo await(String egressId, EgressStatus status) throws Exception {
        var deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            var info = egress.listEgress(null, egressId, null).execute().body().get(0);
            if (info.getStatus() == status || System.nanoTime() > deadline) {
                assertThat(info.getStatus()).isEqualTo(status);
                return info;
            }
            Thread.sleep(20);
        }
    }

    /** The webhooks of one egress (a previous test's may still arrive after it ended), once {@code count} have come or after 5 s. */
    private static List<WebhookEvent> egressEvents(String egressId, int count) throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        var webhooks = new WebhookReceiver(KEY, SECRET);
        while (true) {
            List<WebhookEvent> events;
            synchronized (bodies) {
                events = new java.util.ArrayList<>();
                for (int i = 0; i < bodies.size(); i++) {
                    events.add(webhooks.receive(bodies.get(i), authorizations.get(i)));
                }
            }
            events.removeIf(e -> !e.getEvent().startsWith("egress_") || !e.getEgressInfo().getEgressId().equals(egressId));
            if (events.size() >= count || System.nanoTime() > deadline) {
                return events;
            }
            Thread.sleep(20);
        }
    }

    private static void assertTwirpError(Response<?> response, int status, String code, String message) throws IOException {
        assertThat(response.isSuccessful()).isFalse();
        assertThat(response.code()).isEqualTo(status);
        assertThat(response.errorBody().string()).isEqualTo("{\"code\":\"" + code + "\",\"msg\":\"" + message + "\"}");
    }

    @Test
    void aRoomRecordingStartsRunsStopsAndCompletesWithItsFileAndTheRoomFollows() throws Exception {
        var room = lk.join("class-1", "ann", ParticipantInfo.Kind.STANDARD, mic());
        var started = recordRoom("class-1", "recordings/class-1.mp4");

        assertThat(started.getEgressId()).matches(EGRESS_ID);
        assertThat(started.getStatus()).isEqualTo(EgressStatus.EGRESS_STARTING);
        assertThat(started.getRoomName()).isEqualTo("class-1");
        assertThat(started.getRoomId()).isEqualTo(lk.state().room("class-1").orElseThrow().getSid());
        assertThat(started.getSourceType()).isEqualTo(EgressSourceType.EGRESS_SOURCE_TYPE_SDK);
        assertThat(started.getRoomComposite().getLayout()).isEqualTo("grid");
        assertThat(started.getFileResultsList()).singleElement()
                .satisfies(file -> assertThat(file.getFilename()).isEqualTo("recordings/class-1.mp4"));
        // Nanoseconds: within a minute of now.
        assertThat(Math.abs(started.getStartedAt() - System.currentTimeMillis() * 1_000_000L)).isLessThan(60_000_000_000L);
        assertThat(room).isNotNull();

        var active = await(started.getEgressId(), EgressStatus.EGRESS_ACTIVE);
        assertThat(lk.sdk.listRooms(List.of("class-1")).execute().body().get(0).getActiveRecording()).isTrue();
        assertThat(lk.state().participant("class-1", started.getEgressId()).orElseThrow().getKind())
                .isEqualTo(ParticipantInfo.Kind.EGRESS);

        Thread.sleep(50);
        var stopping = egress.stopEgress(active.getEgressId()).execute().body();
        assertThat(stopping.getStatus()).isEqualTo(EgressStatus.EGRESS_ENDING);

        var complete = await(started.getEgressId(), EgressStatus.EGRESS_COMPLETE);
        var file = complete.getFileResults(0);
        assertThat(file.getEndedAt()).isGreaterThan(file.getStartedAt());
        assertThat(file.getDuration()).isEqualTo(file.getEndedAt() - file.getStartedAt());
        assertThat(file.getSize()).isPositive();
        assertThat(file.getLocation()).endsWith("recordings/class-1.mp4");
        assertThat(complete.getEndedAt()).isEqualTo(file.getEndedAt());
        assertThat(complete.getDetails()).isEqualTo("End reason: StopEgress API");
        var deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (lk.state().room("class-1").orElseThrow().getActiveRecording() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(lk.sdk.listRooms(List.of("class-1")).execute().body().get(0).getActiveRecording()).isFalse();
    }

    @Test
    void theWebhooksAreStartedUpdatedUpdatedEndedWithTheRoomSidAndNameOnly() throws Exception {
        lk.join("class-2", "ann", ParticipantInfo.Kind.STANDARD, mic());
        var started = recordRoom("class-2", "a.mp4");
        await(started.getEgressId(), EgressStatus.EGRESS_ACTIVE);
        egress.stopEgress(started.getEgressId()).execute();
        await(started.getEgressId(), EgressStatus.EGRESS_COMPLETE);

        var events = egressEvents(started.getEgressId(), 4);

        assertThat(events).extracting(WebhookEvent::getEvent)
                .containsExactly("egress_started", "egress_updated", "egress_updated", "egress_ended");
        assertThat(events).extracting(e -> e.getEgressInfo().getStatus()).containsExactly(EgressStatus.EGRESS_STARTING,
                EgressStatus.EGRESS_ACTIVE, EgressStatus.EGRESS_ENDING, EgressStatus.EGRESS_COMPLETE);
        var roomSid = lk.state().room("class-2").orElseThrow().getSid();
        for (var event : events) {
            assertThat(event.getRoom().getSid()).isEqualTo(roomSid);
            assertThat(event.getRoom().getName()).isEqualTo("class-2");
            assertThat(event.getRoom().getCreationTime()).isZero();
            assertThat(event.getEgressInfo().getEgressId()).isEqualTo(started.getEgressId());
        }
    }

    @Test
    void deletingTheRoomEndsItsRecordingAsASourceThatClosed() throws Exception {
        lk.join("class-7", "ann", ParticipantInfo.Kind.STANDARD, mic());
        var started = recordRoom("class-7", "x.mp4");
        await(started.getEgressId(), EgressStatus.EGRESS_ACTIVE);

        lk.sdk.deleteRoom("class-7").execute();

        var complete = await(started.getEgressId(), EgressStatus.EGRESS_COMPLETE);
        assertThat(complete.getDetails()).isEqualTo("End reason: Source closed");
        assertThat(complete.getFileResults(0).getSize()).isPositive();
    }

    @Test
    void deletingTheRoomWhileTheEgressStartsAbortsItAsStoppedBeforeThePipelineStarted() throws Exception {
        lk.emulator.egresses().timings(new Egresses.Timings(Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofMillis(300)));
        try {
            lk.join("class-8", "ann", ParticipantInfo.Kind.STANDARD, mic());
            var started = recordRoom("class-8", "x.mp4");

            lk.sdk.deleteRoom("class-8").execute();

            var aborted = await(started.getEgressId(), EgressStatus.EGRESS_ABORTED);
            assertThat(aborted.getError()).isEqualTo("Stop called before pipeline could start");
            assertThat(aborted.getErrorCode()).isEqualTo(412);
            assertThat(aborted.getDetails()).isEqualTo("End reason: Source closed");
            assertThat(aborted.getEndedAt()).isPositive();
            assertThat(egressEvents(started.getEgressId(), 2)).extracting(WebhookEvent::getEvent).containsExactly("egress_started", "egress_ended");
        } finally {
            lk.emulator.egresses().timings(QUICK);
        }
    }

    @Test
    void theEgressParticipantIsAHiddenRecorderListedAndAnnouncedButNotCounted() throws Exception {
        lk.join("class-9", "ann", ParticipantInfo.Kind.STANDARD, mic());
        var started = recordRoom("class-9", "x.mp4");
        await(started.getEgressId(), EgressStatus.EGRESS_ACTIVE);

        var listed = lk.sdk.listParticipants("class-9").execute().body();
        assertThat(listed).extracting(ParticipantInfo::getIdentity).containsExactly("ann", started.getEgressId());
        var recorder = listed.get(1);
        assertThat(recorder.getKind()).isEqualTo(ParticipantInfo.Kind.EGRESS);
        assertThat(recorder.getPermission().getHidden()).isTrue();
        assertThat(recorder.getPermission().getRecorder()).isTrue();
        assertThat(recorder.getPermission().getCanSubscribe()).isTrue();
        assertThat(recorder.getPermission().getCanPublish()).isFalse();
        var room = lk.sdk.listRooms(List.of("class-9")).execute().body().get(0);
        assertThat(room.getNumParticipants()).as("a recorder is not counted").isEqualTo(1);
        assertThat(room.getActiveRecording()).isTrue();
        assertThat(joinedIdentities()).contains(started.getEgressId());
    }

    private static List<String> joinedIdentities() throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        var webhooks = new WebhookReceiver(KEY, SECRET);
        while (true) {
            var identities = new java.util.ArrayList<String>();
            synchronized (bodies) {
                for (int i = 0; i < bodies.size(); i++) {
                    var event = webhooks.receive(bodies.get(i), authorizations.get(i));
                    if (event.getEvent().equals("participant_joined")) {
                        identities.add(event.getParticipant().getIdentity());
                    }
                }
            }
            if (identities.size() >= 2 || System.nanoTime() > deadline) {
                return identities;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aRoomLeftToItsRecorderClosesAfterItsDepartureTimeoutAndTheRecordingEnds() throws Exception {
        lk.state().createRoom(livekit.LivekitRoom.CreateRoomRequest.newBuilder().setName("class-14").setDepartureTimeout(1).build());
        lk.join("class-14", "ann", ParticipantInfo.Kind.STANDARD, mic());
        var started = recordRoom("class-14", "x.mp4");
        await(started.getEgressId(), EgressStatus.EGRESS_ACTIVE);

        lk.state().removeParticipant("class-14", "ann", livekit.LivekitModels.DisconnectReason.CLIENT_INITIATED);

        var complete = await(started.getEgressId(), EgressStatus.EGRESS_COMPLETE);
        assertThat(complete.getDetails()).isEqualTo("End reason: Source closed");
        assertThat(lk.state().room("class-14")).isEmpty();
        assertThat(left(started.getEgressId())).singleElement().satisfies(e -> assertThat(e.getParticipant().getDisconnectReason())
                .isEqualTo(livekit.LivekitModels.DisconnectReason.ROOM_CLOSED));
    }

    private static List<WebhookEvent> left(String identity) throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        var webhooks = new WebhookReceiver(KEY, SECRET);
        while (true) {
            var found = new java.util.ArrayList<WebhookEvent>();
            synchronized (bodies) {
                for (int i = 0; i < bodies.size(); i++) {
                    var event = webhooks.receive(bodies.get(i), authorizations.get(i));
                    if (event.getEvent().equals("participant_left") && event.getParticipant().getIdentity().equals(identity)) {
                        found.add(event);
                    }
                }
            }
            if (!found.isEmpty() || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void anEgressThatRunsIntoTheWorkersTimeLimitEndsLimitReachedWithItsFile() throws Exception {
        lk.join("class-10", "ann", ParticipantInfo.Kind.STANDARD, mic());
        lk.emulator.faults().egressTimeLimit(Duration.ofMillis(600));
        var started = recordRoom("class-10", "x.mp4");

        var limited = await(started.getEgressId(), EgressStatus.EGRESS_LIMIT_REACHED);

        assertThat(limited.getError()).isEqualTo("Session limit reached");
        assertThat(limited.getErrorCode()).isEqualTo(413);
        assertThat(limited.getDetails()).isEqualTo("End reason: Session limit reached");
        assertThat(limited.getFileResults(0).getSize()).isPositive();
        assertThat(limited.getFileResults(0).getLocation()).isNotEmpty();
        assertThat(egressEvents(started.getEgressId(), 3)).extracting(WebhookEvent::getEvent).containsExactly("egress_started", "egress_updated", "egress_ended");
        assertThat(lk.state().participant("class-10", started.getEgressId())).isEmpty();
        assertThat(lk.state().room("class-10").orElseThrow().getActiveRecording()).isFalse();
    }

    @Test
    void theControlApiSetsTheTimeLimitAndRefusesABadOne() throws Exception {
        lk.join("class-11", "ann", ParticipantInfo.Kind.STANDARD, mic());
        var bad = lk.control("POST", "/emulator/egress", "{\"timeLimitMs\":-5}", adminToken("class-11"));
        var set = lk.control("POST", "/emulator/egress", "{\"timeLimitMs\":300}", adminToken("class-11"));
        var started = recordRoom("class-11", "x.mp4");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(await(started.getEgressId(), EgressStatus.EGRESS_LIMIT_REACHED).getError()).isEqualTo("Session limit reached");
    }

    @Test
    void clearingTheStateForgetsTheEgresses() throws Exception {
        lk.join("class-12", "ann", ParticipantInfo.Kind.STANDARD, mic());
        recordRoom("class-12", "x.mp4");

        lk.state().clear();

        assertThat(lk.emulator.egresses().all()).isEmpty();
        assertThat(egress.listEgress(null, null, null).execute().body()).isEmpty();
    }

    @Test
    void withoutRedisEveryMethodAnswersNotConnectedAfterTheGrantCheck() throws Exception {
        lk.join("class-13", "ann", ParticipantInfo.Kind.STANDARD, mic());
        var started = recordRoom("class-13", "x.mp4");
        lk.emulator.faults().withoutRedis(true);
        var notConnected = "twirp error unknown: egress not connected (redis required)";

        assertTwirpError(egress.startRoomCompositeEgress("class-13", EncodedFileOutput.newBuilder().setFilepath("y.mp4").build(),
                "grid", null, null, false, false, "", AudioMixing.DEFAULT_MIXING).execute(), 500, "internal", notConnected);
        assertTwirpError(egress.listEgress(null, null, null).execute(), 500, "internal", notConnected);
        assertTwirpError(egress.stopEgress(started.getEgressId()).execute(), 500, "internal", notConnected);
        assertTwirpError(egress.updateLayout(started.getEgressId(), "speaker").execute(), 500, "internal", notConnected);
        var noGrant = lk.twirp("livekit.Egress", "ListEgress", "application/json", "{}", "Bearer " + adminToken("class-13"));
        assertThat(noGrant.statusCode()).isEqualTo(401);
    }

    @Test
    void theControlApiTurnsRedisOffAndOnWithoutTouchingTheOtherFaults() throws Exception {
        var off = lk.control("POST", "/emulator/faults", "{\"withoutRedis\":true}", adminToken("x"));
        var listed = egress.listEgress(null, null, null).execute();
        var mode = lk.control("POST", "/emulator/faults", "{\"mode\":\"none\"}", adminToken("x"));
        var stillOff = egress.listEgress(null, null, null).execute();
        var bad = lk.control("POST", "/emulator/faults", "{\"withoutRedis\":\"yes\"}", adminToken("x"));
        var on = lk.control("POST", "/emulator/faults", "{\"withoutRedis\":false}", adminToken("x"));

        assertThat(off.body()).contains("\"withoutRedis\":true");
        assertThat(listed.code()).isEqualTo(500);
        assertThat(mode.body()).contains("\"withoutRedis\":true");
        assertThat(stillOff.code()).isEqualTo(500);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(on.body()).contains("\"withoutRedis\":false");
        assertThat(egress.listEgress(null, null, null).execute().code()).isEqualTo(200);
    }

    @Test
    void theWorkerCleansThePathReplacesItsPlaceholdersAndPutsTheExtensionInPlace() {
        var info = EgressInfo.newBuilder().setEgressId("EG_x").setRoomName("support-1").setRoomId("RM_abc");

        assertThat(Egresses.filename("recordings/{room_name}-{room_id}.mp4", info, ".mp4")).isEqualTo("recordings/support-1-RM_abc.mp4");
        assertThat(Egresses.filename("recordings/{room_name}-{time}", info, ".mp4"))
                .matches("recordings/support-1-\\d{4}-\\d{2}-\\d{2}T\\d{6}\\.mp4");
        assertThat(Egresses.filename("{utc}.ogg", info, ".mp4")).matches("\\d{17}\\.mp4");
        assertThat(Egresses.filename("../../etc/passwd", info, ".mp4")).isEqualTo("etc/passwd.mp4");
        assertThat(Egresses.filename("a/../../b.mp4", info, ".mp4")).isEqualTo("b.mp4");
        assertThat(Egresses.filename("", info, ".mp4")).matches("support-1-\\d{4}-\\d{2}-\\d{2}T\\d{6}\\.mp4");
        assertThat(Egresses.filename("calls/", info, ".mp4")).matches("calls/support-1-.*\\.mp4");
        assertThat(Egresses.filename("notes.txt", info, ".mp4")).isEqualTo("notes.txt.mp4");
        assertThat(Egresses.filename("", EgressInfo.newBuilder(), ".mp4")).startsWith("web-");
    }

    @Test
    void anUnknownRoomIsRefusedBeforeAnyWorkerIsAsked() throws Exception {
        var response = egress.startRoomCompositeEgress("nowhere", EncodedFileOutput.newBuilder().build(), "", null, null,
                false, false, "", AudioMixing.DEFAULT_MIXING).execute();

        assertTwirpError(response, 404, "not_found", "twirp error unknown: requested room does not exist");
        assertThat(lk.emulator.egresses().all()).isEmpty();
    }

    @Test
    void withoutAWorkerAStartWaitsThenAnswersNoResponse() throws Exception {
        lk.join("class-3", "ann", ParticipantInfo.Kind.STANDARD, mic());
        lk.control("POST", "/emulator/egress", "{\"worker\":\"unavailable\"}", adminToken("*"));

        var response = egress.startRoomCompositeEgress("class-3", EncodedFileOutput.newBuilder().build(), "", null, null,
                false, false, "", AudioMixing.DEFAULT_MIXING).execute();

        assertTwirpError(response, 503, "unavailable", "twirp error unknown: no response from servers");
        assertThat(lk.emulator.egresses().all()).isEmpty();
    }

    @Test
    void theRealServerWaitsLongerForAWorkerThanTheJavaSdkReads() {
        var sdkDefaultReadTimeout = Duration.ofSeconds(10);
        assertThat(Egresses.REAL_SERVER_TIMINGS.noWorkerWait()).isGreaterThan(sdkDefaultReadTimeout);
    }

    @Test
    void theNextEgressFailsWhenToldAndEndsWithItsError() throws Exception {
        lk.join("class-4", "ann", ParticipantInfo.Kind.STANDARD, mic());
        lk.emulator.faults().failNextEgress("pipeline failed: no space left on device");

        var started = recordRoom("class-4", "x.mp4");
        var failed = await(started.getEgressId(), EgressStatus.EGRESS_FAILED);

        assertThat(failed.getError()).isEqualTo("pipeline failed: no space left on device");
        assertThat(failed.getErrorCode()).isEqualTo(500);
        assertThat(failed.getEndedAt()).isPositive();
        assertThat(egressEvents(started.getEgressId(), 2)).extracting(WebhookEvent::getEvent).containsExactly("egress_started", "egress_ended");
        var next = recordRoom("class-4", "y.mp4");
        assertThat(await(next.getEgressId(), EgressStatus.EGRESS_ACTIVE).getError()).isEmpty();
    }

    @Test
    void theControlApiMakesTheNextEgressFail() throws Exception {
        lk.join("class-4b", "ann", ParticipantInfo.Kind.STANDARD, mic());
        var answer = lk.control("POST", "/emulator/egress", "{\"failNext\":\"boom\"}", adminToken("*"));
        assertThat(answer.statusCode()).isEqualTo(200);

        var started = recordRoom("class-4b", "x.mp4");

        assertThat(await(started.getEgressId(), EgressStatus.EGRESS_FAILED).getError()).isEqualTo("boom");
    }

    @Test
    void stoppingBeforeThePipelineStartsAborts() throws Exception {
        lk.join("class-5", "ann", ParticipantInfo.Kind.STANDARD, mic());
        lk.emulator.egresses().timings(new Egresses.Timings(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(300)));
        try {
            var started = recordRoom("class-5", "x.mp4");
            var aborted = egress.stopEgress(started.getEgressId()).execute().body();

            assertThat(aborted.getStatus()).isEqualTo(EgressStatus.EGRESS_ABORTED);
            assertThat(aborted.getError()).isEqualTo("Stop called before pipeline could start");
            assertThat(aborted.getErrorCode()).isEqualTo(412);
        } finally {
            lk.emulator.egresses().timings(new Egresses.Timings(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(300)));
        }
    }

    @Test
    void stoppingOneThatEndedIsAFailedPreconditionNamingItsStatus() throws Exception {
        lk.join("class-6", "ann", ParticipantInfo.Kind.STANDARD, mic());
        var started = recordRoom("class-6", "x.mp4");
        await(started.getEgressId(), EgressStatus.EGRESS_ACTIVE);
        egress.stopEgress(started.getEgressId()).execute();
        await(started.getEgressId(), EgressStatus.EGRESS_COMPLETE);

        assertTwirpError(egress.stopEgress(started.getEgressId()).execute(), 412, "failed_precondition",
                "egress with status EGRESS_COMPLETE cannot be stopped");
        assertTwirpError(egress.stopEgress("EG_nothere").execute(), 404, "not_found", "twirp error unknown: egress does not exist");
    }

    @Test
    void listFiltersByRoomByIdAndByActive() throws Exception {
        lk.join("a", "ann", ParticipantInfo.Kind.STANDARD, mic());
        lk.join("b", "bob", ParticipantInfo.Kind.STANDARD, mic());
        var first = recordRoom("a", "1.mp4");
        var second = recordRoom("b", "2.mp4");
        await(first.getEgressId(), EgressStatus.EGRESS_ACTIVE);
        egress.stopEgress(first.getEgressId()).execute();
        await(first.getEgressId(), EgressStatus.EGRESS_COMPLETE);

        assertThat(egress.listEgress().execute().body()).hasSize(2);
        assertThat(egress.listEgress("b").execute().body()).extracting(EgressInfo::getEgressId).containsExactly(second.getEgressId());
        assertThat(egress.listEgress(null, null, true).execute().body()).extracting(EgressInfo::getEgressId)
                .containsExactly(second.getEgressId());
        assertThat(egress.listEgress("b", first.getEgressId(), true).execute().body()).extracting(EgressInfo::getEgressId)
                .containsExactly(first.getEgressId());
        assertTwirpError(egress.listEgress(null, "EG_nothere", null).execute(), 404, "not_found",
                "twirp error unknown: egress does not exist");
    }

    @Test
    void participantTrackCompositeAndTrackEgressRecordAndWebEgressNeedsNoRoom() throws Exception {
        var ann = lk.join("c", "ann", ParticipantInfo.Kind.STANDARD, mic());
        var track = ann.getTracks(0).getSid();

        var participant = egress.startParticipantEgress("c", "ann",
                new EncodedOutputs(EncodedFileOutput.newBuilder().setFilepath("ann.mp4").build(), null, null, null)).execute().body();
        var composite = egress.startTrackCompositeEgress("c", SegmentedFileOutput.newBuilder().setFilenamePrefix("c/seg").build(),
                track, "").execute().body();
        var single = egress.startTrackEgress("c", DirectFileOutput.newBuilder().setFilepath("ann.ogg").build(), track).execute().body();
        var web = egress.startWebEgress("https://example.com/board", StreamOutput.newBuilder()
                .addUrls("rtmp://live.example.com/app/secretkey123").build()).execute().body();

        assertThat(participant.getParticipant().getIdentity()).isEqualTo("ann");
        assertThat(participant.getFileResults(0).getFilename()).isEqualTo("ann.mp4");
        assertThat(composite.getSegmentResults(0).getPlaylistName()).isEqualTo("c/seg.m3u8");
        assertThat(single.getTrack().getTrackId()).isEqualTo(track);
        assertThat(single.getFileResults(0).getFilename()).isEqualTo("ann.ogg");
        assertThat(web.getSourceType()).isEqualTo(EgressSourceType.EGRESS_SOURCE_TYPE_WEB);
        assertThat(web.getRoomName()).isEmpty();
        assertThat(web.getStreamResults(0).getUrl()).isEqualTo("rtmp://live.example.com/app/{sec...123}");
        await(web.getEgressId(), EgressStatus.EGRESS_ACTIVE);
        assertThat(lk.state().participants("c")).extracting(ParticipantInfo::getIdentity).doesNotContain(web.getEgressId());
    }

    @Test
    void updateStreamAddsAndRemovesOutputsAndRefusesAFileEgress() throws Exception {
        var web = egress.startWebEgress("https://example.com/board", StreamOutput.newBuilder()
                .addUrls("rtmp://a.example.com/live/key-one").build()).execute().body();
        await(web.getEgressId(), EgressStatus.EGRESS_ACTIVE);

        var updated = egress.updateStream(web.getEgressId(), List.of("rtmp://b.example.com/live/key-two"),
                List.of("rtmp://a.example.com/live/key-one")).execute().body();

        assertThat(updated.getStreamResultsList()).extracting(StreamInfo::getStatus)
                .containsExactly(StreamInfo.Status.FINISHED, StreamInfo.Status.ACTIVE);
        lk.join("d", "ann", ParticipantInfo.Kind.STANDARD, mic());
        var file = recordRoom("d", "d.mp4");
        assertTwirpError(egress.updateStream(file.getEgressId(), List.of("rtmp://x/y/zzzzzzz"), List.of()).execute(), 400,
                "invalid_argument", "twirp error unknown: UpdateStream called on non-streaming egress");
    }

    @Test
    void updateLayoutSetsTheEgressParticipantsMetadataAndAnswersTheStoredInfo() throws Exception {
        lk.join("e", "ann", ParticipantInfo.Kind.STANDARD, mic());
        var started = recordRoom("e", "e.mp4");
        await(started.getEgressId(), EgressStatus.EGRESS_ACTIVE);

        var answer = egress.updateLayout(started.getEgressId(), "speaker").execute().body();

        assertThat(answer.getRoomComposite().getLayout()).isEqualTo("grid");
        assertThat(lk.state().participant("e", started.getEgressId()).orElseThrow().getMetadata()).isEqualTo("{\"layout\":\"speaker\"}");
    }

    @Test
    void everyMethodNeedsTheRoomRecordGrant() throws Exception {
        lk.join("f", "ann", ParticipantInfo.Kind.STANDARD, mic());
        var admin = lk.twirp("livekit.Egress", "StartRoomCompositeEgress", "application/json", "{\"room_name\":\"f\"}",
                "Bearer " + adminToken("f"));
        var recorder = lk.twirp("livekit.Egress", "ListEgress", "application/json", "{}", "Bearer " + token(new RoomRecord(true)));

        assertThat(admin.statusCode()).isEqualTo(401);
        assertThat(admin.body()).isEqualTo("{\"code\":\"unauthenticated\",\"msg\":\"permissions denied\"}");
        assertThat(recorder.statusCode()).isEqualTo(200);
    }
}
