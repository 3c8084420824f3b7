package dev.roomwarden.rooms;

import java.time.Instant;

import dev.roomwarden.display.Paths;
import dev.roomwarden.display.Times;

/**
 * The room session a page followed, once it has ended: {@code at} is when LiveKit's room_finished said it ended,
 * or, before that event is kept (or without webhooks), when Roomwarden saw the room gone ({@code finished} false).
 * {@code sid} is null when the page did not know which session it showed; {@code replaced}: LiveKit already has a
 * new room of the same name, with another sid.
 */
public record EndedSession(String sid, Instant at, boolean finished, boolean replaced) {

    public String historyPath() {
        return sid == null ? null : Paths.roomHistory(sid);
    }

    public String ago(Instant now) {
        return Times.ago(at, now);
    }

    public String exact() {
        return Times.exact(at);
    }
}
