package dev.roomwarden.ingress;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.roomwarden.display.Paths;
import livekit.LivekitIngress.IngressInfo;
import livekit.LivekitIngress.IngressInput;
import livekit.LivekitIngress.IngressState;

/**
 * An ingress as staff see it on the list: everything LiveKit answers except its stream key, which this record does
 * not carry, so that no template can show it by mistake.
 */
public record IngressRow(String id, String name, String inputType, String state, String error, String room,
        String identity, String participantName, String url, boolean transcoding, boolean hasStreamKey) {

    static IngressRow of(IngressInfo info) {
        return new IngressRow(info.getIngressId(), info.getName(), inputType(info.getInputType()),
                state(info.getState().getStatus()), info.getState().getError(), info.getRoomName(),
                info.getParticipantIdentity(), info.getParticipantName(), shownUrl(info.getUrl()), info.getEnableTranscoding(),
                !info.getStreamKey().isEmpty());
    }

    /**
     * The URL without user info, query or fragment: a URL input's source may carry a token there, and every member of
     * staff sees the list. RTMP and WHIP base URLs have none of them.
     */
    static String shownUrl(String url) {
        try {
            var uri = new URI(url);
            if (uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return url;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString()
                    + (uri.getRawQuery() == null ? "" : "?…");
        } catch (URISyntaxException e) {
            return url.isEmpty() ? "" : "(not shown: not a URL)";
        }
    }

    /** "RTMP", "WHIP", "URL", as LiveKit's docs name the inputs. */
    static String inputType(IngressInput input) {
        return switch (input) {
            case RTMP_INPUT -> "RTMP";
            case WHIP_INPUT -> "WHIP";
            case URL_INPUT -> "URL";
            default -> input.name();
        };
    }

    /** "inactive", "buffering", "publishing", "error", "complete": LiveKit's ENDPOINT_* status in a word. */
    static String state(IngressState.Status status) {
        return status == IngressState.Status.UNRECOGNIZED ? "unknown"
                : status.name().replaceFirst("^ENDPOINT_", "").toLowerCase(Locale.ROOT);
    }

    public boolean publishing() {
        return "publishing".equals(state) || "buffering".equals(state);
    }

    public boolean failed() {
        return "error".equals(state);
    }

    public String roomPath() {
        return room.isEmpty() ? null : Paths.room(room);
    }
}
