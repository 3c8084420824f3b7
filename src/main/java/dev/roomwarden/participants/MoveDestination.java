package dev.roomwarden.participants;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.LiveKitNames;

/** The room a participant is to be moved to: one of the live rooms, or a name typed (which wins when both are given). */
record MoveDestination(String name) {

    /** {@code chosen}: the select's value ({@code UrlNames}-encoded); {@code typed}: as typed, spaces around it dropped. */
    static MoveDestination of(String chosen, String typed) {
        var name = typed == null ? "" : typed.strip();
        if (!name.isEmpty()) {
            return new MoveDestination(LiveKitNames.checkRoomName(name));
        }
        if (chosen == null || chosen.isEmpty()) {
            throw new InvalidInputException("Choose the room to move them to, or type its name.");
        }
        return new MoveDestination(LiveKitNames.requireRoomName(chosen));
    }
}
