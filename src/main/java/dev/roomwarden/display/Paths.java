package dev.roomwarden.display;

import java.nio.charset.StandardCharsets;

import dev.roomwarden.input.UrlNames;
import org.springframework.web.util.UriUtils;

/**
 * The URLs of rooms and participants. Each name is encoded as one path segment, so '/', '#', '?' and
 * '%' in LiveKit names stay inside it (Thymeleaf's own path variables leave '/' alone); a name that cannot
 * travel in a path at all is carried as {@link UrlNames} writes it, which the controllers decode.
 */
public final class Paths {

    private Paths() {
    }

    public static String room(String name) {
        return "/rooms/" + nameSegment(name);
    }

    public static String deleteRoom(String name) {
        return room(name) + "/delete";
    }

    /** The confirmation of ending a room, naming the sid the page showed (kept in the audit log). */
    public static String deleteRoom(String name, String sid) {
        return deleteRoom(name) + "?sid=" + UriUtils.encodeQueryParam(sid, StandardCharsets.UTF_8);
    }

    public static String removeParticipant(String room, String identity) {
        return participant(room, identity) + "/remove";
    }

    public static String removeParticipant(String room, String identity, String kind, String sid) {
        return removeParticipant(room, identity) + "?kind=" + UriUtils.encodeQueryParam(kind, StandardCharsets.UTF_8)
                + "&sid=" + UriUtils.encodeQueryParam(sid, StandardCharsets.UTF_8);
    }

    /** The dialog of handing an agent over to a human. */
    public static String handOver(String room, String identity, String sid) {
        return withSid(participant(room, identity) + "/hand-over", sid);
    }

    /** The dialog of transferring a phone caller's call to another number or SIP address. */
    public static String transferCall(String room, String identity, String sid) {
        return withSid(participant(room, identity) + "/transfer", sid);
    }

    /** How a hand-over goes, asked again until it is done. */
    public static String handOverStatus(String room, String handOverId) {
        return room(room) + "/hand-overs/" + segment(handOverId);
    }

    /** The confirmation of muting ({@code muted} false: unmuting) a participant's track. */
    public static String trackMute(String room, String identity, String trackSid, boolean mute, String participantSid) {
        return withSid(participant(room, identity) + "/tracks/" + segment(trackSid) + (mute ? "/mute" : "/unmute"), participantSid);
    }

    /** The confirmation of silencing a participant ({@code silence} false: letting them publish again). */
    public static String silence(String room, String identity, boolean silence, String participantSid) {
        return withSid(participant(room, identity) + (silence ? "/silence" : "/unsilence"), participantSid);
    }

    /** The form for sending a message into the room. */
    public static String roomMessage(String room, String roomSid) {
        return withSid(room(room) + "/message", roomSid);
    }

    /** The editor of the room's metadata. */
    public static String roomMetadata(String room, String roomSid) {
        return withSid(room(room) + "/metadata", roomSid);
    }

    /** The editor of a participant's name, metadata and attributes. */
    public static String editParticipant(String room, String identity, String participantSid) {
        return withSid(participant(room, identity) + "/edit", participantSid);
    }

    /** Moving a participant into another room: the dialog. */
    public static String moveParticipant(String room, String identity, String participantSid) {
        return withSid(participant(room, identity) + "/move", participantSid);
    }

    /** What a participant may do: the form. */
    public static String participantPermissions(String room, String identity, String participantSid) {
        return withSid(participant(room, identity) + "/permissions", participantSid);
    }

    /** The confirmation of removing several participants (ticked ones, or with {@code ?all=agents} every agent). */
    public static String removeParticipants(String room) {
        return room(room) + "/remove-participants";
    }

    /** The form for sending an agent into the room. */
    public static String dispatchAgent(String room, String roomSid) {
        return withSid(room(room) + "/dispatch", roomSid);
    }

    /** The confirmation of cancelling an agent dispatch. */
    public static String cancelDispatch(String room, String dispatchId) {
        return room(room) + "/dispatches/" + segment(dispatchId) + "/cancel";
    }

    /** The timeline of one room session, by the room's sid (a later room of the same name has another). */
    public static String roomHistory(String roomSid) {
        return "/history/" + segment(roomSid);
    }

    /** A room's page that follows one session of it (by sid): once that session ends, the page says so. */
    public static String room(String name, String sid) {
        return withSid(room(name), sid);
    }

    /** The dialog of recording the room (or one participant in it). */
    public static String recordRoom(String room, String roomSid) {
        return withSid(room(room) + "/record", roomSid);
    }

    /** The dialog of calling a phone number into the room. */
    public static String callNumber(String room, String roomSid) {
        return withSid(room(room) + "/call", roomSid);
    }

    /** The confirmation of stopping a recording; {@code from} ("room" or "recordings") is the page to go back to. */
    public static String stopRecording(String egressId, String from) {
        var path = "/recordings/" + segment(egressId) + "/stop";
        return from == null ? path : path + "?from=" + UriUtils.encodeQueryParam(from, StandardCharsets.UTF_8);
    }

    /** The confirmation of ending several rooms (ticked ones, or with {@code ?empty=true} every empty one). */
    public static final String END_ROOMS = "/end-rooms";

    private static String participant(String room, String identity) {
        return room(room) + "/participants/" + nameSegment(identity);
    }

    /** The path with the sid the page showed (kept in the audit log), when there is one. */
    private static String withSid(String path, String sid) {
        return sid == null ? path : path + "?sid=" + UriUtils.encodeQueryParam(sid, StandardCharsets.UTF_8);
    }

    private static String segment(String value) {
        return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
    }

    /** A room name or identity as one path segment. */
    private static String nameSegment(String value) {
        return segment(UrlNames.encode(value));
    }
}
