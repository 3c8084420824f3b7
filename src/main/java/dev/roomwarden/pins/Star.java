package dev.roomwarden.pins;

import dev.roomwarden.display.Paths;
import dev.roomwarden.input.UrlNames;

/** A room's star on its page: whether this viewer pinned it, and what its form sends. */
public record Star(String room, boolean pinned) {

    /** The room's name as the form field carries it. */
    public String field() {
        return UrlNames.encode(room);
    }

    /** Where a plain form returns: the room's page. */
    public String back() {
        return Paths.room(room);
    }
}
