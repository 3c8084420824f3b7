package dev.roomwarden.recordings;

import java.net.URI;

import dev.roomwarden.security.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Recording rooms with LiveKit Egress. {@code minRole}: who may start and stop recordings (MODERATOR or ADMIN).
 * {@code filePath}: where the egress worker writes each file, on its own storage, with LiveKit's placeholders
 * ({room_name}, {room_id}, {time}, ...). {@code allowTypedPath}: whether staff may type another path when they
 * start one. {@code downloadBaseUrl}: where that storage can be read over HTTP(S), for download links (none: no links).
 */
@ConfigurationProperties("roomwarden.recording")
public record RecordingProperties(
        @DefaultValue("MODERATOR") Role minRole,
        @DefaultValue("recordings/{room_name}-{time}") String filePath,
        @DefaultValue("false") boolean allowTypedPath,
        URI downloadBaseUrl) {

    public RecordingProperties {
        if (minRole == Role.VIEWER) {
            throw new IllegalArgumentException("roomwarden.recording.min-role must be MODERATOR or ADMIN");
        }
        if (filePath == null || filePath.isBlank() || filePath.length() > 500) {
            throw new IllegalArgumentException("roomwarden.recording.file-path must be a path of 1 to 500 characters");
        }
        if (downloadBaseUrl != null && !("https".equals(downloadBaseUrl.getScheme()) || "http".equals(downloadBaseUrl.getScheme()))) {
            throw new IllegalArgumentException("roomwarden.recording.download-base-url must be an http(s) URL");
        }
    }
}
