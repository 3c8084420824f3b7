package dev.roomwarden.emulator;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.livekit.server.IngressAdmin;
import io.livekit.server.IngressServiceClient;
import io.livekit.server.RoomAdmin;
import io.livekit.server.RoomName;
import livekit.LivekitIngress.IngressInfo;
import livekit.LivekitIngress.IngressInput;
import livekit.LivekitIngress.IngressState;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import retrofit2.Response;

import static dev.roomwarden.emulator.EmulatorFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/** livekit.Ingress through the official SDK over HTTP, and the simulated encoder behind it. */
class IngressTest {

    /** Every Ingress refusal is a psrpc error, which xtwirp.ToError turns into this Twirp msg prefix. */
    private static final String PSRPC = "twirp error unknown: ";
    private static final EmulatorFixture lk = new EmulatorFixture();
    private static final IngressServiceClient ingress = IngressServiceClient.createClient(lk.emulator.url(), EmulatorFixture.KEY,
            EmulatorFixture.SECRET);
    private final List<WebhookEvent> events = new CopyOnWriteArrayList<>();

    @AfterAll
    static void stop() {
        lk.close();
    }

    @BeforeEach
    void empty() {
        lk.state().clear();
        lk.state().onEvent(event -> events.add(event.build()));
    }

    private static void assertTwirpError(Response<?> response, int status, String code, String message) throws IOException {
        assertThat(response.isSuccessful()).isFalse();
        assertThat(response.code()).isEqualTo(status);
        assertThat(response.errorBody().string()).isEqualTo("{\"code\":\"" + code + "\",\"msg\":\"" + message + "\"}");
    }

    private static IngressInfo rtmp(String room, String identity) throws IOException {
        return ingress.createIngress("town hall", room, identity, "Town hall", IngressInput.RTMP_INPUT).execute().body();
    }

    private List<String> ingressEvents() {
        return events.stream().map(WebhookEvent::getEvent).filter(e -> e.startsWith("ingress_")).toList();
    }

    @Test
    void anRtmpIngressHasAnIdAStreamKeyAndTheRtmpUrlAndIsInactive() throws IOException {
        var info = rtmp("hall", "stage");

        assertThat(info.getIngressId()).matches("IN_[" + Ids.ALPHABET + "]{12}");
        assertThat(info.getStreamKey()).matches("[" + Ids.ALPHABET + "]{12}");
        assertThat(info.getUrl()).isEqualTo(Ingresses.RTMP_BASE_URL);
        assertThat(info.getReusable()).isTrue();
        assertThat(info.getEnableTranscoding()).isTrue();
        assertThat(info.getState().getStatus()).isEqualTo(IngressState.Status.ENDPOINT_INACTIVE);
        assertThat(info.getRoomName()).isEqualTo("hall");
        assertThat(info.getParticipantIdentity()).isEqualTo("stage");
        assertThat(ingressEvents()).isEmpty();
    }

    @Test
    void aWhipIngressBypassesTranscodingByDefaultAndAUrlOneHasNoStreamKey() throws IOException {
        var whip = ingress.createIngress("w", "hall", "cam", null, IngressInput.WHIP_INPUT).execute().body();
        assertThat(whip.getUrl()).isEqualTo(Ingresses.WHIP_BASE_URL);
        assertThat(whip.getEnableTranscoding()).isFalse();

        var pull = ingress.createIngress("u", "hall", "feed", null, IngressInput.URL_INPUT, null, null, null, null,
                "https://example.com/live.m3u8").execute().body();
        assertThat(pull.getStreamKey()).isEmpty();
        assertThat(pull.getUrl()).isEqualTo("https://example.com/live.m3u8");
        assertThat(pull.getReusable()).isFalse();
    }

    @Test
    void createRefusesWhatTheServerRefuses() throws IOException {
        assertTwirpError(ingress.createIngress("x", "hall", "", null, IngressInput.RTMP_INPUT).execute(),
                400, "invalid_argument", PSRPC + "invalid ingress: no participant identity");
        assertTwirpError(ingress.createIngress("x", "hall", "feed", null, IngressInput.URL_INPUT).execute(),
                400, "invalid_argument", PSRPC + "invalid ingress: missing URL parameter");
        assertTwirpError(ingress.createIngress("x", "hall", "feed", null, IngressInput.URL_INPUT, null, null, null, null,
                "ftp://example.com/a").execute(), 400, "invalid_argument", PSRPC + "invalid ingress: invalid url scheme ftp");
        assertTwirpError(ingress.createIngress("x", "hall", "feed", null, IngressInput.RTMP_INPUT, null, null, null, false).execute(),
                400, "invalid_argument", PSRPC + "invalid transcoding bypass configuration: bypassing transcoding impossible with selected input type");
        assertTwirpError(ingress.createIngress("x", "", "feed", null, IngressInput.URL_INPUT, null, null, null, null,
                "https://example.com/live.m3u8").execute(), 400, "invalid_argument", PSRPC + "invalid ingress: no room name");
        assertThat(ingress.listIngress().execute().body()).isEmpty();
    }

    @Test
    void theDeprecatedBypassTranscodingOfTheRequestIsNotCopiedSoRtmpStillTranscodes() throws IOException {
        var info = ingress.createIngress("x", "hall", "feed", null, IngressInput.RTMP_INPUT, null, null, true, null).execute().body();

        assertThat(info.getEnableTranscoding()).isTrue();
        assertThat(info.getBypassTranscoding()).isFalse();
    }

    @Test
    void withoutRedisCreateAndListAreNotConnectedAndUpdateAndDeletePanicAfterTheGrantCheck() throws IOException {
        var info = rtmp("hall", "stage");
        lk.emulator.faults().withoutRedis(true);
        try {
            assertTwirpError(ingress.createIngress("x", "hall", "feed", null, IngressInput.RTMP_INPUT).execute(), 500, "internal",
                    PSRPC + "ingress not connected (redis required)");
            assertTwirpError(ingress.listIngress().execute(), 500, "internal", PSRPC + "ingress not connected (redis required)");
            assertTwirpError(ingress.updateIngress(info.getIngressId(), "x").execute(), 500, "internal", "Internal service panic");
            assertTwirpError(ingress.deleteIngress(info.getIngressId()).execute(), 500, "internal", "Internal service panic");
            var unknownType = lk.twirp("livekit.Ingress", "CreateIngress", "application/json", "{\"input_type\":7}",
                    "Bearer " + token(new IngressAdmin(true)));
            assertThat(unknownType.body()).contains("invalid ingress type");
            var noGrant = lk.twirp("livekit.Ingress", "ListIngress", "application/json", "{}",
                    "Bearer " + token(new RoomAdmin(true), new RoomName("hall")));
            assertThat(noGrant.statusCode()).isEqualTo(401);
        } finally {
            lk.emulator.faults().withoutRedis(false);
        }
    }

    @Test
    void everyMethodNeedsTheIngressAdminGrantButAnUnknownInputTypeIsRefusedFirst() throws IOException {
        var roomAdmin = "Bearer " + token(new RoomAdmin(true), new RoomName("hall"));
        for (var method : List.of("CreateIngress", "UpdateIngress", "ListIngress", "DeleteIngress")) {
            var response = lk.twirp("livekit.Ingress", method, "application/json", "{}", roomAdmin);
            assertThat(response.statusCode()).as(method).isEqualTo(401);
            assertThat(response.body()).as(method).contains("permissions denied");
        }
        var unknownType = lk.twirp("livekit.Ingress", "CreateIngress", "application/json", "{\"input_type\":7}", roomAdmin);
        assertThat(unknownType.statusCode()).isEqualTo(400);
        assertThat(unknownType.body()).isEqualTo("{\"code\":\"invalid_argument\",\"msg\":\"twirp error unknown: invalid ingress type\"}");

        var granted = lk.twirp("livekit.Ingress", "ListIngress", "application/json", "{}", "Bearer " + token(new IngressAdmin(true)));
        assertThat(granted.statusCode()).isEqualTo(200);
    }

    @Test
    void listFiltersByRoomOrIdAndAnUnknownIdIsNotFound() throws IOException {
        var hall = rtmp("hall", "a");
        rtmp("annex", "b");

        assertThat(ingress.listIngress().execute().body()).hasSize(2);
        assertThat(ingress.listIngress("hall").execute().body()).extracting(IngressInfo::getIngressId).containsExactly(hall.getIngressId());
        assertThat(ingress.listIngress(null, hall.getIngressId()).execute().body()).containsExactly(hall);
        assertTwirpError(ingress.listIngress(null, "IN_unknown").execute(), 404, "not_found", PSRPC + "ingress does not exist");
    }

    @Test
    void updateReplacesNonEmptyFieldsAndRefusesAUrlIngressOrAnUnknownOne() throws IOException {
        var info = rtmp("hall", "stage");

        var updated = ingress.updateIngress(info.getIngressId(), "renamed", "", "", "Main stage").execute().body();
        assertThat(updated.getName()).isEqualTo("renamed");
        assertThat(updated.getRoomName()).isEqualTo("hall");
        assertThat(updated.getParticipantName()).isEqualTo("Main stage");
        assertThat(updated.getStreamKey()).isEqualTo(info.getStreamKey());
        assertThat(ingress.listIngress(null, info.getIngressId()).execute().body()).containsExactly(updated);

        var pull = ingress.createIngress("u", "hall", "feed", null, IngressInput.URL_INPUT, null, null, null, null,
                "srt://example.com:9000").execute().body();
        assertTwirpError(ingress.updateIngress(pull.getIngressId(), "x").execute(), 400, "invalid_argument",
                PSRPC + "ingress is not reusable and cannot be modified");
        assertTwirpError(ingress.updateIngress("IN_unknown", "x").execute(), 404, "not_found", PSRPC + "ingress does not exist");
    }

    @Test
    void aStreamPublishesAnIngressParticipantAndEndingItLeavesWithWebhooks() throws IOException {
        var info = rtmp("hall", "stage");

        var started = lk.control("POST", "/emulator/ingress/" + info.getIngressId() + "/start", null, EmulatorFixture.adminToken("hall"));
        assertThat(started.statusCode()).isEqualTo(200);
        var publishing = ingress.listIngress(null, info.getIngressId()).execute().body().get(0);
        assertThat(publishing.getState().getStatus()).isEqualTo(IngressState.Status.ENDPOINT_PUBLISHING);
        assertThat(publishing.getState().getStartedAt()).isGreaterThan(1_000_000_000_000_000_000L);
        assertThat(publishing.getState().getRoomId()).isEqualTo(lk.state().room("hall").orElseThrow().getSid());
        var participant = lk.sdk.getParticipant("hall", "stage").execute().body();
        assertThat(participant.getKind()).isEqualTo(ParticipantInfo.Kind.INGRESS);
        assertThat(participant.getName()).isEqualTo("Town hall");
        assertThat(participant.getAttributesMap()).containsEntry("ingress.ingressID", info.getIngressId());
        assertThat(participant.getTracksCount()).isEqualTo(2);
        assertThat(participant.getPermission().getCanSubscribe()).isFalse();
        var startedEvent = events.stream().filter(e -> e.getEvent().equals("ingress_started")).findFirst().orElseThrow();
        assertThat(startedEvent.getRoom().getName()).isEqualTo("hall");
        assertThat(startedEvent.getRoom().getSid()).isEmpty();
        assertThat(startedEvent.getIngressInfo()).isEqualTo(publishing);

        var ended = lk.state().stopIngress(info.getIngressId(), "");
        assertThat(ended.getState().getStatus()).isEqualTo(IngressState.Status.ENDPOINT_INACTIVE);
        assertThat(ended.getState().getEndedAt()).isGreaterThanOrEqualTo(ended.getState().getStartedAt());
        assertThat(lk.state().participant("hall", "stage")).isEmpty();
        assertThat(ingressEvents()).containsExactly("ingress_started", "ingress_ended");
    }

    @Test
    void aFailedStreamIsInErrorAndAnUpdateResetsItWithAnIngressEnded() throws IOException {
        var info = rtmp("hall", "stage");
        lk.state().startIngress(info.getIngressId());

        var failed = lk.control("POST", "/emulator/ingress/" + info.getIngressId() + "/stop", "{\"error\":\"bad codec\"}",
                EmulatorFixture.adminToken("hall"));
        assertThat(failed.statusCode()).isEqualTo(200);
        var inError = ingress.listIngress(null, info.getIngressId()).execute().body().get(0);
        assertThat(inError.getState().getStatus()).isEqualTo(IngressState.Status.ENDPOINT_ERROR);
        assertThat(inError.getState().getError()).isEqualTo("bad codec");

        var reset = ingress.updateIngress(info.getIngressId(), "again").execute().body();
        assertThat(reset.getState().getStatus()).isEqualTo(IngressState.Status.ENDPOINT_INACTIVE);
        assertThat(ingressEvents()).containsExactly("ingress_started", "ingress_ended", "ingress_ended");
    }

    @Test
    void aUrlIngressCompletesAndDeletingAnActiveOneStopsItAndAnswersInactive() throws IOException {
        var pull = ingress.createIngress("u", "hall", "feed", null, IngressInput.URL_INPUT, null, null, null, null,
                "http://example.com/a.mp4").execute().body();
        lk.state().startIngress(pull.getIngressId());
        assertThat(lk.state().stopIngress(pull.getIngressId(), "").getState().getStatus()).isEqualTo(IngressState.Status.ENDPOINT_COMPLETE);

        var live = rtmp("hall", "stage");
        lk.state().startIngress(live.getIngressId());
        var deleted = ingress.deleteIngress(live.getIngressId()).execute().body();
        assertThat(deleted.getState().getStatus()).isEqualTo(IngressState.Status.ENDPOINT_INACTIVE);
        assertThat(lk.state().participant("hall", "stage")).isEmpty();
        assertThat(ingress.listIngress().execute().body()).extracting(IngressInfo::getIngressId).containsExactly(pull.getIngressId());
        assertTwirpError(ingress.deleteIngress(live.getIngressId()).execute(), 404, "not_found", PSRPC + "ingress does not exist");
    }

    @Test
    void theControlApiRefusesToStartAnUnknownOrAlreadyPublishingIngress() throws IOException {
        var info = rtmp("hall", "stage");
        var admin = EmulatorFixture.adminToken("hall");
        assertThat(lk.control("POST", "/emulator/ingress/IN_unknown/start", null, admin).statusCode()).isEqualTo(404);
        assertThat(lk.control("POST", "/emulator/ingress/" + info.getIngressId() + "/stop", null, admin).statusCode()).isEqualTo(412);
        lk.state().startIngress(info.getIngressId());
        assertThat(lk.control("POST", "/emulator/ingress/" + info.getIngressId() + "/start", null, admin).statusCode()).isEqualTo(412);
    }
}
