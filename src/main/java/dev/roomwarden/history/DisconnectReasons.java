package dev.roomwarden.history;

import java.util.EnumMap;
import java.util.Map;

import livekit.LivekitModels.DisconnectReason;

/**
 * LiveKit's DisconnectReason in words, as the open-source server sets each (pkg/rtc/types/interfaces.go). They say
 * what LiveKit knows, no more: PARTICIPANT_REMOVED alone cannot tell a member of staff from any API client.
 */
public final class DisconnectReasons {

    private static final Map<DisconnectReason, String> WORDS = new EnumMap<>(Map.ofEntries(
            Map.entry(DisconnectReason.UNKNOWN_REASON, "no reason given"),
            Map.entry(DisconnectReason.CLIENT_INITIATED, "left by themselves"),
            Map.entry(DisconnectReason.DUPLICATE_IDENTITY, "replaced by a new connection with the same identity"),
            Map.entry(DisconnectReason.SERVER_SHUTDOWN, "the LiveKit server shut down"),
            Map.entry(DisconnectReason.PARTICIPANT_REMOVED, "removed (by staff or the API)"),
            Map.entry(DisconnectReason.ROOM_DELETED, "the room was ended"),
            Map.entry(DisconnectReason.STATE_MISMATCH, "a media negotiation or state error"),
            Map.entry(DisconnectReason.JOIN_FAILURE, "joining failed or timed out"),
            Map.entry(DisconnectReason.MIGRATION, "moved to another server (LiveKit Cloud)"),
            Map.entry(DisconnectReason.SIGNAL_CLOSE, "connection lost (the signal connection closed)"),
            Map.entry(DisconnectReason.ROOM_CLOSED, "room closed when only agents were left"),
            Map.entry(DisconnectReason.USER_UNAVAILABLE, "the called user was unavailable"),
            Map.entry(DisconnectReason.USER_REJECTED, "the called user rejected the call"),
            Map.entry(DisconnectReason.SIP_TRUNK_FAILURE, "the SIP trunk failed"),
            Map.entry(DisconnectReason.CONNECTION_TIMEOUT, "connection lost (the media connection timed out)"),
            Map.entry(DisconnectReason.MEDIA_FAILURE, "the media failed"),
            Map.entry(DisconnectReason.AGENT_ERROR, "the agent reported an error")));

    private DisconnectReasons() {
    }

    /** The reason in words; a name this SDK does not know, as LiveKit named it. */
    public static String words(String reason) {
        if (reason == null || reason.isEmpty()) {
            return "";
        }
        try {
            var known = WORDS.get(DisconnectReason.valueOf(reason));
            return known == null ? reason : known;
        } catch (IllegalArgumentException e) {
            return reason;
        }
    }

    static boolean hasWords(DisconnectReason reason) {
        return WORDS.containsKey(reason);
    }
}
