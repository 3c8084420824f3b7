package dev.roomwarden.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;

import dev.roomwarden.display.Times;
import dev.roomwarden.input.Text;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The history page's reads: room sessions as a filter selects them, newest first, a page at a time (each condition
 * answered from an index: V8, V10), where a participant was, and how many events polling had to add.
 */
@Repository
class HistoryList {

    /** LiveKit's own event types: the drift count leaves out Roomwarden's agent_* events, which no webhook ever says. */
    static final List<String> LIVEKIT_EVENTS = List.of("room_started", "room_finished", "participant_joined", "participant_left",
            "participant_connection_aborted", "track_published", "track_unpublished", "egress_started", "egress_updated",
            "egress_ended", "ingress_started", "ingress_ended");

    /** When a participant the filter asked for was in the session. */
    public record Appearance(String identity, String name, String kind, Instant joined, Instant left, String disconnectReason) {

        public String joinedExact() {
            return Times.exact(joined);
        }

        public String leftExact() {
            return Times.exact(left);
        }

        public String stayed() {
            return joined == null || left == null ? null : SessionRow.duration(Duration.between(joined, left));
        }
    }

    /** One row of the history table. */
    public record SessionRow(String roomSid, String name, Instant started, Instant ended, int peakParticipants, boolean hadAgent,
            boolean hadSip, List<Appearance> appearances) {

        public String startedExact() {
            return Times.exact(started);
        }

        public String startedAgo(Instant now) {
            return Times.ago(started, now);
        }

        public String endedExact() {
            return Times.exact(ended);
        }

        /** How long the session lasted, or null while no end is seen. */
        public String duration() {
            return ended == null || started == null ? null : duration(Duration.between(started, ended));
        }

        /** How long a live session has lasted until now. */
        public String durationSoFar(Instant now) {
            return started == null ? null : duration(Duration.between(started, now));
        }

        /** Started in milliseconds, ended in seconds: a short session may end "before" it started. */
        static String duration(Duration duration) {
            var seconds = Math.max(0, duration.toSeconds());
            if (seconds < 60) {
                return seconds + " s";
            }
            if (seconds < 3600) {
                return seconds / 60 + " min " + seconds % 60 + " s";
            }
            return seconds / 3600 + " h " + (seconds % 3600) / 60 + " min";
        }

        SessionRow with(List<Appearance> found) {
            return new SessionRow(roomSid, name, started, ended, peakParticipants, hadAgent, hadSip, found);
        }
    }

    public record HistoryPage(List<SessionRow> sessions, boolean hasNext) {
    }

    private final JdbcClient jdbc;

    HistoryList(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    HistoryPage search(HistoryFilter filter) {
        var where = new ArrayList<String>();
        var params = new ArrayList<Object>();
        if (filter.room() != null) {
            where.add("room_name LIKE ? ESCAPE '\\'");
            params.add(Text.likePrefix(filter.room()));
        }
        if (filter.kind() == HistoryFilter.Kind.AGENT) {
            where.add("had_agent = TRUE");
        }
        if (filter.kind() == HistoryFilter.Kind.SIP) {
            where.add("had_sip = TRUE");
        }
        if (filter.fromInstant() != null) {
            where.add("started_at >= ?");
            params.add(Timestamp.from(filter.fromInstant()));
        }
        if (filter.toInstantExclusive() != null) {
            where.add("started_at < ?");
            params.add(Timestamp.from(filter.toInstantExclusive()));
        }
        // A duration is a session's that ended: one with no end seen may be live, or its room_finished lost.
        var lasted = "(EXTRACT(EPOCH FROM ended_at) - EXTRACT(EPOCH FROM started_at))";
        if (filter.min() != null) {
            where.add("ended_at IS NOT NULL AND " + lasted + " >= ?");
            params.add(filter.min() * 60L);
        }
        if (filter.max() != null) {
            where.add("ended_at IS NOT NULL AND " + lasted + " <= ?");
            params.add(filter.max() * 60L);
        }
        var columns = "r.room_sid, room_name, started_at, ended_at, peak_participants, had_agent, had_sip";
        var conditions = where.stream().map(condition -> " AND " + condition).collect(Collectors.joining());
        String sessions;
        var values = new ArrayList<Object>();
        // A tag leads with its (tag, room_sid) index: only the tagged sessions are read, then sorted.
        var tagged = filter.tag() == null ? "" : " JOIN session_tag t ON t.room_sid = r.room_sid AND t.tag = ?";
        if (filter.identity() == null) {
            sessions = "SELECT " + columns + " FROM room_session r" + tagged + " WHERE TRUE" + conditions;
            if (filter.tag() != null) {
                values.add(filter.tag());
            }
            values.addAll(params);
        } else {
            // One branch for the identity and one for the name, each led by its own index (an OR of the two columns is
            // a scan on H2), and joined rather than "IN (subquery)", which H2 runs again for each session it finds.
            var branch = "SELECT " + columns + " FROM participant_session p JOIN room_session r ON r.room_sid = p.room_sid" + tagged
                    + " WHERE p.";
            sessions = "SELECT * FROM (" + branch + "identity = ?" + conditions + " UNION " + branch + "name = ?" + conditions + ") matched";
            for (int branches = 0; branches < 2; branches++) {
                if (filter.tag() != null) {
                    values.add(filter.tag());
                }
                values.add(filter.identity());
                values.addAll(params);
            }
        }
        var sql = sessions + " ORDER BY started_at DESC, room_sid DESC LIMIT " + (HistoryFilter.PAGE_SIZE + 1)
                + " OFFSET " + (filter.page() - 1) * HistoryFilter.PAGE_SIZE;
        var rows = jdbc.sql(sql).params(values).query(HistoryList::row).list();
        var more = rows.size() > HistoryFilter.PAGE_SIZE;
        var shown = more ? rows.subList(0, HistoryFilter.PAGE_SIZE) : rows;
        return new HistoryPage(filter.identity() == null ? shown : withAppearances(shown, filter.identity()), more);
    }

    /** How many LiveKit events polling saw since this instant that no webhook had said. */
    long addedByPollingSince(Instant since) {
        return jdbc.sql("SELECT COUNT(*) FROM history_event WHERE source = 'polling' AND created_at > :since AND event_type IN (:types)")
                .param("since", Timestamp.from(since)).param("types", LIVEKIT_EVENTS).query(Long.class).single();
    }

    private List<SessionRow> withAppearances(List<SessionRow> rows, String who) {
        if (rows.isEmpty()) {
            return rows;
        }
        var found = new LinkedHashMap<String, List<Appearance>>();
        jdbc.sql("""
                SELECT room_sid, identity, name, kind, joined_at, left_at, disconnect_reason FROM participant_session
                WHERE room_sid IN (:sids) AND (identity = :who OR name = :who) ORDER BY joined_at, participant_sid""")
                .param("sids", rows.stream().map(SessionRow::roomSid).toList()).param("who", who)
                .query((ResultSet rs) -> {
                    found.computeIfAbsent(rs.getString("room_sid"), sid -> new ArrayList<>()).add(new Appearance(rs.getString("identity"),
                            rs.getString("name"), rs.getString("kind"), instant(rs, "joined_at"), instant(rs, "left_at"),
                            rs.getString("disconnect_reason")));
                });
        return rows.stream().map(row -> row.with(found.getOrDefault(row.roomSid(), List.of()))).toList();
    }

    private static SessionRow row(ResultSet rs, int row) throws SQLException {
        return new SessionRow(rs.getString("room_sid"), rs.getString("room_name"), instant(rs, "started_at"),
                instant(rs, "ended_at"), rs.getInt("peak_participants"), rs.getBoolean("had_agent"), rs.getBoolean("had_sip"), List.of());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
