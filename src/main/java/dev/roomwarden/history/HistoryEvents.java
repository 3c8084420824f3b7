package dev.roomwarden.history;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import com.google.protobuf.InvalidProtocolBufferException;
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
        var roomSid = event.getRoom().getSid().isEmpty() ? event.getEgressInfo().getRoomId() : event.getRoom().getSid();
        // created_at is LiveKit's, in seconds; an event without one is dated when it arrived.
        var created = event.getCreatedAt() > 0 ? Instant.ofEpochSecond(event.getCreatedAt()) : now;
        // The JSON keeps the whole event; the columns, what fits them.
        var inserted = insertOnce.insert("""
                INSERT INTO history_event (event_id, event_type, created_at, received_at, room_name, room_sid,
                    participant_identity, participant_sid, event_json, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                id, Text.cut(event.getEvent(), InsertOnce.MAX_ID), Timestamp.from(created), Timestamp.from(now),
                column(room), column(roomSid), column(event.getParticipant().getIdentity()),
                column(event.getParticipant().getSid()), json(event), source.column());
        if (!inserted) {
            duplicates.increment();
            return Stored.DUPLICATE;
        }
        (identified ? stored : unidentified).increment();
        return identified ? Stored.STORED : Stored.UNIDENTIFIED;
    }

    /** Removes the events LiveKit created before this instant; returns how many. */
    int pruneOlderThan(Instant cutoff) {
        return jdbc.sql("DELETE FROM history_event WHERE created_at < ?").param(Timestamp.from(cutoff)).update();
    }

    private static String column(String value) {
        return value.isEmpty() ? null : Text.cut(value, InsertOnce.MAX_NAME);
    }

    private static String json(WebhookEvent event) {
        try {
            return JSON.print(event);
        } catch (InvalidProtocolBufferException e) {
            // Only an Any of an unknown type fails to print; WebhookEvent has none.
            throw new IllegalStateException(e);
        }
    }
}
