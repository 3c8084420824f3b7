package dev.roomwarden.livekit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.roomwarden.FlowTest;
import dev.roomwarden.StaffBrowser;
import dev.roomwarden.emulator.FaultMode;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A LiveKit that hangs (FlowTest's read timeout is 1 s): the first page to meet it waits that once; then pages
 * show the last state Roomwarden saw, with its age, and when LiveKit answers again the banner goes by itself.
 */
class NotAnsweringFlowTest extends FlowTest {

    @BeforeEach
    void aSupportChatThatStaffHaveSeen() {
        emulator.state().addParticipant("support-1", new ParticipantSpec("agent-1", "", ParticipantInfo.Kind.AGENT, "", Map.of(), List.of()));
        emulator.state().addParticipant("support-1", new ParticipantSpec("customer-7", "Kim", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
    }

    @Test
    void whileLiveKitHangsPagesShowTheLastStateSeenAndWhenItIsBackTheBannerGoesWithoutAnyoneActing() throws Exception {
        var moderator = loggedIn("moderator", "/rooms");
        assertThat(moderator.get("/rooms/support-1").body()).contains("customer-7").doesNotContain("LiveKit problem");

        emulator.faults().set(FaultMode.SLOW, Duration.ofSeconds(20));
        emulator.state().addParticipant("support-1", new ParticipantSpec("late-joiner", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));

        for (var page : List.of(moderator.get("/rooms"), moderator.getHtmx("/rooms"), moderator.get("/rooms/support-1"),
                moderator.getHtmx("/rooms/support-1"))) {
            assertThat(page.statusCode()).as(page.uri().toString()).isEqualTo(200);
            assertThat(page.body()).as(page.uri().toString()).contains("LiveKit problem", "support-1", "did not answer in time",
                    "This is the last state Roomwarden saw").containsPattern("As of \\d+ s ago: ").doesNotContain("Something went wrong");
        }
        var room = moderator.get("/rooms/support-1").body();
        assertThat(room).as("the participants as last seen").contains("customer-7", "agent-1").doesNotContain("late-joiner");

        emulator.faults().reset();
        var back = eventually(() -> moderator.getHtmx("/rooms/support-1"), p -> !p.body().contains("LiveKit problem"));
        assertThat(back.body()).as("LiveKit's own answer again").doesNotContain("LiveKit problem", "As of").contains("late-joiner");
        assertThat(moderator.get("/rooms").body()).doesNotContain("LiveKit problem");
    }

    @Test
    void anOpenPageIsSentLiveKitsOwnStateAsSoonAsTheProbeFindsItBack() throws Exception {
        var viewer = loggedIn("viewer", "/rooms/support-1");
        try (var stream = viewer.stream("/rooms/support-1")) {
            // Longer than the read timeout (1 s), short enough not to hold the emulator's threads after the test.
            emulator.faults().set(FaultMode.SLOW, Duration.ofSeconds(3));
            assertThat(viewer.getHtmx("/rooms/support-1").body()).contains("LiveKit problem");
            emulator.state().addParticipant("support-1", new ParticipantSpec("late-joiner", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));

            emulator.faults().reset();
            // No webhook comes after LiveKit is back: the probe's answer is what brings the page up to date.
            var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String fresh = null;
            while (fresh == null && System.nanoTime() < deadline) {
                var event = stream.next("room-live", Duration.ofSeconds(1));
                if (event != null && event.data().contains("late-joiner") && !event.data().contains("LiveKit problem")) {
                    fresh = event.data();
                }
            }
            assertThat(fresh).as("a push of the room as LiveKit has it, without the banner").isNotNull();
        }
    }

    @Test
    void aPageThatRoomwardenHasNotSeenYetSaysWhyAtOnceAndAnActionIsRefusedWithTheReasonAndAudited() {
        var admin = loggedIn("admin", "/rooms/support-1");
        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO);
        assertThat(admin.get("/rooms").body()).contains("As of", "says it is unavailable right now");
        emulator.faults().set(FaultMode.SLOW, Duration.ofSeconds(20));
        var before = emulator.calls("RemoveParticipant");

        var neverSeen = admin.get("/rooms/class-9");
        assertThat(neverSeen.statusCode()).isEqualTo(200);
        assertThat(neverSeen.body()).contains("LiveKit problem", "is not answering", "says it is unavailable right now");

        var removal = admin.postHtmx("/rooms/support-1/participants/agent-1/remove", Map.of("reason", "spam"));
        assertThat(removal.statusCode()).isEqualTo(200);
        assertThat(removal.body()).contains("was not removed", "is not answering, so Roomwarden did not send this")
                .doesNotContain("was removed from");
        assertThat(emulator.calls("RemoveParticipant")).as("not sent").isEqualTo(before);
        assertThat(emulator.state().participants("support-1")).extracting(ParticipantInfo::getIdentity).contains("agent-1");
        assertThat(lastAudited()).containsEntry("ACTION", "REMOVE_PARTICIPANT").containsEntry("OUTCOME", "FAILED")
                .containsEntry("REASON", "spam").containsEntry("DETAIL", "NOT_ANSWERING");
    }

    @Test
    void readinessIsDownAtOnceWhileLiveKitIsNotAnsweringAndUpWhenTheProbeFindsItBack() throws Exception {
        var admin = loggedIn("admin", "/rooms");
        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO);
        admin.get("/rooms");
        emulator.faults().set(FaultMode.SLOW, Duration.ofSeconds(20));
        // Past the health check's own cache time (1 s here); a check that asked the hung LiveKit would say TIMEOUT.
        var health = eventually(() -> readiness(admin), p -> p.statusCode() == 503);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).as("the breaker's reason, at once").contains("\"failure\":\"UNAVAILABLE\"", "notAnsweringSince");

        emulator.faults().reset();
        assertThat(eventually(() -> readiness(admin), p -> p.statusCode() == 200).statusCode()).isEqualTo(200);
    }

    /** As a monitoring client asks, with the ADMIN's session so that the answer says why. */
    private HttpResponse<String> readiness(StaffBrowser admin) {
        var session = admin.cookies().getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("ROOMWARDEN_SESSION")).findFirst().orElseThrow().getValue();
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                    .header("Cookie", "ROOMWARDEN_SESSION=" + session).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> eventually(Supplier<HttpResponse<String>> ask,
            java.util.function.Predicate<HttpResponse<String>> done) throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        var answer = ask.get();
        while (!done.test(answer) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            answer = ask.get();
        }
        return answer;
    }

}
