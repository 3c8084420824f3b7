package dev.roomwarden.overview;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.roomwarden.live.WebhookActivity;
import dev.roomwarden.livekit.LiveKitGateway;
import livekit.LivekitModels.Room;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** What the overview's "Now" counts, from LiveKit (rooms) and from what Roomwarden stored (agents, callers, recordings). */
@Service
class Overview {

    /** How far back webhook drift is counted on the overview. */
    static final Duration DRIFT_WINDOW = Duration.ofHours(24);
    private static final List<String> LIVEKIT_EVENTS = List.of("room_started", "room_finished", "participant_joined", "participant_left");

    private final LiveKitGateway livekit;
    private final WebhookActivity webhooks;
    private final JdbcClient jdbc;
    private final Clock clock;

    Overview(LiveKitGateway livekit, WebhookActivity webhooks, JdbcClient jdbc, Clock clock) {
        this.livekit = livekit;
        this.webhooks = webhooks;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** "Now", with LiveKit's rooms as it listed them (null when it did not answer: its counts are then null too). */
    Now now(List<Room> listed) {
        var rooms = listed == null ? null : listed.size();
        var participants = listed == null ? null : listed.stream().mapToInt(Room::getNumParticipants).sum();
        var publishers = listed == null ? null : listed.stream().mapToInt(Room::getNumPublishers).sum();
        // History's open sessions in the rooms LiveKit lists now (one it missed the end of is not counted); all of them
        // when LiveKit did not answer.
        var live = listed == null ? null : listed.stream().map(Room::getSid).collect(java.util.stream.Collectors.toSet());
        var agents = new long[1];
        var callers = new long[1];
        jdbc.sql("""
                SELECT p.room_sid, p.kind, COUNT(*) FROM participant_session p JOIN room_session r ON r.room_sid = p.room_sid
                WHERE p.left_at IS NULL AND r.ended_at IS NULL AND p.kind IN ('AGENT', 'SIP') GROUP BY p.room_sid, p.kind""")
                .query(rs -> {
                    if (live == null || live.contains(rs.getString(1))) {
                        (("AGENT".equals(rs.getString(2))) ? agents : callers)[0] += rs.getLong(3);
                    }
                });
        var recording = jdbc.sql("SELECT COUNT(*) FROM recording WHERE active = TRUE").query(Long.class).single();
        var since = Timestamp.from(clock.instant().minus(DRIFT_WINDOW));
        var bySource = jdbc.sql("SELECT source, COUNT(*) FROM history_event WHERE created_at > :since AND event_type IN (:types) GROUP BY source")
                .param("since", since).param("types", LIVEKIT_EVENTS)
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        var last = webhooks.lastWebhook();
        if (last == null) {
            // Since this instance started none came; the database knows of those received before.
            // By LiveKit's time of the event, which ix_history_event_source_created answers without reading the table.
            last = jdbc.sql("SELECT MAX(created_at) FROM history_event WHERE source = 'webhook'").query(Timestamp.class)
                    .optional().map(Timestamp::toInstant).orElse(null);
        }
        return new Now(rooms, participants, publishers, agents[0], callers[0], recording,
                livekit.status(), webhooks.arriving(), last, bySource.getOrDefault("polling", 0L), bySource.getOrDefault("webhook", 0L),
                DRIFT_WINDOW);
    }
}
