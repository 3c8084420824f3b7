package dev.roomwarden.livekit;

/** What LiveKit answered to an action that changes something. Failures are {@link LiveKitException}s. */
public enum ActionOutcome {
    DONE,
    /** LiveKit answered {@code not_found}: someone or something got there first. */
    ALREADY_GONE
}
