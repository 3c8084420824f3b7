package dev.roomwarden.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.roomwarden.input.Text;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitWebhook.WebhookEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Room and participant sessions, folded from each new history event. Every update is one that any order of the
 * same events ends in (earliest start, latest end, a maximum, a sum), because LiveKit's webhooks may arrive out of
 * order; a duplicate never reaches here, so the sums stay right. LEAST and GREATEST are wrapped in COALESCE because
 * H2 answers NULL when one of them is NULL and PostgreSQL ignores it.
 */
@Repository
public class HistorySessions {

    /** A room session; {@code ended} is null while the room is live (or its room_finished is still to come). */
    public record RoomSession(String roomSid, String name, Instant started, Instant ended, int peakParticipants,
            boolean hadAgent, boolean hadSip, String metadataAtStart, String metadataAtEnd) {
    }

    /** A participant session; {@code disconnectReason} is LiveKit's DisconnectReason name, e.g. PARTICIPANT_REMOVED. */
    public record ParticipantSession(String participantSid, String roomSid, String identity, String name, String kind,
            Instant joined, Instant left, String disconnectReason, int tracksPublished) {
    }

    /** The events whose room and participant are LiveKit's whole ones (livekit-services.md, "Webhooks"). */
    private static final Set<String> FULL_EVENTS = Set.of("room_started", "room_finished", "participant_joined",
            "participant_left", "participant_connection_aborted");

    private final JdbcClient jdbc;
    private final InsertOnce insertOnce;
    private final Clock clock;

    HistorySessions(JdbcClient jdbc, InsertOnce insertOnce, Clock clock) {
        this.jdbc = jdbc;
        this.insertOnce = insertOnce;
        this.clock = clock;
    }

    public Optional<RoomSession> room(String roomSid) {
        return jdbc.sql("SELECT * FROM room_session WHERE room_sid = ?").param(roomSid).query(HistorySessions::room).optional();
    }

    /** The room's participants, in the order they joined. */
    public List<ParticipantSession> participants(String roomSid) {
        return jdbc.sql("SELECT * FROM participant_session WHERE room_sid = ? ORDER BY joined_at, participant_sid")
                .param(roomSid).query(HistorySessions::participant).list();
    }

    /** Removes the room sessions that ended (or, never seen ending, started) before this instant, with their participants. */
    int pruneOlderThan(Instant cutoff) {
        var old = "SELECT room_sid FROM room_session WHERE COALESCE(ended_at, started_at) < ?";
        jdbc.sql("DELETE FROM participant_session WHERE room_sid IN (" + old + ")").param(Timestamp.from(cutoff)).update();
        return jdbc.sql("DELETE FROM room_session WHERE room_sid IN (" + old + ")").param(Timestamp.from(cutoff)).update();
    }

    /** Folds one event that was stored for the first time into its sessions. */
    void record(WebhookEvent event) {
        var roomSid = event.getRoom().getSid();
        if (roomSid.isEmpty() || roomSid.length() > InsertOnce.MAX_ID) {
            return;
        }
        var type = event.getEvent();
        var created = event.getCreatedAt() > 0 ? Instant.ofEpochSecond(event.getCreatedAt()) : clock.instant();
        // room_started says what the room had at its start and room_finished at its end, whatever the clocks say.
        var key = "room_started".equals(type) ? Long.MIN_VALUE : "room_finished".equals(type) ? Long.MAX_VALUE : event.getCreatedAt();
        var room = event.getRoom();
        var started = room.getCreationTimeMs() > 0 ? Instant.ofEpochMilli(room.getCreationTimeMs())
                : room.getCreationTime() > 0 ? Instant.ofEpochSecond(room.getCreationTime()) : created;
        var participant = event.hasParticipant() ? event.getParticipant() : null;
        // Track and egress events carry the room and participant by sid and name only: their empty metadata, kind
        // and name are not what the room or participant had.
        var full = FULL_EVENTS.contains(type);
        var agent = participant != null && participant.getKind() == ParticipantInfo.Kind.AGENT;
        var sip = participant != null && participant.getKind() == ParticipantInfo.Kind.SIP;
        insertOnce.insert("INSERT INTO room_session (room_sid, room_name) VALUES (?, ?)", roomSid, Text.cut(room.getName(), InsertOnce.MAX_NAME));
        jdbc.sql("""
                UPDATE room_session SET
                    started_at = COALESCE(LEAST(started_at, ?), started_at, ?),
                    ended_at = CASE WHEN ? THEN COALESCE(GREATEST(ended_at, ?), ended_at, ?) ELSE ended_at END,
                    peak_participants = GREATEST(peak_participants, ?),
                    had_agent = had_agent OR ?,
                    had_sip = had_sip OR ?,
                    metadata_at_start = CASE WHEN ? AND (start_key IS NULL OR ? < start_key) THEN ? ELSE metadata_at_start END,
                    start_key = CASE WHEN ? THEN COALESCE(LEAST(start_key, ?), start_key, ?) ELSE start_key END,
                    metadata_at_end = CASE WHEN ? AND (end_key IS NULL OR ? > end_key) THEN ? ELSE metadata_at_end END,
                    end_key = CASE WHEN ? THEN COALESCE(GREATEST(end_key, ?), end_key, ?) ELSE end_key END
                WHERE room_sid = ?""")
                .params(Timestamp.from(started), Timestamp.from(started), "room_finished".equals(type), Timestamp.from(created),
                        Timestamp.from(created), room.getNumParticipants(), agent, sip, full, key, room.getMetadata(), full, key, key,
                        full, key, room.getMetadata(), full, key, key, roomSid)
                .update();
        if (participant == null || participant.getSid().isEmpty() || participant.getSid().length() > InsertOnce.MAX_ID
                || participant.getIdentity().isEmpty()) {
            return;
        }
        // ParticipantInfo carries joined_at in every event, so a participant_left seen first still knows when it joined.
        var joined = participant.getJoinedAtMs() > 0 ? Instant.ofEpochMilli(participant.getJoinedAtMs())
                : participant.getJoinedAt() > 0 ? Instant.ofEpochSecond(participant.getJoinedAt())
                : "participant_joined".equals(type) ? created : null;
        var left = "participant_left".equals(type) || "participant_connection_aborted".equals(type);
        insertOnce.insert("INSERT INTO participant_session (participant_sid, room_sid, identity) VALUES (?, ?, ?)",
                participant.getSid(), roomSid, Text.cut(participant.getIdentity(), InsertOnce.MAX_NAME));
        jdbc.sql("""
                UPDATE participant_session SET
                    name = COALESCE(name, ?),
                    kind = COALESCE(kind, ?),
                    joined_at = COALESCE(LEAST(joined_at, ?), joined_at, ?),
                    left_at = CASE WHEN ? THEN COALESCE(GREATEST(left_at, ?), left_at, ?) ELSE left_at END,
                    disconnect_reason = CASE WHEN ? THEN ? ELSE disconnect_reason END,
                    tracks_published = tracks_published + ?
                WHERE participant_sid = ?""")
                .params(!full || participant.getName().isEmpty() ? null : Text.cut(participant.getName(), InsertOnce.MAX_NAME),
                        full ? participant.getKind().name() : null, timestamp(joined), timestamp(joined),
                        left, Timestamp.from(created), Timestamp.from(created), left, left ? participant.getDisconnectReason().name() : null,
                        "track_published".equals(type) ? 1 : 0, participant.getSid())
                .update();
        if ("participant_joined".equals(type)) {
            // LiveKit's num_participants is updated apart from its webhooks and may lag a join; those history has
            // seen join and not yet leave were all in the room together (a room's webhooks come in order).
            jdbc.sql("""
                    UPDATE room_session SET peak_participants = GREATEST(peak_participants,
                        (SELECT COUNT(*) FROM participant_session WHERE room_sid = ? AND left_at IS NULL))
                    WHERE room_sid = ?""").params(roomSid, roomSid).update();
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static RoomSession room(ResultSet rs, int row) throws SQLException {
        return new RoomSession(rs.getString("room_sid"), rs.getString("room_name"), instant(rs, "started_at"),
                instant(rs, "ended_at"), rs.getInt("peak_participants"), rs.getBoolean("had_agent"), rs.getBoolean("had_sip"),
                rs.getString("metadata_at_start"), rs.getString("metadata_at_end"));
    }

    private static ParticipantSession participant(ResultSet rs, int row) throws SQLException {
        return new ParticipantSession(rs.getString("participant_sid"), rs.getString("room_sid"), rs.getString("identity"),
                rs.getString("name"), rs.getString("kind"), instant(rs, "joined_at"), instant(rs, "left_at"),
                rs.getString("disconnect_reason"), rs.getInt("tracks_published"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
