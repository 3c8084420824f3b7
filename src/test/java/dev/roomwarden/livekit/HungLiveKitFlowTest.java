package dev.roomwarden.livekit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.roomwarden.FlowTest;
import dev.roomwarden.StaffBrowser;
import dev.roomwarden.emulator.FaultMode;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a read timeout of 60 s, LiveKit fails once (a 503, as a server going down does) and then hangs. Every page
 * and action that follows answers without waiting for it. (NotAnsweringFlowTest has the first call meet the hang
 * itself, with FlowTest's 1 s timeout.)
 */
@TestPropertySource(properties = {
        "roomwarden.livekit.read-timeout=60s",
        "spring.datasource.url=jdbc:h2:mem:flow-hung-livekit;DB_CLOSE_DELAY=-1"})
class HungLiveKitFlowTest extends FlowTest {

    private StaffBrowser admin;

    /** Outside the test's time bound: logging in hashes a password, slow on a loaded machine. */
    @BeforeEach
    void anAdminHasSeenASupportChatThenLiveKitFailsAndHangs() {
        emulator.state().addParticipant("support-1", new ParticipantSpec("agent-1", "", ParticipantInfo.Kind.AGENT, "", Map.of(), List.of()));
        emulator.state().addParticipant("support-1", new ParticipantSpec("customer-7", "Kim", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
        admin = loggedIn("admin", "/rooms");
        admin.get("/rooms/support-1");
        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO);
        assertThat(admin.get("/rooms").body()).contains("says it is unavailable right now");
        emulator.faults().set(FaultMode.SLOW, Duration.ofMinutes(5));
    }

    /** Any one request that waited for LiveKit would take the whole 60 s read timeout, past this bound. */
    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void pagesAnswerFromTheLastStateSeenAndActionsAreRefusedWithoutWaitingForAHungLiveKit() {

        for (var page : List.of(admin.get("/rooms"), admin.getHtmx("/rooms"), admin.get("/rooms/support-1"), admin.getHtmx("/rooms/support-1"))) {
            assertThat(page.statusCode()).as(page.uri().toString()).isEqualTo(200);
            assertThat(page.body()).as(page.uri().toString()).contains("LiveKit problem", "support-1", "says it is unavailable right now")
                    .containsPattern("As of \\d+ s ago: ");
        }
        assertThat(admin.get("/rooms/support-1").body()).contains("customer-7", "agent-1", "Agent dispatches");

        var removal = admin.postHtmx("/rooms/support-1/participants/customer-7/remove", Map.of("reason", "spam"));
        assertThat(removal.body()).contains("was not removed", "is not answering").doesNotContain("was removed from");
        var ending = admin.postForm("/rooms/support-1/delete", Map.of());
        assertThat(admin.follow(ending).body()).contains("was not ended", "is not answering");

        assertThat(audited("action IN ('REMOVE_PARTICIPANT', 'DELETE_ROOM')")).extracting(r -> r.get("OUTCOME"), r -> r.get("DETAIL"))
                .containsOnly(org.assertj.core.groups.Tuple.tuple("FAILED", "NOT_ANSWERING")).hasSize(2);
        assertThat(emulator.state().participants("support-1")).extracting(ParticipantInfo::getIdentity).contains("customer-7");
    }
}
