package dev.roomwarden.history;

import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;

/**
 * A participant_joined that history kept for the first time, from a webhook or made up by polling ({@code polled}):
 * published once per participant session by whichever instance kept it, on the thread that kept it.
 */
public record ParticipantJoined(Room room, ParticipantInfo participant, boolean polled) {
}
