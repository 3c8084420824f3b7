package dev.roomwarden.pins;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;

import dev.roomwarden.input.InvalidInputException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The rooms each member of staff starred, by room name (a room's name outlives its sessions): they come first in
 * that person's /rooms. Personal, so not audited; nobody else sees them.
 */
@Service
public class Pins {

    /** Enough for a desk's own rooms; more would make "first" mean nothing. */
    static final int MAX_PINS = 200;

    private final JdbcClient jdbc;
    private final Clock clock;

    Pins(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The names this person pinned, the newest first. */
    public Set<String> of(String username) {
        return new LinkedHashSet<>(jdbc.sql("SELECT room_name FROM pinned_room WHERE username = ? ORDER BY pinned_at DESC, room_name")
                .param(username).query(String.class).list());
    }

    public boolean pinned(String username, String room) {
        return jdbc.sql("SELECT COUNT(*) FROM pinned_room WHERE username = ? AND room_name = ?").params(username, room)
                .query(Integer.class).single() > 0;
    }

    /** Pins the room; pinning a pinned room again changes nothing. */
    void pin(String username, String room) {
        if (pinned(username, room)) {
            return;
        }
        var count = jdbc.sql("SELECT COUNT(*) FROM pinned_room WHERE username = ?").param(username).query(Integer.class).single();
        if (count >= MAX_PINS) {
            throw new InvalidInputException("You have pinned " + MAX_PINS + " rooms, the most Roomwarden keeps. Unpin one first.");
        }
        try {
            jdbc.sql("INSERT INTO pinned_room (username, room_name, pinned_at) VALUES (?, ?, ?)")
                    .params(username, room, Timestamp.from(clock.instant())).update();
        } catch (DuplicateKeyException e) {
            // Pinned meanwhile from another tab: what was asked for is so.
        }
    }

    void unpin(String username, String room) {
        jdbc.sql("DELETE FROM pinned_room WHERE username = ? AND room_name = ?").params(username, room).update();
    }
}
