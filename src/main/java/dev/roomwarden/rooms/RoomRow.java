package dev.roomwarden.rooms;

import java.time.Instant;

import dev.roomwarden.input.Text;
import dev.roomwarden.input.UrlNames;
import dev.roomwarden.display.Times;
import dev.roomwarden.display.Paths;
import livekit.LivekitModels.Room;

/** A LiveKit room as staff see it. */
public record RoomRow(
        String name,
        String sid,
        int participants,
        int publishers,
        Instant created,
        String metadata,
        boolean recording,
        int emptyTimeout,
        int maxParticipants) {

    static RoomRow of(Room room) {
        return new RoomRow(room.getName(), room.getSid(), room.getNumParticipants(), room.getNumPublishers(),
                Times.fromMillisOrSeconds(room.getCreationTimeMs(), room.getCreationTime()), room.getMetadata(),
                room.getActiveRecording(), room.getEmptyTimeout(), room.getMaxParticipants());
    }

    /** The name as a ticked box or hidden field carries it (line breaks and the like survive the browser). */
    public String field() {
        return UrlNames.encode(name);
    }

    public String path() {
        return Paths.room(name);
    }

    public String historyPath() {
        return Paths.roomHistory(sid);
    }

    public String deletePath() {
        return Paths.deleteRoom(name, sid);
    }

    public String messagePath() {
        return Paths.roomMessage(name, sid);
    }

    public String metadataPath() {
        return Paths.roomMetadata(name, sid);
    }

    public String dispatchPath() {
        return Paths.dispatchAgent(name, sid);
    }

    /** The dialog of calling a phone number into the room. */
    public String callPath() {
        return Paths.callNumber(name, sid);
    }

    public String removeParticipantsPath() {
        return Paths.removeParticipants(name);
    }

    public String removeAgentsPath() {
        return Paths.removeParticipants(name) + "?all=agents";
    }

    public String createdAgo(Instant now) {
        return Times.ago(created, now);
    }

    public String createdExact() {
        return Times.exact(created);
    }

    public String metadataPreview() {
        return Text.preview(metadata);
    }
}
