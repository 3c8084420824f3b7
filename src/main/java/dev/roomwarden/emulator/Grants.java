package dev.roomwarden.emulator;

import java.util.Map;

/** The {@code video} grant of a verified token; {@link #NONE} when the request carried no token. */
record Grants(boolean roomList, boolean roomCreate, boolean roomAdmin, String room) {

    static final Grants NONE = new Grants(false, false, false, "");

    static Grants of(Map<String, Object> video) {
        if (video == null) {
            return NONE;
        }
        return new Grants(isTrue(video.get("roomList")), isTrue(video.get("roomCreate")),
                isTrue(video.get("roomAdmin")), video.get("room") instanceof String room ? room : "");
    }

    /** roomAdmin for exactly this room, as RoomService requires for participant calls and AgentDispatchService for all. */
    boolean adminOf(String requestedRoom) {
        return roomAdmin && room.equals(requestedRoom);
    }

    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value);
    }
}
