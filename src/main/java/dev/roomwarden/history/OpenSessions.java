package dev.roomwarden.history;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What history takes as still going (sessions without an end), for polling to compare with what LiveKit shows. */
@Repository
public class OpenSessions {

    /** Room sids asked about in one statement; LiveKit can list thousands of rooms. */
    private static final int CHUNK = 500;

    /** A room session without an end. */
    record OpenRoom(String roomSid, String name, boolean hadAgent, String metadata) {
    }

    /** How a participant session ended: LiveKit's DisconnectReason name, and when. */
    record Left(String disconnectReason, Instant at) {
    }

    /** A participant session without an end. */
    record OpenParticipant(String participantSid, String roomSid, String identity, String name, String kind, Timestamp joined) {
    }

    private final JdbcClient jdbc;

    OpenSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every room session without an end. */
    List<OpenRoom> rooms() {
        return jdbc.sql("SELECT room_sid, room_name, had_agent, COALESCE(metadata_at_end, metadata_at_start) FROM room_session WHERE ended_at IS NULL")
                .query((rs, row) -> new OpenRoom(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4))).list();
    }

    /** Which of these room sids have a session (ended or not). */
    Set<String> knownRooms(Collection<String> roomSids) {
        return Set.copyOf(chunked(roomSids, chunk -> jdbc.sql("SELECT room_sid FROM room_session WHERE room_sid IN (:sids)")
                .param("sids", chunk).query(String.class).list()));
    }

    /** How many participant sessions without an end each of these rooms has (rooms with none are left out). */
    Map<String, Integer> participantCounts(Collection<String> roomSids) {
        var counts = new HashMap<String, Integer>();
        chunked(roomSids, chunk -> jdbc.sql("""
                SELECT room_sid, COUNT(*) FROM participant_session WHERE left_at IS NULL AND room_sid IN (:sids) GROUP BY room_sid""")
                .param("sids", chunk).query((rs, row) -> Map.entry(rs.getString(1), rs.getInt(2))).list())
                .forEach(count -> counts.put(count.getKey(), count.getValue()));
        return counts;
    }

    /** The room's participant sessions without an end. */
    List<OpenParticipant> participants(String roomSid) {
        return jdbc.sql("""
                SELECT participant_sid, room_sid, identity, name, kind, joined_at FROM participant_session
                WHERE room_sid = ? AND left_at IS NULL""").param(roomSid)
                .query((rs, row) -> new OpenParticipant(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6))).list();
    }

    /** Which of these participant sids have a session (ended or not). */
    public Set<String> knownParticipants(Collection<String> participantSids) {
        return Set.copyOf(chunked(participantSids, chunk -> jdbc.sql(
                "SELECT participant_sid FROM participant_session WHERE participant_sid IN (:sids)")
                .param("sids", chunk).query(String.class).list()));
    }

    /** The sid of the live session of the room with this name (the latest started, should there be two). */
    Optional<String> liveRoomSid(String roomName) {
        return jdbc.sql("SELECT room_sid FROM room_session WHERE room_name = ? AND ended_at IS NULL ORDER BY started_at DESC")
                .param(roomName).query(String.class).list().stream().findFirst();
    }

    /** Whether this identity has a participant session without an end in the room. */
    boolean present(String roomSid, String identity) {
        return jdbc.sql("SELECT COUNT(*) FROM participant_session WHERE room_sid = ? AND identity = ? AND left_at IS NULL")
                .params(roomSid, identity).query(Integer.class).single() > 0;
    }

    /** The disconnect reason and end of this identity's latest ended session in the room, if it left. */
    Optional<Left> left(String roomSid, String identity) {
        return jdbc.sql("""
                SELECT disconnect_reason, left_at FROM participant_session
                WHERE room_sid = ? AND identity = ? AND left_at IS NOT NULL ORDER BY left_at DESC""")
                .params(roomSid, identity).query((rs, row) -> new Left(rs.getString(1), rs.getTimestamp(2).toInstant()))
                .list().stream().findFirst();
    }

    private static <T> List<T> chunked(Collection<String> values, Function<List<String>, List<T>> query) {
        var all = new ArrayList<T>();
        var list = List.copyOf(values);
        for (var from = 0; from < list.size(); from += CHUNK) {
            all.addAll(query.apply(list.subList(from, Math.min(list.size(), from + CHUNK))));
        }
        return all;
    }
}
