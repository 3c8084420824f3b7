package dev.roomwarden.audit;

import java.util.Locale;

/** What staff did, as recorded and filtered in the audit log. */
public enum AuditAction {
    REMOVE_PARTICIPANT,
    HAND_OVER_AGENT,
    MUTE_TRACK,
    UNMUTE_TRACK,
    SILENCE_PARTICIPANT,
    UPDATE_PARTICIPANT,
    CHANGE_PERMISSIONS,
    UNSILENCE_PARTICIPANT,
    /** MoveParticipant: into another room (LiveKit Cloud; the open-source server answers "not implemented"). */
    MOVE_PARTICIPANT,
    SEND_MESSAGE,
    DISPATCH_AGENT,
    CANCEL_DISPATCH,
    UPDATE_ROOM_METADATA,
    CREATE_ROOM,
    DELETE_ROOM,
    LOGIN,
    LOGIN_FAILED,
    /** An account locked after failed logins, before Roomwarden throttled guesses instead (V6): old records only. */
    LOCKED_OUT,
    /** Failed password checks reached a limit: further attempts wait (per address, or per account from new addresses). */
    LOGIN_THROTTLED,
    LOGOUT,
    CREATE_ACCOUNT,
    CHANGE_ROLE,
    DISABLE_ACCOUNT,
    ENABLE_ACCOUNT,
    RESET_PASSWORD,
    CHANGE_OWN_PASSWORD,
    /** Staff decided to keep an identity out of a room, or of every room, for a while or until lifted. */
    KEEP_OUT,
    /** Roomwarden removed a kept-out identity that joined again (a system action, in the keep-out's batch). */
    REMOVE_KEPT_OUT,
    LIFT_KEEP_OUT,
    /** An egress started from Roomwarden (room composite or one participant); the detail begins with its egress id. */
    START_RECORDING,
    /** StopEgress; the detail begins with the egress id. */
    STOP_RECORDING,
    /** CreateIngress; the detail begins with the ingress id (never the stream key). */
    CREATE_INGRESS,
    DELETE_INGRESS,
    /** Staff were shown an ingress's stream key after its creation. */
    REVEAL_STREAM_KEY,
    /** An inbound or outbound SIP trunk created, replaced or deleted at /telephony; the detail begins with its id (never a password). */
    CREATE_SIP_TRUNK,
    UPDATE_SIP_TRUNK,
    DELETE_SIP_TRUNK,
    /** A SIP dispatch rule created, replaced or deleted at /telephony; the detail begins with its id. */
    CREATE_SIP_DISPATCH_RULE,
    UPDATE_SIP_DISPATCH_RULE,
    DELETE_SIP_DISPATCH_RULE,
    /** CreateSIPParticipant from the room page: a phone number dialled into the room (the number masked in the detail). */
    CALL_PHONE_NUMBER,
    /** TransferSIPParticipant: a caller's call handed to another number or SIP address (masked in the detail). */
    TRANSFER_CALL,
    /** An item of the overview's "Needs attention" acknowledged: it leaves the list (the detail says which). */
    ACKNOWLEDGE_ATTENTION,
    /** An attention rule's threshold, or whether it is checked or notifies, changed at /alerts. */
    UPDATE_ALERT_RULE,
    /** An alert target (outgoing webhook or e-mail address) added, changed or removed at /alerts (never a secret in the detail). */
    CREATE_ALERT_TARGET,
    UPDATE_ALERT_TARGET,
    DELETE_ALERT_TARGET,
    /** "Send test" at /alerts: the detail says whether the target took it. */
    SEND_TEST_ALERT,
    /** An ADMIN shared one of their saved views (a named filter) in everyone's navigation; the detail names it. */
    PUBLISH_VIEW,
    UNPUBLISH_VIEW,
    /** A shared saved view deleted (by its owner or an ADMIN). */
    DELETE_SHARED_VIEW,
    /** A note written on a room session (the live room's, or an ended one's from its timeline); the detail begins with its number. */
    WRITE_NOTE,
    /** Its author changed a note within the edit window (roomwarden.notes.edit-window); the detail has the new text. */
    EDIT_NOTE,
    /** An ADMIN deleted a note; the detail keeps its author, time and text (cut), which the note no longer does. */
    DELETE_NOTE,
    /** A tag (escalated, billing) added to or removed from a room session; the detail names the tag. */
    ADD_TAG,
    REMOVE_TAG;

    /** "remove participant": how the log shows it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
