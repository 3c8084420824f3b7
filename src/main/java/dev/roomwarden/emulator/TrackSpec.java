package dev.roomwarden.emulator;

import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;

/** A track a simulated participant publishes. */
public record TrackSpec(TrackType type, TrackSource source, boolean muted) {
}
