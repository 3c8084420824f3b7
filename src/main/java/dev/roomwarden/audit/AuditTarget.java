package dev.roomwarden.audit;

/** What an action was done to; any part may be null. */
public record AuditTarget(String room, String roomSid, String participant, String participantSid, String account) {

    public static AuditTarget room(String room) {
        return new AuditTarget(room, null, null, null, null);
    }

    public static AuditTarget participant(String room, String identity) {
        return new AuditTarget(room, null, identity, null, null);
    }

    public static AuditTarget account(String username) {
        return new AuditTarget(null, null, null, null, username);
    }

    public AuditTarget withSids(String roomSid, String participantSid) {
        return new AuditTarget(room, roomSid, participant, participantSid, account);
    }
}
