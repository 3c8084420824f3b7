package dev.roomwarden.audit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.roomwarden.EventStream;
import dev.roomwarden.FlowTest;
import dev.roomwarden.emulator.FaultMode;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An action LiveKit does not answer in time (the read timeout is 1 s here) may still have been carried out:
 * staff are told so, its audit record says the outcome is unknown, and once Roomwarden has read LiveKit
 * again (1, 2 and 5 s after the timeout here) the record, and the room's open pages, say what came of it.
 */
class TimedOutActionFlowTest extends FlowTest {

    /** Generous: the last re-read is 5 s after a 1 s timeout; a loaded two-core machine may take longer. */
    private static final Duration SETTLED_WITHIN = Duration.ofSeconds(20);

    @BeforeEach
    void aCustomerInASupportChat() {
        emulator.state().addParticipant("support-7", new ParticipantSpec("ann", "Ann", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));
    }

    @Test
    void aRemovalLiveKitCarriedOutButAnsweredTooLateIsFirstUnknownThenConfirmedDone() throws Exception {
        var moderator = loggedIn("moderator", "/rooms/support-7");
        emulator.faults().set(FaultMode.LATE, Duration.ofSeconds(3), "RemoveParticipant");

        var removal = moderator.postHtmx("/rooms/support-7/participants/ann/remove", Map.of("reason", "abusive"));
        emulator.faults().reset();

        assertThat(removal.statusCode()).isEqualTo(200);
        assertThat(removal.body()).contains("LiveKit did not answer in time; Roomwarden is checking whether it was done")
                .doesNotContain("was not removed").doesNotContain("was removed from");
        var record = lastAudited();
        assertThat(record.get("ACTION")).isEqualTo("REMOVE_PARTICIPANT");
        assertThat(record.get("OUTCOME")).isEqualTo("UNKNOWN");
        assertThat((String) record.get("DETAIL")).startsWith("outcome unknown: LiveKit did not answer in time");
        assertThat(removal.body()).as("the room's recent actions").contains("rw-outcome-unknown");
        assertThat(moderator.get("/audit").body()).contains("outcome unknown");

        var settled = settled(record.get("ID"));
        assertThat(settled.get("OUTCOME")).isEqualTo("DONE");
        assertThat((String) settled.get("DETAIL")).isEqualTo("done, confirmed after a timeout");
        assertThat(emulator.state().participant("support-7", "ann")).isEmpty();
    }

    @Test
    void anEndedRoomLiveKitGotToOnlyAfterTheTimeoutSettlesAsDone() throws Exception {
        var admin = loggedIn("admin", "/rooms/support-7");
        emulator.faults().set(FaultMode.SLOW, Duration.ofMillis(2500), "DeleteRoom");

        var ending = admin.follow(admin.postForm("/rooms/support-7/delete", Map.of("reason", "incident closed")));
        emulator.faults().reset();

        assertThat(ending.body()).contains("LiveKit did not answer in time; Roomwarden is checking whether it was done")
                .doesNotContain("was not ended");
        var record = lastAudited();
        assertThat(record.get("OUTCOME")).isEqualTo("UNKNOWN");
        assertThat(emulator.state().room("support-7")).as("not yet: LiveKit is still on it").isPresent();

        assertThat(settled(record.get("ID")).get("OUTCOME")).isEqualTo("DONE");
        assertThat(emulator.state().room("support-7")).isEmpty();
    }

    @Test
    void aRemovalLiveKitNeverCarriedOutSettlesAsFailedAndTheOpenRoomPageShowsIt() throws Exception {
        var moderator = loggedIn("moderator", "/rooms/support-7");
        try (var stream = moderator.stream("/rooms/support-7")) {
            emulator.faults().set(FaultMode.HANG, Duration.ZERO, "RemoveParticipant");

            var removal = moderator.postHtmx("/rooms/support-7/participants/ann/remove", Map.of("reason", "abusive"));
            emulator.faults().reset();

            assertThat(removal.body()).contains("LiveKit did not answer in time; Roomwarden is checking whether it was done");
            var record = lastAudited();
            assertThat(record.get("OUTCOME")).isEqualTo("UNKNOWN");

            var settled = settled(record.get("ID"));
            assertThat(settled.get("OUTCOME")).isEqualTo("FAILED");
            assertThat((String) settled.get("DETAIL")).startsWith("not done: LiveKit did not answer in time, and had not done it");
            assertThat(emulator.state().participant("support-7", "ann")).isPresent();
            assertThat(pushWith(stream, "rw-outcome-failed")).as("the open room page is pushed the settled record").isNotNull();
        }
    }

    @Test
    void aMessageCannotBeCheckedAfterwardsAndSaysSo() {
        var moderator = loggedIn("moderator", "/rooms/support-7");
        emulator.faults().set(FaultMode.HANG, Duration.ZERO, "SendData");

        var sent = moderator.postHtmx("/rooms/support-7/message", Map.of("text", "a human is joining"));
        emulator.faults().reset();

        assertThat(sent.body()).contains("LiveKit did not answer in time, so Roomwarden cannot tell whether it was done");
        var record = lastAudited();
        assertThat(record.get("OUTCOME")).isEqualTo("UNKNOWN");
        assertThat((String) record.get("DETAIL")).contains("cannot be checked afterwards");
    }

    /** The record once it is no longer "outcome unknown". */
    private Map<String, Object> settled(Object id) throws InterruptedException {
        var deadline = System.nanoTime() + SETTLED_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            var record = audited("id = ?", id).get(0);
            if (!"UNKNOWN".equals(record.get("OUTCOME"))) {
                return record;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("audit record " + id + " still has an unknown outcome after " + SETTLED_WITHIN);
    }

    private static EventStream.Event pushWith(EventStream stream, String text) throws InterruptedException {
        var deadline = System.nanoTime() + SETTLED_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            var next = stream.next("room-live", Duration.ofNanos(deadline - System.nanoTime()));
            if (next != null && next.data().contains(text)) {
                return next;
            }
        }
        return null;
    }
}
