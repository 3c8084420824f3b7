package dev.roomwarden.history;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.roomwarden.input.Text;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import livekit.LivekitWebhook.WebhookEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * LiveKit's webhook events in the database, each once. LiveKit sends an event again when its answer is late, and
 * instances sharing the database each receive it, so the event's id is a unique key and a second insert is
 * counted as a duplicate rather than stored. On H2 the unique key refuses the second insert (a failed statement
 * leaves H2's transaction usable); PostgreSQL is told to skip it, so that each retry is not an ERROR in its log.
 */
@Repository
class HistoryEvents {

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    enum Stored { STORED, DUPLICATE, UNIDENTIFIED }

    /** Where an event came from: LiveKit's webhook, or Roomwarden's polling seeing what no webhook said. */
    enum Source {
        WEBHOOK, POLLING;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final JdbcClient jdbc;
    private final InsertOnce insertOnce;
    private final Clock clock;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter unidentified;

    HistoryEvents(JdbcClient jdbc, InsertOnce insertOnce, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.insertOnce = insertOnce;
        this.clock = clock;
        // Every series exists from the start, so a rate of duplicates can be watched before the first one.
        this.stored = events("stored", meters);
        this.duplicates = events("duplicate", meters);
        this.unidentified = events("unidentified", meters);
    }

    private static Counter events(String result, MeterRegistry meters) {
        return Counter.builder("roomwarden.history.events").description("LiveKit webhook events kept for history, by whether they were new")
                .tag("result", result).register(meters);
    }

    /**
     * Keeps the event unless one with its id is kept already. An event without an id (or with one longer than any
     * LiveKit makes) is kept under a generated one: it cannot be told from a retry, but a lost event is worse
     * than a doubled one, which the sessions built from the events must survive anyway (a join seen twice).
     */
    Stored store(WebhookEvent event, Source source) {
        var now = clock.instant();
        var id = event.getId();
        var identified = !id.isEmpty() && id.length() <= InsertOnce.MAX_ID;
        if (!identified) {
            id = "RW_" + UUID.randomUUID();
        }
        var room = event.getRoom().getName().isEmpty() ? event.getEgressInfo().getRoomName() : event.getRoom().getName();
        // Egress events may and ingress events do lack the room's sid; their info carries it (an ingress once it published).
        var roomSid = !event.getRoom().getSid().isEmpty() ? event.getRoom().getSid()
                : event.hasIngressInfo() ? event.getIngressInfo().getState().getRoomId() : event.getEgressInfo().getRoomId();
        // created_at is LiveKit's, in seconds; an event without one is dated when it arrived.
        var created = event.getCreatedAt() > 0 ? Instant.ofEpochSecond(event.getCreatedAt()) : now;
        // The JSON keeps the whole event; the columns, what fits them.
        var inserted = insertOnce.insert("""
                INSERT INTO history_event (event_id, event_type, created_at, received_at, room_name, room_sid,
                    participant_identity, participant_sid, event_json, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                id, Text.cut(event.getEvent(), InsertOnce.MAX_ID), Timestamp.from(created), Timestamp.from(now),
                column(room), column(roomSid), column(event.getParticipant().getIdentity()),
                column(event.getParticipant().getSid()), json(withoutStreamKey(event)), source.column());
        if (!inserted) {
            duplicates.increment();
            return Stored.DUPLICATE;
        }
        (identified ? stored : unidentified).increment();
        return identified ? Stored.STORED : Stored.UNIDENTIFIED;
    }

    /**
     * Keeps one of Roomwarden's own events (what the open-source LiveKit sends no webhook for, e.g. agent_job_started),
     * source polling, unless one with its id is kept already; {@code about} is the LiveKit object it is about. True if new.
     */
    boolean storeOwn(String eventId, String type, Instant created, String roomName, String roomSid, String identity, MessageOrBuilder about) {
        return insertOnce.insert("""
                INSERT INTO history_event (event_id, event_type, created_at, received_at, room_name, room_sid,
                    participant_identity, participant_sid, event_json, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                Text.cut(eventId, InsertOnce.MAX_ID), type, Timestamp.from(created), Timestamp.from(clock.instant()), column(roomName),
                column(roomSid), column(identity), null, json(about), Source.POLLING.column());
    }

    /** Which of these event ids are kept already. */
    Set<String> kept(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("SELECT event_id FROM history_event WHERE event_id IN (:ids)").param("ids", eventIds)
                .query(String.class).list());
    }

    /** The JSON of the kept events of this type in the room about this participant identity, oldest first. */
    List<String> jsonOf(String type, String roomSid, String identity) {
        return jdbc.sql("""
                SELECT event_json FROM history_event WHERE room_sid = ? AND event_type = ? AND participant_identity = ?
                ORDER BY created_at, id""").params(roomSid, type, identity).query(String.class).list();
    }

    /** Removes the events LiveKit created before this instant; returns how many. */
    int pruneOlderThan(Instant cutoff) {
        return jdbc.sql("DELETE FROM history_event WHERE created_at < ?").param(Timestamp.from(cutoff)).update();
    }

    private static String column(String value) {
        return value == null || value.isEmpty() ? null : Text.cut(value, InsertOnce.MAX_NAME);
    }

    /** An ingress webhook carries the ingress's stream key, a credential that history has no use for. */
    private static WebhookEvent withoutStreamKey(WebhookEvent event) {
        return event.getIngressInfo().getStreamKey().isEmpty() ? event
                : event.toBuilder().setIngressInfo(event.getIngressInfo().toBuilder().clearStreamKey()).build();
    }

    private static String json(MessageOrBuilder event) {
        try {
            return JSON.print(event);
        } catch (InvalidProtocolBufferException e) {
            // Only an Any of an unknown type fails to print; LiveKit's events, dispatches and jobs have none.
            throw new IllegalStateException(e);
        }
    }
}
