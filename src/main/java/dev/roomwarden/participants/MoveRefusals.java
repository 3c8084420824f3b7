package dev.roomwarden.participants;

import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitFailure;

/** LiveKit's refusals of MoveParticipant (livekit-server's RoomService and ParticipantImpl.SupportsMoving), in words. */
final class MoveRefusals {

    static final String NOT_IMPLEMENTED = "This LiveKit server does not implement moving participants: LiveKit Cloud "
            + "implements it; the open-source server does not.";

    private MoveRefusals() {
    }

    static LiveKitException explained(LiveKitException e, String room, String identity, String destination, String host) {
        var notMoved = "“" + identity + "” was not moved to “" + destination + "”: ";
        var message = e.twirpMessage() == null ? "" : e.twirpMessage();
        if (e.failure() == LiveKitFailure.NOT_IMPLEMENTED) {
            return e.explained(notMoved + "LiveKit at " + host + " answered “not implemented”. " + NOT_IMPLEMENTED
                    + " Roomwarden no longer offers Move for this server.");
        }
        if (message.contains("same as source room")) {
            return e.explained(notMoved + "they are already in “" + room + "”. Choose another room.");
        }
        if (message.contains("cannot be moved")) {
            return e.explained(notMoved + "LiveKit does not move agents (nor egress participants). Hand the conversation "
                    + "over or remove the agent instead.");
        }
        if (message.contains("client version does not support moving")) {
            return e.explained(notMoved + "their LiveKit client is too old to be moved. They can leave and join “"
                    + destination + "” themselves, or update their app.");
        }
        return e;
    }
}
