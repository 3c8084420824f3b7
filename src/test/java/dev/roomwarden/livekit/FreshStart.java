package dev.roomwarden.livekit;

/** For tests of a shared application: the gateway as after a restart, nothing seen and LiveKit taken as answering. */
public final class FreshStart {

    private FreshStart() {
    }

    public static void of(LiveKitGateway gateway) {
        gateway.forget();
    }
}
