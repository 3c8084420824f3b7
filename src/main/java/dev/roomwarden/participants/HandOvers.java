package dev.roomwarden.participants;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.roomwarden.history.InsertOnce;
import dev.roomwarden.input.Text;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The hand-overs in the database, so that the dialog's polls can ask any instance how one is going: the
 * instance that runs it writes each step, and its outcome at the end.
 */
@Component
public class HandOvers {

    public enum State { RUNNING, LEFT, REMOVED, GONE, FAILED }

    public record HandOver(String id, String room, String participant, String username, State state, String progress, String outcome,
            Instant startedAt, Instant updatedAt) {

        public boolean running() {
            return state == State.RUNNING;
        }
    }

    private final JdbcClient jdbc;
    private final InsertOnce insertOnce;
    private final Clock clock;

    HandOvers(JdbcClient jdbc, InsertOnce insertOnce, Clock clock) {
        this.jdbc = jdbc;
        this.insertOnce = insertOnce;
        this.clock = clock;
    }

    /**
     * Starts a hand-over of this agent, or answers empty when one is running already (one moderator's second click,
     * or two moderators at once, on any instance): the running agent is a unique key. One whose instance stopped
     * mid-way holds it no longer.
     */
    Optional<String> start(String room, String participant, String username, String progress) {
        var id = UUID.randomUUID().toString();
        var now = clock.instant();
        jdbc.sql("""
                UPDATE hand_over SET running_room = NULL, running_participant = NULL
                WHERE running_room = ? AND running_participant = ? AND updated_at < ?""")
                .params(room, participant, Timestamp.from(now.minus(ABANDONED_AFTER))).update();
        var started = insertOnce.insert("""
                INSERT INTO hand_over (id, room, participant, username, state, progress, started_at, updated_at,
                    running_room, running_participant)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                id, room, participant, Text.cut(username, 64), State.RUNNING.name(), Text.cut(progress, 1000), Timestamp.from(now),
                Timestamp.from(now), room, participant);
        return started ? Optional.of(id) : Optional.empty();
    }

    void progress(String id, String progress) {
        jdbc.sql("UPDATE hand_over SET progress = ?, updated_at = ? WHERE id = ?")
                .params(Text.cut(progress, 1000), Timestamp.from(clock.instant()), id).update();
    }

    void finish(String id, State state, String outcome) {
        jdbc.sql("UPDATE hand_over SET state = ?, outcome = ?, updated_at = ?, running_room = NULL, running_participant = NULL WHERE id = ?")
                .params(state.name(), Text.cut(outcome, 2000), Timestamp.from(clock.instant()), id).update();
    }

    /** A hand-over that has written nothing for this long has lost its instance (stopped mid-way). */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    Optional<HandOver> find(String id) {
        return findAsWritten(id).map(h -> h.running() && h.updatedAt().isBefore(clock.instant().minus(ABANDONED_AFTER))
                ? new HandOver(h.id(), h.room(), h.participant(), h.username(), State.FAILED, h.progress(),
                        "Roomwarden stopped before this hand-over finished (at: " + h.progress() + "). Check the room and the audit log.",
                        h.startedAt(), h.updatedAt())
                : h);
    }

    private Optional<HandOver> findAsWritten(String id) {
        return jdbc.sql("SELECT * FROM hand_over WHERE id = ?").param(id)
                .query((rs, n) -> new HandOver(rs.getString("id"), rs.getString("room"), rs.getString("participant"),
                        rs.getString("username"), State.valueOf(rs.getString("state")), rs.getString("progress"),
                        rs.getString("outcome"), rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("updated_at").toInstant()))
                .optional();
    }

    /** The staff member's name as the agent may tell the customer, or the username when the account has none. */
    String displayName(String username) {
        return jdbc.sql("SELECT display_name FROM staff_account WHERE username = ?").param(username).query(String.class)
                .optional().filter(name -> !name.isBlank()).orElse(username);
    }
}
