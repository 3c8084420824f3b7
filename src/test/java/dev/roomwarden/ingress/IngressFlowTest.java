package dev.roomwarden.ingress;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.roomwarden.FlowTest;
import dev.roomwarden.StaffBrowser;
import dev.roomwarden.livekit.LiveKitGateway;
import livekit.LivekitIngress.IngressInfo;
import livekit.LivekitIngress.IngressInput;
import livekit.LivekitIngress.IngressState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The /ingress page over real HTTP through the SDK to the embedded emulator: creating each input type, what is
 * refused before LiveKit is asked, the stream key shown once and then only masked, revealing and deleting (audited),
 * roles, the list following ingress webhooks, and a LiveKit without the Ingress service.
 */
@ExtendWith(OutputCaptureExtension.class)
class IngressFlowTest extends FlowTest {

    private static final Pattern INGRESS_ID = Pattern.compile("IN_[A-Za-z0-9]+");

    @Autowired
    LiveKitGateway livekit;

    private static Map<String, String> form(String input, String name, String room, String identity, String transcoding, String url) {
        return Map.of("inputType", input, "name", name, "room", room, "identity", identity, "participantName", "Stage " + identity,
                "transcoding", transcoding, "url", url);
    }

    private List<IngressInfo> inLiveKit() {
        livekit.ingressChanged();
        return livekit.listIngress();
    }

    private IngressInfo only() {
        var all = inLiveKit();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private StaffBrowser admin() {
        return loggedIn("admin", "/ingress");
    }

    @Test
    void anAdministratorCreatesAnRtmpIngressAndSeesItsStreamKeyOnceThenOnlyMasked(CapturedOutput log) {
        var admin = admin();
        var created = admin.postForm("/ingress", form("RTMP", "town hall", "all-hands", "stage", "default", ""));

        var ingress = only();
        assertThat(ingress.getInputType()).isEqualTo(IngressInput.RTMP_INPUT);
        assertThat(ingress.getRoomName()).isEqualTo("all-hands");
        assertThat(ingress.getParticipantIdentity()).isEqualTo("stage");
        assertThat(ingress.getParticipantName()).isEqualTo("Stage stage");
        assertThat(ingress.getEnableTranscoding()).as("LiveKit's default for RTMP").isTrue();
        var key = ingress.getStreamKey();
        assertThat(key).isNotEmpty();
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(created.body()).contains("Ingress created", ingress.getIngressId(), ingress.getUrl(), key);

        var record = lastAudited();
        assertThat(record.get("ACTION")).isEqualTo("CREATE_INGRESS");
        assertThat(record.get("OUTCOME")).isEqualTo("DONE");
        assertThat(record.get("ROOM")).isEqualTo("all-hands");
        assertThat((String) record.get("DETAIL")).startsWith(ingress.getIngressId() + " · RTMP ingress “town hall” into room “all-hands”");

        var seen = new ArrayList<HttpResponse<String>>();
        seen.add(admin.get("/ingress"));
        seen.add(admin.getHtmx("/ingress"));
        seen.add(admin.get("/ingress/" + ingress.getIngressId() + "/delete"));
        seen.add(admin.get("/audit"));
        seen.add(admin.get("/rooms"));
        assertThat(seen.get(0).body()).contains(ingress.getIngressId(), "town hall", "inactive", "/rooms/all-hands", "stage",
                ingress.getUrl(), "••••••••", "Show key");
        for (var page : seen) {
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body() + page.headers().map()).as(page.uri().toString()).doesNotContain(key);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_record WHERE detail LIKE ? OR reason LIKE ?")
                .params("%" + key + "%", "%" + key + "%").query(Long.class).single()).isZero();
        assertThat(log.getAll()).doesNotContain(key);
    }

    @Test
    void whipTranscodesOnlyWhenAskedAndUrlInputPullsTheGivenUrl() {
        var admin = admin();
        assertThat(admin.postForm("/ingress", form("WHIP", "browser cam", "studio", "cam-1", "default", "")).statusCode()).isEqualTo(200);
        var whip = only();
        assertThat(whip.getInputType()).isEqualTo(IngressInput.WHIP_INPUT);
        assertThat(whip.getEnableTranscoding()).as("LiveKit's default for WHIP").isFalse();

        admin.get("/ingress");
        var url = admin.postHtmx("/ingress", form("URL", "film", "cinema", "projector", "on",
                "https://media.example.com/film.m3u8?token=secret-7"));
        assertThat(url.statusCode()).isEqualTo(200);
        assertThat(url.headers().firstValue("HX-Retarget")).hasValue("#dialog");
        assertThat(url.headers().firstValue("Cache-Control")).hasValue("no-store");
        var pulled = inLiveKit().stream().filter(i -> i.getInputType() == IngressInput.URL_INPUT).findFirst().orElseThrow();
        assertThat(pulled.getUrl()).isEqualTo("https://media.example.com/film.m3u8?token=secret-7");
        assertThat(pulled.getEnableTranscoding()).isTrue();
        assertThat(pulled.getStreamKey()).isEmpty();
        assertThat(url.body()).contains("<dialog", "Pulls from", pulled.getIngressId(), "film.m3u8?token=secret-7")
                .doesNotContain("Stream key</dt>");
        // Where it pulls from is in the audit log by host only: a path or query may carry a token.
        assertThat((String) lastAudited().get("DETAIL")).startsWith(pulled.getIngressId() + " · URL ingress")
                .contains("from https://media.example.com").doesNotContain("secret-7");
        // Every member of staff sees the list: a URL input's query (a token, often) is not on it.
        var list = loggedIn("viewer", "/ingress").get("/ingress").body();
        assertThat(list).contains("https://media.example.com/film.m3u8?…").doesNotContain("secret-7");

        admin.get("/ingress");
        assertThat(admin.postForm("/ingress", form("WHIP", "passthrough", "studio", "cam-2", "off", "")).statusCode()).isEqualTo(200);
        assertThat(inLiveKit()).filteredOn(i -> i.getParticipantIdentity().equals("cam-2")).singleElement()
                .satisfies(i -> assertThat(i.getEnableTranscoding()).isFalse());
    }

    @Test
    void whatLiveKitWouldRefuseIsExplainedAndNothingIsCreated() {
        var admin = admin();
        var refusals = Map.of(
                "Only WHIP input can skip transcoding", form("RTMP", "x", "studio", "cam", "off", ""),
                "LiveKit pulls only http://, https:// and srt://", form("URL", "x", "studio", "cam", "default", "file:///etc/passwd"),
                "URL input needs the URL", form("URL", "x", "studio", "cam", "default", ""),
                "only for URL input", form("RTMP", "x", "studio", "cam", "default", "https://example.com/a"),
                "The participant identity is empty", form("RTMP", "x", "studio", " ", "default", ""),
                "The room name is empty", form("WHIP", "x", "", "cam", "default", ""),
                "Choose the input", form("SRT", "x", "studio", "cam", "default", ""));
        refusals.forEach((sentence, fields) -> {
            var answer = admin.postForm("/ingress", fields);
            assertThat(answer.statusCode()).as(sentence).isEqualTo(400);
            assertThat(answer.body()).as(sentence).contains(sentence);
        });
        assertThat(inLiveKit()).isEmpty();
        assertThat(audited("action = 'CREATE_INGRESS'")).isEmpty();
    }

    @Test
    void anAdministratorShowsTheStreamKeyAgainWhichIsAudited(CapturedOutput log) {
        var admin = admin();
        admin.postForm("/ingress", form("RTMP", "town hall", "all-hands", "stage", "default", ""));
        var ingress = only();
        admin.get("/ingress");

        var shown = admin.postHtmx("/ingress/" + ingress.getIngressId() + "/reveal", Map.of());

        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(shown.headers().firstValue("HX-Retarget")).hasValue("#dialog");
        assertThat(shown.body()).contains("Stream key", ingress.getStreamKey(), ingress.getUrl());
        var record = lastAudited();
        assertThat(record.get("ACTION")).isEqualTo("REVEAL_STREAM_KEY");
        assertThat(record.get("USERNAME")).isEqualTo("admin");
        assertThat(record.get("ROOM")).isEqualTo("all-hands");
        assertThat((String) record.get("DETAIL")).startsWith(ingress.getIngressId()).doesNotContain(ingress.getStreamKey());
        assertThat(admin.get("/ingress").body()).doesNotContain(ingress.getStreamKey());
        assertThat(log.getAll()).doesNotContain(ingress.getStreamKey());

        var plain = admin.postForm("/ingress/" + ingress.getIngressId() + "/reveal", Map.of());
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).contains(ingress.getStreamKey(), "<html");
    }

    @Test
    void anAdministratorDeletesAnIngressWithConfirmationAndItsStreamStops() {
        var admin = admin();
        admin.postForm("/ingress", form("RTMP", "town hall", "all-hands", "stage", "default", ""));
        var ingress = only();
        emulator.state().startIngress(ingress.getIngressId());
        assertThat(emulator.state().participant("all-hands", "stage")).isPresent();

        var confirmation = admin.getHtmx("/ingress/" + ingress.getIngressId() + "/delete");
        assertThat(confirmation.body()).contains("<dialog", "Delete the ingress", "publishing", "Its stream stops now", "Reason");
        var deleted = admin.postForm("/ingress/" + ingress.getIngressId() + "/delete", Map.of("reason", "town hall is over"));

        assertThat(deleted.statusCode()).isEqualTo(302);
        assertThat(admin.follow(deleted).body()).contains("is deleted", "No ingress");
        assertThat(inLiveKit()).isEmpty();
        assertThat(emulator.state().participant("all-hands", "stage")).isEmpty();
        var record = lastAudited();
        assertThat(record.get("ACTION")).isEqualTo("DELETE_INGRESS");
        assertThat(record.get("OUTCOME")).isEqualTo("DONE");
        assertThat(record.get("REASON")).isEqualTo("town hall is over");
        assertThat((String) record.get("DETAIL")).startsWith(ingress.getIngressId());

        // The list the admin left goes on refreshing itself until the next page has loaded: the message waits for that page.
        var again = admin.postHtmx("/ingress/" + ingress.getIngressId() + "/delete", Map.of());
        assertThat(again.headers().firstValue("HX-Redirect")).hasValue("/ingress");
        assertThat(admin.getHtmx("/ingress").body()).doesNotContain("was already gone");
        assertThat(admin.get("/ingress").body()).contains("was already gone");
        assertThat(lastAudited().get("OUTCOME")).isEqualTo("ALREADY_GONE");
    }

    @Test
    void viewersAndModeratorsSeeIngressesButCannotCreateRevealOrDelete() {
        admin().postForm("/ingress", form("RTMP", "town hall", "all-hands", "stage", "default", ""));
        var ingress = only();
        for (var role : List.of("viewer", "moderator")) {
            var staff = loggedIn(role, "/ingress");
            var list = staff.get("/ingress");
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).as(role).contains(ingress.getIngressId(), "town hall", "••••••••")
                    .doesNotContain("New ingress", "Show key", "Delete…", ingress.getStreamKey());
            assertThat(staff.get("/ingress/new").statusCode()).as(role).isEqualTo(403);
            assertThat(staff.postForm("/ingress", form("RTMP", "mine", "all-hands", role, "default", "")).statusCode()).isEqualTo(403);
            var reveal = staff.postForm("/ingress/" + ingress.getIngressId() + "/reveal", Map.of());
            assertThat(reveal.statusCode()).as(role).isEqualTo(403);
            assertThat(reveal.body()).doesNotContain(ingress.getStreamKey());
            assertThat(staff.get("/ingress/" + ingress.getIngressId() + "/delete").statusCode()).isEqualTo(403);
            assertThat(staff.postForm("/ingress/" + ingress.getIngressId() + "/delete", Map.of()).statusCode()).isEqualTo(403);
        }
        assertThat(inLiveKit()).hasSize(1);
        assertThat(audited("outcome = 'DENIED'")).extracting(r -> r.get("ACTION") + " " + r.get("USERNAME"))
                .contains("CREATE_INGRESS viewer", "REVEAL_STREAM_KEY viewer", "DELETE_INGRESS viewer",
                        "CREATE_INGRESS moderator", "REVEAL_STREAM_KEY moderator", "DELETE_INGRESS moderator");
    }

    @Test
    void theListFollowsIngressWebhooks() throws InterruptedException {
        admin().postForm("/ingress", form("RTMP", "town hall", "all-hands", "stage", "default", ""));
        var ingress = only();
        var viewer = loggedIn("viewer", "/ingress");
        assertThat(viewer.get("/ingress").body()).contains("inactive");

        try (var stream = viewer.stream("/ingress")) {
            assertThat(stream.status()).isEqualTo(200);
            emulator.state().startIngress(ingress.getIngressId());
            assertThat(nextWith(stream, "publishing")).as("pushed after ingress_started").isTrue();
            emulator.state().stopIngress(ingress.getIngressId(), "bad codec <b>");
            assertThat(nextWith(stream, "bad codec &lt;b&gt;")).as("pushed after ingress_ended, escaped").isTrue();
        }
        assertThat(livekit.listIngress().get(0).getState().getStatus()).isEqualTo(IngressState.Status.ENDPOINT_ERROR);
        // LiveKit's ingress webhooks carry the stream key; history keeps them without it (stored after the push went out).
        var stored = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT event_json FROM history_event WHERE event_type IN ('ingress_started', 'ingress_ended')")
                .query(String.class).list(), events -> events.stream().filter(json -> json.contains(ingress.getIngressId())).count() == 2);
        assertThat(stored).noneMatch(json -> json.contains(ingress.getStreamKey()));
    }

    /** Whether an ingress-table event containing {@code text} arrives within 10 s (a loaded machine included). */
    private static boolean nextWith(dev.roomwarden.EventStream stream, String text) throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var event = stream.next("ingress-table", Duration.ofNanos(deadline - System.nanoTime()));
            if (event != null && event.data().contains(text)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aLiveKitWithoutTheIngressServiceSaysSoOnTheListTheFormAndAfterCreating() {
        emulator.faults().withoutRedis(true);
        var admin = admin();

        assertThat(admin.get("/ingress").body()).contains("Streaming in (ingress) is not available on this LiveKit server",
                "LiveKit needs Redis").doesNotContain("LiveKit problem");
        assertThat(admin.getHtmx("/ingress/new").body()).contains("<dialog", "is not available on this LiveKit server");
        var created = admin.postForm("/ingress", form("RTMP", "town hall", "all-hands", "stage", "default", ""));
        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(admin.follow(created).body()).contains("is not available on this LiveKit server");
        var record = lastAudited();
        assertThat(record.get("ACTION")).isEqualTo("CREATE_INGRESS");
        assertThat(record.get("OUTCOME")).isEqualTo("FAILED");
        assertThat((String) record.get("DETAIL")).contains("ingress not connected");
    }
}
