package dev.roomwarden.emulator;

import java.util.Set;

/**
 * How MoveParticipant behaves: as the open-source livekit-server (a stub that answers "not implemented", the
 * default) or as LiveKit Cloud (the participant leaves one room and joins the other). Switched at run time
 * through {@link LiveKitEmulator#moves()} or {@code POST /emulator/moves}, like the faults.
 */
public final class Moves {

    private volatile boolean cloud;
    private volatile Set<String> oldClients = Set.of();

    /** Moves are carried out, as LiveKit Cloud does; {@code false}: the open-source server's "not implemented". */
    public void cloud(boolean cloud) {
        this.cloud = cloud;
    }

    public boolean cloud() {
        return cloud;
    }

    /**
     * These identities connect with a client whose protocol is too old to be moved (15 or lower, as
     * livekit-server's SupportsMoving checks); simulated participants have no client of their own.
     */
    public void oldClients(Set<String> identities) {
        this.oldClients = Set.copyOf(identities);
    }

    boolean oldClient(String identity) {
        return oldClients.contains(identity);
    }

    /** The open-source server again, every client new enough. */
    public void reset() {
        cloud = false;
        oldClients = Set.of();
    }
}
