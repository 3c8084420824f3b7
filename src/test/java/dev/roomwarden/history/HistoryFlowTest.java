package dev.roomwarden.history;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.protobuf.util.JsonFormat;
import dev.roomwarden.FlowTest;
import dev.roomwarden.emulator.ParticipantSpec;
import io.micrometer.core.instrument.MeterRegistry;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** LiveKit's webhooks as history keeps them: each event once, however often it arrives, for as long as retention says. */
class HistoryFlowTest extends FlowTest {

    @Autowired
    HistoryRetention retention;

    @Autowired
    HistorySessions sessions;

    @Autowired
    MeterRegistry meters;

    private static String eventId() {
        return "EV_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String joined(String id, String room, String identity, Instant created) throws Exception {
        var event = WebhookEvent.newBuilder().setEvent("participant_joined").setCreatedAt(created.getEpochSecond())
                .setRoom(Room.newBuilder().setName(room).setSid("RM_" + room))
                .setParticipant(ParticipantInfo.newBuilder().setIdentity(identity).setSid("PA_" + identity));
        if (id != null) {
            event.setId(id);
        }
        return JsonFormat.printer().print(event.build());
    }

    private HttpResponse<String> webhook(String body) throws Exception {
        return SignedWebhook.post(port, body, API_KEY, API_SECRET);
    }

    private List<Map<String, Object>> rows(String column, String value) {
        return jdbc.sql("SELECT * FROM history_event WHERE " + column + " = ?").param(value).query().listOfRows();
    }

    private double count(String result) {
        return meters.get("roomwarden.history.events").tag("result", result).counter().count();
    }

    @Test
    void theSameEventDeliveredTwiceIsKeptOnceAndCountedAsADuplicate() throws Exception {
        var id = eventId();
        var body = joined(id, "history-41130", "customer-41130", Instant.now());
        var stored = count("stored");
        var duplicates = count("duplicate");

        assertThat(webhook(body).statusCode()).isEqualTo(200);
        assertThat(webhook(body).statusCode()).as("a retry is answered as the first delivery").isEqualTo(200);

        var rows = rows("event_id", id);
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("EVENT_TYPE", "participant_joined").containsEntry("ROOM_NAME", "history-41130")
                    .containsEntry("ROOM_SID", "RM_history-41130").containsEntry("PARTICIPANT_IDENTITY", "customer-41130")
                    .containsEntry("PARTICIPANT_SID", "PA_customer-41130");
            var kept = WebhookEvent.newBuilder();
            try {
                JsonFormat.parser().merge((String) row.get("EVENT_JSON"), kept);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertThat(kept.getId()).isEqualTo(id);
            assertThat(kept.getParticipant().getIdentity()).isEqualTo("customer-41130");
        });
        assertThat(count("stored")).isEqualTo(stored + 1);
        assertThat(count("duplicate")).isEqualTo(duplicates + 1);
    }

    @Test
    void theEmulatorsOwnWebhooksAreKeptWithLiveKitsIdsAndTimes() throws Exception {
        emulator.state().addParticipant("history-emulated", new ParticipantSpec("caller-7", "", ParticipantInfo.Kind.STANDARD, "", Map.of(), List.of()));

        // The emulator delivers on its own thread; generous, for a loaded machine.
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        var rows = rows("room_name", "history-emulated");
        while (rows.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            rows = rows("room_name", "history-emulated");
        }
        assertThat(rows).extracting(row -> row.get("EVENT_TYPE")).contains("room_started", "participant_joined");
        assertThat(rows).allSatisfy(row -> {
            assertThat((String) row.get("EVENT_ID")).startsWith("EV_");
            assertThat((String) row.get("ROOM_SID")).startsWith("RM_");
        });
    }

    @Test
    void anEventWithoutAnIdIsKeptUnderOneOfItsOwnEachTime() throws Exception {
        var body = joined(null, "history-no-id", "legacy-1", Instant.now());
        var unidentified = count("unidentified");

        assertThat(webhook(body).statusCode()).isEqualTo(200);
        assertThat(webhook(body).statusCode()).isEqualTo(200);

        assertThat(rows("room_name", "history-no-id")).hasSize(2)
                .allSatisfy(row -> assertThat((String) row.get("EVENT_ID")).startsWith("RW_"));
        assertThat(count("unidentified")).isEqualTo(unidentified + 2);
    }

    @Test
    void eventsOlderThanTheRetentionArePruned() throws Exception {
        var old = eventId();
        var recent = eventId();
        webhook(joined(old, "history-old", "p-old", Instant.now().minus(Duration.ofDays(91))));
        webhook(joined(recent, "history-recent", "p-recent", Instant.now().minus(Duration.ofDays(89))));

        assertThat(retention.prune()).isGreaterThanOrEqualTo(1);

        assertThat(rows("event_id", old)).isEmpty();
        assertThat(rows("event_id", recent)).hasSize(1);
        assertThat(sessions.room("RM_history-old")).as("the old room's session goes with its events").isEmpty();
        assertThat(sessions.participants("RM_history-old")).isEmpty();
        assertThat(sessions.room("RM_history-recent")).isPresent();
        assertThat(sessions.participants("RM_history-recent")).hasSize(1);
    }
}
