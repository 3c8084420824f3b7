package dev.roomwarden.emulator;

import java.util.Map;

/** The {@code video} grant of a verified token; {@link #NONE} when the request carried no token. */
record Grants(boolean roomList, boolean roomCreate, boolean roomAdmin, String room, String destinationRoom, boolean roomRecord,
        boolean ingressAdmin) {

    static final Grants NONE = new Grants(false, false, false, "", "", false, false);

    static Grants of(Map<String, Object> video) {
        if (video == null) {
            return NONE;
        }
        return new Grants(isTrue(video.get("roomList")), isTrue(video.get("roomCreate")),
                isTrue(video.get("roomAdmin")), text(video.get("room")), text(video.get("destinationRoom")),
                isTrue(video.get("roomRecord")), isTrue(video.get("ingressAdmin")));
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
