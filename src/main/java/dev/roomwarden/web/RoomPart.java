package dev.roomwarden.web;

import org.springframework.ui.Model;

/**
 * The live part of a room's page, which an action on the room or on anything in it answers with. The
 * rooms feature provides it; features inside a room (participants, agents) answer through
 * {@link Answers} without depending on the rooms feature.
 */
public interface RoomPart {

    /** The template and fragment of the room part with the message area and the closed dialog. */
    String ACTION_RESULT = "rooms/room :: actionResult";

    /**
     * Adds the room and its participants, or the LiveKit error. Returns false only when LiveKit says the
     * room does not exist.
     */
    boolean addTo(String room, Model model);
}
