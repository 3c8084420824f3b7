package dev.roomwarden.participants;

import java.util.List;
import java.util.Map;

import dev.roomwarden.FlowTest;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.emulator.TrackSpec;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Muting and unmuting a participant's track, silencing a participant and letting them publish again, over
 * real HTTP, through the SDK to the embedded emulator, which (like a LiveKit server with its default
 * configuration) does not allow remote unmute.
 */
class ModerationFlowTest extends FlowTest {

    private static final String ROOM_PAGE = "/rooms/support-7";

    private ParticipantInfo customer;
    private String microphone;

    @BeforeEach
    void aCustomerWithAMicrophone() {
        customer = emulator.state().addParticipant("support-7", new ParticipantSpec("customer-1", "Kim", ParticipantInfo.Kind.STANDARD,
                "", Map.of(), List.of(new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false))));
        microphone = customer.getTracks(0).getSid();
    }

    private String path(String change) {
        return "/rooms/support-7/participants/customer-1/tracks/" + microphone + "/" + change;
    }

    private TrackInfo track() {
        return emulator.state().participant("support-7", "customer-1").orElseThrow().getTracks(0);
    }

    @Test
    void aModeratorSeesMuteLinksAndAConfirmationThatNamesTheTrack() {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        assertThat(moderator.get("/rooms/support-7").body()).contains(path("mute") + "?sid=" + customer.getSid(), ">Mute</a>");

        var dialog = moderator.getHtmx(path("mute") + "?sid=" + customer.getSid()).body();
        assertThat(dialog).contains("<dialog", "the Microphone", "customer-1", "They can unmute it themselves",
                "name=\"sid\" value=\"" + customer.getSid() + "\"", "name=\"_csrf\"");
    }

    @Test
    void aModeratorMutesTheMicrophoneWithAReasonAndItIsRecorded() {
        var moderator = loggedIn("moderator", ROOM_PAGE);

        var answer = moderator.postHtmx(path("mute"), Map.of("reason", "loud background noise", "sid", customer.getSid()));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("The Microphone of “customer-1” is muted.", "(muted)", ">Unmute</a>");
        assertThat(track().getMuted()).isTrue();
        assertThat(lastAudited()).containsEntry("ACTION", "MUTE_TRACK").containsEntry("OUTCOME", "DONE")
                .containsEntry("DETAIL", "track " + microphone + " (Microphone)")
                .containsEntry("REASON", "loud background noise").containsEntry("PARTICIPANT_SID", customer.getSid());
    }

    @Test
    void unmutingWhereLiveKitForbidsItSaysWhyAndChangesNothing() {
        emulator.state().setTrackMuted("support-7", "customer-1", microphone, true);
        var moderator = loggedIn("moderator", ROOM_PAGE);

        var answer = moderator.postHtmx(path("unmute"), Map.of("sid", customer.getSid()));

        assertThat(answer.body()).contains("LiveKit did not unmute the Microphone of “customer-1”",
                "remote unmute is off", "Ask them to unmute themselves.");
        assertThat(track().getMuted()).isTrue();
        assertThat(lastAudited()).containsEntry("ACTION", "UNMUTE_TRACK").containsEntry("OUTCOME", "FAILED");
        assertThat((String) lastAudited().get("DETAIL")).contains("track " + microphone + " (Microphone)", "failed_precondition");
    }

    @Test
    void aViewerCannotMuteEvenByAForgedRequest() {
        var viewer = loggedIn("viewer", ROOM_PAGE);
        assertThat(viewer.get("/rooms/support-7").body()).doesNotContain("/tracks/");

        var answer = viewer.postHtmx(path("mute"), Map.of());

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(track().getMuted()).isFalse();
        assertThat(lastAudited()).containsEntry("ACTION", "MUTE_TRACK").containsEntry("OUTCOME", "DENIED");
    }

    @Test
    void aParticipantWhoLeftIsAlreadyGoneAtOnceNotAfterLiveKitsWait() {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        emulator.state().removeParticipant("support-7", "customer-1");

        var started = System.nanoTime();
        var answer = moderator.postHtmx(path("mute"), Map.of("sid", customer.getSid()));

        // LiveKit no longer lists the participant, so the track is named by its sid.
        assertThat(answer.body()).contains("“customer-1” or the track " + microphone + " is no longer in “support-7”.");
        assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds").isLessThan(5_000);
        assertThat(lastAudited()).containsEntry("OUTCOME", "ALREADY_GONE");
    }

    @Test
    void aTrackThatIsNotATrackSidIsRefusedWithAMessage() {
        var moderator = loggedIn("moderator", ROOM_PAGE);

        var answer = moderator.postForm("/rooms/support-7/participants/customer-1/tracks/PA_notatrack/mute", Map.of());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("is not a LiveKit track sid");
        assertThat(track().getMuted()).isFalse();
    }

    private ParticipantInfo customer() {
        return emulator.state().participant("support-7", "customer-1").orElseThrow();
    }

    @Test
    void aModeratorSilencesAParticipantTheirTracksGoAndTheyMayNotPublishAgain() {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        assertThat(moderator.get("/rooms/support-7").body()).contains("/participants/customer-1/silence?sid=" + customer.getSid());
        assertThat(moderator.getHtmx("/rooms/support-7/participants/customer-1/silence").body())
                .contains("<dialog", "Silence", "customer-1", "until you let them again");

        var answer = moderator.postHtmx("/rooms/support-7/participants/customer-1/silence",
                Map.of("reason", "abusive language", "sid", customer.getSid()));

        assertThat(answer.body()).contains("“customer-1” is silenced", "cannot publish", ">Let publish</a>");
        assertThat(customer().getPermission().getCanPublish()).isFalse();
        assertThat(customer().getPermission().getCanPublishData()).isFalse();
        assertThat(customer().getPermission().getCanSubscribe()).as("they still hear the others").isTrue();
        assertThat(customer().getTracksList()).as("LiveKit unpublishes what they may no longer publish").isEmpty();
        assertThat(emulator.state().room("support-7").orElseThrow().getNumPublishers()).isZero();
        assertThat(lastAudited()).containsEntry("ACTION", "SILENCE_PARTICIPANT").containsEntry("OUTCOME", "DONE")
                .containsEntry("REASON", "abusive language").containsEntry("PARTICIPANT_SID", customer.getSid());
    }

    @Test
    void letPublishAgainRestoresPublishingFromEverySourceAndData() {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        moderator.postHtmx("/rooms/support-7/participants/customer-1/silence", Map.of());

        var answer = moderator.postForm("/rooms/support-7/participants/customer-1/unsilence", Map.of("reason", "apologised"));

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(moderator.get("/rooms/support-7").body()).contains("“customer-1” may publish again.", ">Silence</a>")
                .doesNotContain("cannot publish");
        assertThat(customer().getPermission().getCanPublish()).isTrue();
        assertThat(customer().getPermission().getCanPublishData()).isTrue();
        assertThat(customer().getPermission().getCanPublishSourcesList()).isEmpty();
        assertThat(lastAudited()).containsEntry("ACTION", "UNSILENCE_PARTICIPANT").containsEntry("OUTCOME", "DONE");
    }

    @Test
    void aViewerCannotSilenceAndSilencingSomeoneWhoLeftSaysSo() {
        var viewer = loggedIn("viewer", ROOM_PAGE);
        assertThat(viewer.get("/rooms/support-7").body()).doesNotContain("/silence");
        assertThat(viewer.postHtmx("/rooms/support-7/participants/customer-1/silence", Map.of()).statusCode()).isEqualTo(403);
        assertThat(customer().getPermission().getCanPublish()).isTrue();
        assertThat(lastAudited()).containsEntry("ACTION", "SILENCE_PARTICIPANT").containsEntry("OUTCOME", "DENIED");

        var moderator = loggedIn("moderator", ROOM_PAGE);
        emulator.state().removeParticipant("support-7", "customer-1");
        assertThat(moderator.postHtmx("/rooms/support-7/participants/customer-1/silence", Map.of()).body())
                .contains("“customer-1” is no longer in “support-7”.");
        assertThat(lastAudited()).containsEntry("OUTCOME", "ALREADY_GONE");
    }

    @Test
    void aModeratorSendsTheCustomerAChatMessageThroughLiveKit() throws Exception {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        assertThat(moderator.get("/rooms/support-7").body()).contains("/rooms/support-7/message?sid=", ">Send message</a>");
        assertThat(moderator.getHtmx("/rooms/support-7/message").body())
                .contains("<dialog", "name=\"to\" value=\"customer-1\"", "value=\"lk-chat-topic\"", "name=\"_csrf\"");

        var answer = moderator.postHtmx("/rooms/support-7/message", Map.of("text", "A human is joining now.", "to", "customer-1"));

        assertThat(answer.body()).contains("Message sent to customer-1 in “support-7” (topic lk-chat-topic).");
        var sent = emulator.state().sentData().get(emulator.state().sentData().size() - 1);
        assertThat(sent.getRoom()).isEqualTo("support-7");
        assertThat(sent.getDestinationIdentitiesList()).containsExactly("customer-1");
        assertThat(sent.getTopic()).isEqualTo("lk-chat-topic");
        assertThat(sent.getKind().name()).isEqualTo("RELIABLE");
        // LiveKit's chat components read {id, timestamp, message} on this topic.
        var chat = tools.jackson.databind.json.JsonMapper.builder().build().readTree(sent.getData().toStringUtf8());
        assertThat(chat.path("message").asString()).isEqualTo("A human is joining now.");
        assertThat(chat.path("id").asString()).isNotEmpty();
        assertThat(chat.path("timestamp").asLong()).isPositive();
        assertThat(lastAudited()).containsEntry("ACTION", "SEND_MESSAGE").containsEntry("OUTCOME", "DONE")
                .containsEntry("DETAIL", "to customer-1, topic lk-chat-topic: A human is joining now.");
    }

    @Test
    void aMessageOnAnotherTopicToEveryoneIsSentAsItsText() {
        var moderator = loggedIn("moderator", ROOM_PAGE);

        moderator.postForm("/rooms/support-7/message", Map.of("text", "maintenance at 18:00", "topic", "ops"));

        var sent = emulator.state().sentData().get(emulator.state().sentData().size() - 1);
        assertThat(sent.getDestinationIdentitiesList()).isEmpty();
        assertThat(sent.getTopic()).isEqualTo("ops");
        assertThat(sent.getData().toStringUtf8()).isEqualTo("maintenance at 18:00");
        assertThat(moderator.get("/rooms/support-7").body()).contains("Message sent to everyone in “support-7” (topic ops).");
    }

    @Test
    void badMessagesAreRefusedWithAReasonViewersAreRefusedAndAnEndedRoomSaysSo() {
        var before = emulator.state().sentData().size();
        var moderator = loggedIn("moderator", ROOM_PAGE);
        var empty = moderator.postHtmx("/rooms/support-7/message", Map.of("text", "   "));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("The message is empty");
        assertThat(moderator.postHtmx("/rooms/support-7/message", Map.of("text", "x".repeat(2_001))).body())
                .contains("at most 2000 characters");

        var viewer = loggedIn("viewer", ROOM_PAGE);
        assertThat(viewer.get("/rooms/support-7").body()).doesNotContain("Send message");
        assertThat(viewer.postHtmx("/rooms/support-7/message", Map.of("text", "hello")).statusCode()).isEqualTo(403);
        assertThat(lastAudited()).containsEntry("ACTION", "SEND_MESSAGE").containsEntry("OUTCOME", "DENIED");

        emulator.state().deleteRoom("support-7");
        var started = System.nanoTime();
        assertThat(moderator.postHtmx("/rooms/support-7/message", Map.of("text", "anyone?")).body())
                .contains("“support-7” has ended; the message was not sent.");
        assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds, not LiveKit's 15 s wait").isLessThan(5_000);
        assertThat(emulator.state().sentData()).hasSize(before);
    }

    private String roomMetadata() {
        return emulator.state().room("support-7").orElseThrow().getMetadata();
    }

    @Test
    void aModeratorEditsTheRoomsMetadataAsPrettyJsonAndItIsSentCompact() {
        emulator.state().updateRoomMetadata("support-7", "{\"queue\":\"returns\",\"priority\":2}");
        var moderator = loggedIn("moderator", ROOM_PAGE);
        assertThat(moderator.get("/rooms/support-7").body()).contains("/rooms/support-7/metadata?sid=", ">Edit metadata</a>");
        var editor = moderator.getHtmx("/rooms/support-7/metadata").body();
        assertThat(editor).contains("<dialog", "&quot;queue&quot; : &quot;returns&quot;", "At most <span>64</span> KiB");

        var answer = moderator.postHtmx("/rooms/support-7/metadata",
                Map.of("metadata", "{\n  \"queue\" : \"billing\",\n  \"priority\" : 1\n}", "reason", "moved to billing"));

        assertThat(answer.body()).contains("The metadata of “support-7” is saved.");
        assertThat(roomMetadata()).isEqualTo("{\"queue\":\"billing\",\"priority\":1}");
        assertThat(lastAudited()).containsEntry("ACTION", "UPDATE_ROOM_METADATA").containsEntry("OUTCOME", "DONE")
                .containsEntry("REASON", "moved to billing").containsEntry("DETAIL", "metadata: {\"queue\":\"billing\",\"priority\":1}");

        moderator.postHtmx("/rooms/support-7/metadata", Map.of("metadata", "VIP customer, be kind"));
        assertThat(roomMetadata()).as("plain text is sent as it is").isEqualTo("VIP customer, be kind");
    }

    @Test
    void brokenJsonAndOversizedMetadataAreRefusedAndChangeNothing() {
        emulator.state().updateRoomMetadata("support-7", "{\"queue\":\"returns\"}");
        var moderator = loggedIn("moderator", ROOM_PAGE);

        var broken = moderator.postHtmx("/rooms/support-7/metadata", Map.of("metadata", "{\"queue\": \"billing\",\n \"priority\": }"));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).contains("not valid JSON", "line 2, column");

        var huge = moderator.postHtmx("/rooms/support-7/metadata", Map.of("metadata", "x".repeat(64 * 1024 + 1)));
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(huge.body()).contains("The metadata is too large: 65 KiB; at most 64 KiB.");

        var viewer = loggedIn("viewer", ROOM_PAGE);
        assertThat(viewer.get("/rooms/support-7").body()).doesNotContain("Edit metadata");
        assertThat(viewer.postHtmx("/rooms/support-7/metadata", Map.of("metadata", "{}")).statusCode()).isEqualTo(403);
        assertThat(roomMetadata()).isEqualTo("{\"queue\":\"returns\"}");
    }

    @Test
    void aModeratorEditsNameMetadataAndAttributesAndARemovedLineRemovesTheAttribute() {
        emulator.state().updateParticipant(livekit.LivekitRoom.UpdateParticipantRequest.newBuilder().setRoom("support-7")
                .setIdentity("customer-1").setMetadata("{\"tier\":\"gold\"}").putAttributes("lang", "en")
                .putAttributes("ticket", "4711").build());
        var moderator = loggedIn("moderator", ROOM_PAGE);
        var editor = moderator.getHtmx("/rooms/support-7/participants/customer-1/edit").body();
        assertThat(editor).contains("<dialog", "value=\"Kim\"", "&quot;tier&quot; : &quot;gold&quot;", "lang = en\nticket = 4711");

        var answer = moderator.postHtmx("/rooms/support-7/participants/customer-1/edit", Map.of("name", "Kim (VIP)",
                "metadata", "{\n  \"tier\" : \"platinum\"\n}", "attributes", "lang = de\n\nescalated=yes", "reason", "escalation"));

        assertThat(answer.body()).contains("“customer-1” is updated.");
        assertThat(customer().getName()).isEqualTo("Kim (VIP)");
        assertThat(customer().getMetadata()).isEqualTo("{\"tier\":\"platinum\"}");
        assertThat(customer().getAttributesMap()).containsOnly(Map.entry("lang", "de"), Map.entry("escalated", "yes"));
        assertThat(lastAudited()).containsEntry("ACTION", "UPDATE_PARTICIPANT").containsEntry("OUTCOME", "DONE")
                .containsEntry("DETAIL", "name: Kim (VIP); metadata: {\"tier\":\"platinum\"}; attributes: lang = de, escalated = yes");
    }

    @Test
    void badEditsAreRefusedWithTheLineAndNothingChanges() {
        var moderator = loggedIn("moderator", ROOM_PAGE);

        var noKey = moderator.postHtmx("/rooms/support-7/participants/customer-1/edit", Map.of("attributes", "lang = de\njust text"));
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(noKey.body()).contains("Attributes, line 2: write one attribute a line, as key = value.");
        assertThat(moderator.postHtmx("/rooms/support-7/participants/customer-1/edit", Map.of("metadata", "[1, 2")).body())
                .contains("not valid JSON");
        assertThat(moderator.postHtmx("/rooms/support-7/participants/customer-1/edit",
                Map.of("attributes", "blob = " + "x".repeat(64 * 1024))).body()).contains("The attributes are too large");
        assertThat(customer().getName()).isEqualTo("Kim");
        assertThat(customer().getAttributesMap()).isEmpty();

        var viewer = loggedIn("viewer", ROOM_PAGE);
        assertThat(viewer.postHtmx("/rooms/support-7/participants/customer-1/edit", Map.of("name", "pwned", "reason", "just testing"))
                .statusCode()).isEqualTo(403);
        assertThat(customer().getName()).isEqualTo("Kim");
        assertThat(lastAudited()).containsEntry("ACTION", "UPDATE_PARTICIPANT").containsEntry("OUTCOME", "DENIED")
                .containsEntry("ROOM", "support-7").containsEntry("PARTICIPANT", "customer-1").containsEntry("REASON", "just testing");
    }

    @Test
    void aModeratorAllowsOnlyTheMicrophoneAndLiveKitDropsTheCamera() {
        emulator.state().addParticipant("support-7", new ParticipantSpec("presenter", "", ParticipantInfo.Kind.STANDARD, "", Map.of(),
                List.of(new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false), new TrackSpec(TrackType.VIDEO, TrackSource.CAMERA, false))));
        var moderator = loggedIn("moderator", ROOM_PAGE);
        var form = moderator.getHtmx("/rooms/support-7/participants/presenter/permissions").body();
        assertThat(form).contains("<dialog", "name=\"subscribe\" value=\"true\" checked", "name=\"publish\" value=\"true\" checked",
                "name=\"source\" value=\"MICROPHONE\"");

        var answer = moderator.postHtmx("/rooms/support-7/participants/presenter/permissions", Map.of("subscribe", "true",
                "publish", "true", "source", "MICROPHONE", "publishData", "true", "reason", "no video in support calls"));

        assertThat(answer.body()).contains("“presenter” may now: subscribe yes; publish yes, from microphone; publish data yes; "
                + "update own metadata no; hidden no.");
        var presenter = emulator.state().participant("support-7", "presenter").orElseThrow();
        assertThat(presenter.getPermission().getCanPublishSourcesList()).containsExactly(TrackSource.MICROPHONE);
        assertThat(presenter.getTracksList()).extracting(t -> t.getSource()).containsExactly(TrackSource.MICROPHONE);
        assertThat(lastAudited()).containsEntry("ACTION", "CHANGE_PERMISSIONS").containsEntry("OUTCOME", "DONE")
                .containsEntry("REASON", "no video in support calls");
    }

    @Test
    void anUnknownSourceIsRefusedAndAViewerCannotChangePermissions() {
        var moderator = loggedIn("moderator", ROOM_PAGE);
        var unknown = moderator.postHtmx("/rooms/support-7/participants/customer-1/permissions", Map.of("publish", "true", "source", "HOLOGRAM"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("Unknown source &#39;HOLOGRAM&#39;");

        var viewer = loggedIn("viewer", ROOM_PAGE);
        assertThat(viewer.postHtmx("/rooms/support-7/participants/customer-1/permissions", Map.of()).statusCode()).isEqualTo(403);
        assertThat(customer().getPermission().getCanPublish()).isTrue();
        assertThat(customer().getTracksCount()).isEqualTo(1);
    }
}
