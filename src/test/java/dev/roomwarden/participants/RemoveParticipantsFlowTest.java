package dev.roomwarden.participants;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.roomwarden.FlowTest;
import dev.roomwarden.emulator.FaultMode;
import dev.roomwarden.emulator.ParticipantSpec;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Removing several participants with one confirmation, over real HTTP through the SDK to the embedded
 * emulator: the ticked ones or every agent, each audited on its own with one batch id, and what came of
 * each reported, failures included.
 */
class RemoveParticipantsFlowTest extends FlowTest {

    private static final String ROOM_PAGE = "/rooms/class-3";
    private static final String PATH = ROOM_PAGE + "/remove-participants";

    @BeforeEach
    void aClassWithTwoAgents() {
        join("student-1", ParticipantInfo.Kind.STANDARD);
        join("student-2", ParticipantInfo.Kind.STANDARD);
        join("teacher", ParticipantInfo.Kind.STANDARD);
        join("tutor-bot", ParticipantInfo.Kind.AGENT);
        join("notes-bot", ParticipantInfo.Kind.AGENT);
    }

    private void join(String identity, ParticipantInfo.Kind kind) {
        emulator.state().addParticipant("class-3", new ParticipantSpec(identity, "", kind, "", Map.of(), List.of()));
    }

    private List<String> inRoom() {
        return emulator.state().participants("class-3").stream().map(ParticipantInfo::getIdentity).toList();
    }

    private List<Map<String, Object>> records() {
        return audited("action = 'REMOVE_PARTICIPANT'");
    }

    private static List<Map.Entry<String, String>> ticked(String... identities) {
        var fields = new java.util.ArrayList<Map.Entry<String, String>>();
        for (var identity : identities) {
            fields.add(Map.entry("identity", identity));
        }
        return fields;
    }

    @Test
    void aModeratorSeesCheckboxesAndARemoveAllAgentsButton() {
        var page = loggedIn("moderator", ROOM_PAGE).get("/rooms/class-3").body();

        assertThat(page).contains("id=\"bulk-participants\"", "name=\"identity\" form=\"bulk-participants\"",
                "value=\"student-1\"", "Remove selected…", "Remove all <span>2</span> agents");
    }

    @Test
    void aViewerSeesNoCheckboxesAndCannotRemoveByAForgedRequest() {
        var viewer = loggedIn("viewer", ROOM_PAGE);
        assertThat(viewer.get("/rooms/class-3").body()).doesNotContain("bulk-participants", "Remove selected");

        var answer = viewer.postHtmx(PATH, ticked("student-1", "student-2"));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(inRoom()).contains("student-1", "student-2");
        assertThat(records()).singleElement().satisfies(r -> assertThat(r).containsEntry("OUTCOME", "DENIED"));
    }

    @Test
    void theConfirmationListsExactlyTheTickedParticipantsStillInTheRoom() {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        emulator.state().removeParticipant("class-3", "student-2");

        var dialog = moderator.getHtmx(PATH + "?identity=student-1&identity=student-2&identity=teacher").body();

        assertThat(dialog).contains("<dialog", "Remove <span>2</span>", "<span>participants</span>",
                "name=\"identity\" value=\"student-1\"", "name=\"identity\" value=\"teacher\"",
                "Not in the room any more, so left out:", "student-2", "name=\"_csrf\"");
        assertThat(dialog).doesNotContain("name=\"identity\" value=\"student-2\"", "value=\"tutor-bot\"");
    }

    @Test
    void removeAllAgentsListsEveryAgentAndNobodyElse() {
        var dialog = loggedIn("moderator", ROOM_PAGE).getHtmx(PATH + "?all=agents").body();

        assertThat(dialog).contains("Remove <span>2</span>", "<span>agents</span>", "value=\"tutor-bot\"", "value=\"notes-bot\"",
                "a human can take over");
        assertThat(dialog).doesNotContain("value=\"student-1\"", "value=\"teacher\"");
    }

    @Test
    void theTickedParticipantsAreRemovedEachRecordedOnItsOwnWithOneBatchId() {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        var sid = emulator.state().participant("class-3", "student-1").orElseThrow().getSid();

        var answer = moderator.postHtmx(PATH, listWith(ticked("student-1", "student-2"), "reason", "disrupting the class"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("alert-success", "2 participants: 2 removed.", "student-1", "student-2",
                "/audit?batch=");
        assertThat(inRoom()).containsExactlyInAnyOrder("teacher", "tutor-bot", "notes-bot");
        var records = records();
        assertThat(records).hasSize(2).allSatisfy(r -> assertThat(r).containsEntry("OUTCOME", "DONE")
                .containsEntry("REASON", "disrupting the class").containsEntry("DETAIL", "one of 2 removed together"));
        assertThat(records.get(0)).containsEntry("PARTICIPANT", "student-1").containsEntry("PARTICIPANT_SID", sid);
        assertThat(records.get(0).get("BATCH_ID")).isNotNull().isEqualTo(records.get(1).get("BATCH_ID"));

        var batch = (String) records.get(0).get("BATCH_ID");
        var audit = moderator.get("/audit?batch=" + batch).body();
        assertThat(audit).contains("Showing the actions of batch", "student-1", "student-2");
    }

    @Test
    void someoneWhoLeftMeanwhileIsReportedAsAlreadyGoneNotAsRemoved() {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        emulator.state().removeParticipant("class-3", "student-2");

        var answer = moderator.postHtmx(PATH, ticked("student-1", "student-2"));

        assertThat(answer.body()).contains("2 participants: 1 removed, 1 had already left.");
        assertThat(records()).extracting(r -> r.get("OUTCOME")).containsExactly("DONE", "ALREADY_GONE");
    }

    @Test
    void whenLiveKitIsUnavailableNothingIsReportedAsDoneAndTheRestIsNotTried() {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        emulator.faults().set(FaultMode.UNAVAILABLE, Duration.ZERO);

        var answer = moderator.postHtmx(PATH, ticked("student-1", "student-2", "teacher"));

        emulator.faults().reset();
        assertThat(answer.body()).contains("alert-danger", "3 participants: 3 not removed.",
                "not removed. LiveKit at", "not tried: LiveKit failed for an earlier participant (not answering)")
                .doesNotContain("alert-success");
        assertThat(inRoom()).contains("student-1", "student-2", "teacher");
        assertThat(records()).extracting(r -> r.get("OUTCOME")).containsExactly("FAILED", "SKIPPED", "SKIPPED");
    }

    @Test
    void nothingTickedIsRefusedAndAnUnusableIdentityIsThatTargetsOutcomeAlone() {
        var moderator = loggedIn("moderator", ROOM_PAGE);

        assertThat(moderator.postHtmx(PATH, List.of()).body()).contains("Tick the participants to remove first.");
        var tooLong = moderator.postHtmx(PATH, ticked("student-1", "x".repeat(300)));
        assertThat(tooLong.statusCode()).isEqualTo(200);
        assertThat(tooLong.body()).contains("2 participants: 1 removed, 1 not removed.", "participant identity is too long");
        assertThat(inRoom()).doesNotContain("student-1");
        assertThat(moderator.getHtmx(PATH + "?all=everyone").statusCode()).isEqualTo(400);
    }

    @Test
    void withoutHtmxTheResultIsShownOnTheRoomPage() {
        var moderator = loggedIn("moderator", ROOM_PAGE);

        var answer = moderator.postForm(PATH, ticked("tutor-bot", "notes-bot"));

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(moderator.get("/rooms/class-3").body()).contains("2 participants: 2 removed.");
        assertThat(inRoom()).containsExactlyInAnyOrder("student-1", "student-2", "teacher");
    }

    private static List<Map.Entry<String, String>> listWith(List<Map.Entry<String, String>> fields, String name, String value) {
        var all = new java.util.ArrayList<>(fields);
        all.add(Map.entry(name, value));
        return all;
    }
}
