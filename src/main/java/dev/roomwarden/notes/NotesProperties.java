package dev.roomwarden.notes;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Notes on room sessions: how long after writing one its author may still edit it ({@code editWindow}). */
@ConfigurationProperties("roomwarden.notes")
public record NotesProperties(@DefaultValue("5m") Duration editWindow) {

    public NotesProperties {
        if (editWindow.isNegative() || editWindow.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("roomwarden.notes.edit-window must be between 0s and 1d");
        }
    }
}
