package dev.roomwarden.history;

import java.util.List;

import livekit.LivekitModels.ParticipantInfo;

/**
 * The participants of a live room as LiveKit just listed them (for the room page, or history's polling), for what keeps
 * more of them than history does (search keeps their attributes, which can change after joining). Published on the
 * thread that asked; a listener must not fail the page.
 */
public record ParticipantsListed(String roomSid, List<ParticipantInfo> participants) {
}
