package dev.roomwarden.emulator;

import java.util.Map;

/**
 * The {@code video} and {@code sip} grants of a verified token; {@link #NONE} when the request carried no token.
 * {@code sipAdmin} and {@code sipCall} are the claim {@code sip: {admin, call}} (protocol auth/grants.go SIPGrants).
 */
record Grants(boolean roomList, boolean roomCreate, boolean roomAdmin, String room, String destinationRoom, boolean roomRecord,
        boolean ingressAdmin, boolean sipAdmin, boolean sipCall) {

    static final Grants NONE = new Grants(false, false, false, "", "", false, false, false, false);

    static Grants of(Map<String, Object> video) {
        return of(video, null);
    }

    static Grants of(Map<String, Object> video, Map<String, Object> sip) {
        if (video == null && sip == null) {
            return NONE;
        }
        var v = video == null ? Map.<String, Object>of() : video;
        var s = sip == null ? Map.<String, Object>of() : sip;
        return new Grants(isTrue(v.get("roomList")), isTrue(v.get("roomCreate")),
                isTrue(v.get("roomAdmin")), text(v.get("room")), text(v.get("destinationRoom")),
                isTrue(v.get("roomRecord")), isTrue(v.get("ingressAdmin")), isTrue(s.get("admin")), isTrue(s.get("call")));
    }

    /** roomAdmin for exactly this room, as RoomService requires for participant calls and AgentDispatchService for all. */
    boolean adminOf(String requestedRoom) {
        return roomAdmin && room.equals(requestedRoom);
    }

    /** livekit-server's EnsureDestRoomPermission (MoveParticipant, ForwardParticipant): admin of the source, named destination. */
    boolean mayMove(String source, String destination) {
        return adminOf(source) && destinationRoom.equals(destination);
    }

    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value);
    }

    private static String text(Object value) {
        return value instanceof String text ? text : "";
    }
}
