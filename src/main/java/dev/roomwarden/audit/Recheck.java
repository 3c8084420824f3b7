package dev.roomwarden.audit;

/**
 * Whether an action LiveKit did not answer in time is in effect now, read from LiveKit itself (past any
 * cache): the participant gone, the room ended, the track muted, the metadata set. Throws a
 * {@code LiveKitException} when LiveKit cannot be read.
 */
@FunctionalInterface
public interface Recheck {

    boolean done();
}
