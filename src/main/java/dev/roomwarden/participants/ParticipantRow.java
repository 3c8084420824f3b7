package dev.roomwarden.participants;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.roomwarden.input.Text;
import dev.roomwarden.input.UrlNames;
import dev.roomwarden.display.Times;
import dev.roomwarden.display.Paths;
import dev.roomwarden.phonenumbers.ShownNumbers;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;

/** A participant as staff see it. */
public record ParticipantRow(
        String sid,
        String identity,
        String name,
        String kind,
        String state,
        Instant joined,
        List<TrackRow> tracks,
        String region,
        String metadata,
        java.util.Map<String, String> attributes,
        boolean canPublish) {

    public static ParticipantRow of(ParticipantInfo participant) {
        return new ParticipantRow(participant.getSid(), participant.getIdentity(), participant.getName(),
                label(participant.getKind().name()), label(participant.getState().name()),
                Times.fromMillisOrSeconds(participant.getJoinedAtMs(), participant.getJoinedAt()),
                participant.getTracksList().stream().map(TrackRow::of).toList(),
                participant.getRegion(), participant.getMetadata(), new java.util.TreeMap<>(participant.getAttributesMap()),
                participant.getPermission().getCanPublish());
    }

    /** Attributes as "key = value", each on one line and cut to a readable length, numbers as this viewer sees them. */
    public List<String> attributeLines(ShownNumbers numbers) {
        return attributes.entrySet().stream()
                .map(e -> e.getKey() + " = " + numbers.attribute(e.getKey(), e.getValue()))
                .map(Text::preview)
                .toList();
    }

    /** A phone call bridged into the room by LiveKit SIP. */
    public boolean sip() {
        return "SIP".equals(kind);
    }

    /** The other end's number (LiveKit's sip.phoneNumber), empty when LiveKit hides it. */
    public String phoneNumber() {
        return attributes.getOrDefault("sip.phoneNumber", "");
    }

    /** The trunk's own number the call came in on or went out from (sip.trunkPhoneNumber). */
    public String trunkPhoneNumber() {
        return attributes.getOrDefault("sip.trunkPhoneNumber", "");
    }

    public String trunk() {
        return attributes.getOrDefault("sip.trunkID", "");
    }

    /** LiveKit's sip.callStatus as it is (dialing, ringing, automation, active, hangup), empty when not set yet. */
    public String callStatus() {
        return attributes.getOrDefault("sip.callStatus", "");
    }

    /** A phone call LiveKit is still placing (dialling or ringing): the room page follows it every second. */
    public boolean ringing() {
        return sip() && ("dialing".equals(callStatus()) || "ringing".equals(callStatus()));
    }

    /** For the badge's colour: only LiveKit's own statuses name a class. */
    public String callStatusClass() {
        return switch (callStatus()) {
            case "dialing", "ringing", "automation", "active", "hangup" -> callStatus();
            default -> "other";
        };
    }

    /** The call status in words; a status this version does not know is shown as LiveKit wrote it. */
    public String callStatusWords() {
        return switch (callStatus()) {
            case "" -> "no call status yet";
            case "dialing" -> "dialling";
            case "ringing" -> "ringing";
            case "automation" -> "answered, sending tones";
            case "active" -> "in the call";
            case "hangup" -> "hung up";
            default -> Text.preview(callStatus());
        };
    }

    /**
     * A phone call LiveKit can transfer now: one of its SIP service's calls (sip.callID) in the call ("active"). LiveKit
     * refuses a participant without a call id and a call not answered yet; one that has hung up is about to leave.
     */
    public boolean transferable() {
        return sip() && "active".equals(callStatus()) && !attributes.getOrDefault("sip.callID", "").isEmpty();
    }

    /** The dialog of transferring this caller's call. */
    public String transferPath(String room) {
        return Paths.transferCall(room, identity, sid);
    }

    public boolean agent() {
        return "AGENT".equals(kind);
    }

    /** LiveKit's egress worker recording the room (identity = egress id): stopped as a recording, not moderated. */
    public boolean recorder() {
        return "EGRESS".equals(kind);
    }

    /** The identity as a ticked box or hidden field carries it (line breaks and the like survive the browser). */
    public String field() {
        return UrlNames.encode(identity);
    }

    /** The dialog of handing this agent over to a human. */
    public String handOverPath(String room) {
        return Paths.handOver(room, identity, sid);
    }

    public String removePath(String room) {
        return Paths.removeParticipant(room, identity, kind, sid);
    }

    /** The confirmation of muting this participant's track, or of unmuting it when it is muted. */
    public String trackPath(String room, TrackRow track) {
        return Paths.trackMute(room, identity, track.sid(), !track.muted(), sid);
    }

    /** The confirmation of silencing this participant, or of letting them publish again when they may not. */
    public String silencePath(String room) {
        return Paths.silence(room, identity, canPublish, sid);
    }

    public String editPath(String room) {
        return Paths.editParticipant(room, identity, sid);
    }

    public String movePath(String room) {
        return Paths.moveParticipant(room, identity, sid);
    }

    /** LiveKit moves people's own clients only: AGENT and EGRESS participants are refused (SupportsMoving). */
    public boolean movable() {
        return !agent() && !recorder();
    }

    public String permissionsPath(String room) {
        return Paths.participantPermissions(room, identity, sid);
    }

    public String joinedAgo(Instant now) {
        return Times.ago(joined, now);
    }

    public String joinedExact() {
        return Times.exact(joined);
    }

    /** Enum values this SDK does not know yet arrive as UNRECOGNIZED; say so plainly. */
    private static String label(String value) {
        return "UNRECOGNIZED".equals(value) ? "OTHER" : value;
    }

    public record TrackRow(String sid, String type, String source, boolean muted, String name) {

        static TrackRow of(TrackInfo track) {
            return new TrackRow(track.getSid(), label(track.getType().name()), label(track.getSource().name()),
                    track.getMuted(), track.getName());
        }

        /** "Microphone", "Camera", "Screen share": the words people use. */
        public String sourceLabel() {
            if ("UNKNOWN".equals(source) || "OTHER".equals(source)) {
                return type.charAt(0) + type.substring(1).toLowerCase(Locale.ROOT);
            }
            var words = source.toLowerCase(Locale.ROOT).replace('_', ' ');
            return Character.toUpperCase(words.charAt(0)) + words.substring(1);
        }
    }
}
