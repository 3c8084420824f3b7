package dev.roomwarden.emulator;

import java.util.List;
import java.util.Map;

import livekit.LivekitModels.ParticipantInfo;

/** A simulated participant to add: what a client would bring when joining. */
public record ParticipantSpec(
        String identity,
        String name,
        ParticipantInfo.Kind kind,
        String metadata,
        Map<String, String> attributes,
        List<TrackSpec> tracks) {

    public ParticipantSpec {
        name = name == null ? "" : name;
        kind = kind == null ? ParticipantInfo.Kind.STANDARD : kind;
        metadata = metadata == null ? "" : metadata;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        tracks = tracks == null ? List.of() : List.copyOf(tracks);
    }
}
