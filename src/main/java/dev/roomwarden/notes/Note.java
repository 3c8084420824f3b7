package dev.roomwarden.notes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.roomwarden.display.Times;

/** A note on a room session: who wrote it and when, and when its author last edited it (null: never). */
public record Note(long id, String roomSid, String roomName, String text, String writtenBy, Instant writtenAt, Instant editedAt) {

    public List<NoteText.Part> parts() {
        return NoteText.parts(text);
    }

    public String writtenExact() {
        return Times.exact(writtenAt);
    }

    public String writtenAgo(Instant now) {
        return Times.ago(writtenAt, now);
    }

    public String editedExact() {
        return Times.exact(editedAt);
    }

    /** Whether {@code username} may still edit it: its author, within the window after writing it. */
    boolean editableBy(String username, Instant now, Duration window) {
        return writtenBy.equals(username) && !now.isAfter(writtenAt.plus(window));
    }

    public String editPath() {
        return "/history/" + roomSid + "/notes/" + id + "/edit";
    }

    public String deletePath() {
        return "/history/" + roomSid + "/notes/" + id + "/delete";
    }
}
