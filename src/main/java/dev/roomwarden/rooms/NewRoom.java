package dev.roomwarden.rooms;

import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.input.Metadata;
import dev.roomwarden.input.Text;

/**
 * A room staff create ahead of its participants: its name, how long it waits for a first participant
 * ({@code emptyTimeout}) and after the last one left ({@code departureTimeout}), in seconds, its size
 * limit, and its metadata. Zero means LiveKit's default (300 s, 20 s, no limit).
 */
public record NewRoom(String name, int emptyTimeout, int departureTimeout, int maxParticipants, String metadata) {

    static final int MAX_TIMEOUT = 7 * 24 * 3600;
    static final int MAX_PARTICIPANTS = 100_000;

    static NewRoom parse(String name, String emptyTimeout, String departureTimeout, String maxParticipants, String metadata) {
        var roomName = name == null ? "" : name.strip();
        LiveKitNames.checkRoomName(roomName);
        return new NewRoom(roomName, number(emptyTimeout, "empty timeout", MAX_TIMEOUT),
                number(departureTimeout, "departure timeout", MAX_TIMEOUT),
                number(maxParticipants, "maximum of participants", MAX_PARTICIPANTS), Metadata.check(metadata));
    }

    private static int number(String value, String what, int max) {
        return Text.wholeNumber(value, 0, 0, max, "The " + what + " must be a whole number from 0 to " + max + " (0: LiveKit's default).");
    }

    /** For the audit record. */
    String describe() {
        return "empty timeout " + orDefault(emptyTimeout, " s") + ", departure timeout " + orDefault(departureTimeout, " s")
                + ", max participants " + orDefault(maxParticipants, "") + (metadata.isEmpty() ? "" : ", metadata: " + metadata);
    }

    private static String orDefault(int value, String unit) {
        return value == 0 ? "default" : value + unit;
    }
}
