package dev.roomwarden.emulator;

/**
 * An RPC request as the destination participant received it: the caller identity is a fresh UUID equal to the
 * request id (livekit-server's PerformRpc), and a re-sent request has a new one.
 */
public record RpcRequestSeen(String room, String identity, String method, String payload, String callerIdentity,
        long responseTimeoutMs) {
}
