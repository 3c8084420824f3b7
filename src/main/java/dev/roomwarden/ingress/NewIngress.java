package dev.roomwarden.ingress;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.input.Text;
import livekit.LivekitIngress.IngressInput;

/**
 * The new-ingress form, checked as LiveKit checks it (pkg/service/ingress.go, protocol ingress validation), so that
 * what LiveKit would refuse is explained before anything is sent. {@code transcoding} null leaves LiveKit's default.
 */
record NewIngress(IngressInput input, String name, String room, String identity, String participantName, String url,
        Boolean transcoding) {

    static final int MAX_URL_LENGTH = 2048;
    /** The schemes LiveKit's ingress worker pulls from for URL input. */
    static final List<String> URL_SCHEMES = List.of("http", "https", "srt");

    static NewIngress parse(String inputType, String name, String room, String identity, String participantName,
            String transcoding, String url) {
        var input = input(inputType);
        var ingressName = optionalName(name, "ingress name");
        var roomName = LiveKitNames.checkRoomName(room == null ? null : room.strip());
        var participant = LiveKitNames.checkIdentity(identity == null ? null : identity.strip());
        var displayName = optionalName(participantName, "participant name");
        var transcode = transcoding(transcoding, input);
        var source = url == null ? "" : url.strip();
        if (input == IngressInput.URL_INPUT) {
            source = checkUrl(source);
        } else if (!source.isEmpty()) {
            throw new InvalidInputException("A URL to pull from is only for URL input: an " + IngressRow.inputType(input)
                    + " encoder pushes to the URL LiveKit gives. Leave the URL empty, or choose URL input. Nothing was created.");
        }
        return new NewIngress(input, ingressName, roomName, participant, displayName, source, transcode);
    }

    private static IngressInput input(String inputType) {
        return switch (inputType == null ? "" : inputType.strip().toUpperCase(Locale.ROOT)) {
            case "RTMP" -> IngressInput.RTMP_INPUT;
            case "WHIP" -> IngressInput.WHIP_INPUT;
            case "URL" -> IngressInput.URL_INPUT;
            default -> throw new InvalidInputException("Choose the input: RTMP, WHIP or URL. Nothing was created.");
        };
    }

    private static String optionalName(String value, String what) {
        var stripped = value == null ? "" : value.strip();
        if (stripped.getBytes(StandardCharsets.UTF_8).length > LiveKitNames.MAX_NAME_BYTES) {
            throw new InvalidInputException("The " + what + " is too long: at most " + LiveKitNames.MAX_NAME_BYTES + " bytes.");
        }
        if (Text.hasControlCharacters(stripped)) {
            throw new InvalidInputException("The " + what + " has control characters. Nothing was created.");
        }
        return stripped;
    }

    /** "default", "on" or "off"; LiveKit transcodes everything but WHIP by default, and may pass through only WHIP. */
    private static Boolean transcoding(String transcoding, IngressInput input) {
        var choice = transcoding == null || transcoding.isBlank() ? "default" : transcoding.strip().toLowerCase(Locale.ROOT);
        return switch (choice) {
            case "default" -> null;
            case "on" -> Boolean.TRUE;
            case "off" -> {
                if (input != IngressInput.WHIP_INPUT) {
                    throw new InvalidInputException("Only WHIP input can skip transcoding: LiveKit transcodes every "
                            + IngressRow.inputType(input) + " stream. Choose “on” or LiveKit's default. Nothing was created.");
                }
                yield Boolean.FALSE;
            }
            default -> throw new InvalidInputException("Transcoding is “default”, “on” or “off”. Nothing was created.");
        };
    }

    private static String checkUrl(String url) {
        if (url.isEmpty()) {
            throw new InvalidInputException("URL input needs the URL LiveKit's ingress worker pulls the stream from. "
                    + "Nothing was created.");
        }
        if (url.length() > MAX_URL_LENGTH || Text.hasControlCharacters(url)) {
            throw new InvalidInputException("The URL is too long or has control characters. Nothing was created.");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("“" + Text.abbreviate(url, 80) + "” is not a URL. Nothing was created.");
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!URL_SCHEMES.contains(scheme) || uri.getHost() == null) {
            throw new InvalidInputException("LiveKit pulls only http://, https:// and srt:// URLs with a host. Nothing was created.");
        }
        return url;
    }

    /** Where a URL input pulls from, for the audit log: scheme and host only, since a path or query may hold a token. */
    String source() {
        if (url.isEmpty()) {
            return "";
        }
        var uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /** "RTMP ingress “town hall” into room “all-hands” as “stage” (transcoding: LiveKit's default)", for the audit log. */
    String describe() {
        var words = IngressRow.inputType(input) + " ingress" + (name.isEmpty() ? "" : " “" + name + "”")
                + " into room “" + room + "” as “" + identity + "”";
        if (input == IngressInput.URL_INPUT) {
            words += " from " + source();
        }
        return words + "; transcoding " + (transcoding == null ? "LiveKit's default" : transcoding ? "on" : "off");
    }
}
