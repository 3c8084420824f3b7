package dev.roomwarden.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;

import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The emulator's own control API (not part of LiveKit), for tests and demos:
 * {@code POST /emulator/rooms/{room}/participants}, {@code DELETE /emulator/rooms/{room}/participants/{identity}},
 * {@code POST /emulator/faults}. Every call needs a token of the same key with the roomAdmin grant.
 */
final class ControlApiHandler implements HttpHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
            .alwaysPrintFieldsWithNoPresence();

    private final EmulatorState state;
    private final Faults faults;
    private final TokenVerifier tokens;

    ControlApiHandler(EmulatorState state, Faults faults, EmulatorSettings settings) {
        this.state = state;
        this.faults = faults;
        this.tokens = new TokenVerifier(settings.apiKey(), settings.apiSecret());
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            Grants grants;
            try {
                grants = tokens.verify(exchange.getRequestHeaders().getFirst("Authorization"), null);
            } catch (TokenVerifier.Rejected e) {
                Http.sendText(exchange, 401, e.getMessage());
                return;
            }
            if (!grants.roomAdmin()) {
                TwirpHandler.twirpError(exchange, new EmulatorException("unauthenticated", 401, "permissions denied"));
                return;
            }
            route(exchange);
        } catch (Http.TooLarge e) {
            Http.sendText(exchange, 413, "request entity too large");
        } catch (EmulatorException e) {
            error(exchange, e.status(), e.getMessage());
        } catch (IllegalArgumentException | JacksonException e) {
            error(exchange, 400, e.getMessage());
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        var segments = exchange.getRequestURI().getRawPath().substring("/emulator/".length()).split("/", -1);
        var method = exchange.getRequestMethod();
        if (segments.length == 1 && segments[0].equals("faults") && method.equals("POST")) {
            setFault(exchange);
        } else if (segments.length == 3 && segments[0].equals("rooms") && segments[2].equals("participants")
                && method.equals("POST")) {
            addParticipant(exchange, Http.decodeSegment(segments[1]));
        } else if (segments.length == 4 && segments[0].equals("rooms") && segments[2].equals("participants")
                && method.equals("DELETE")) {
            var room = Http.decodeSegment(segments[1]);
            var identity = Http.decodeSegment(segments[3]);
            if (!state.removeParticipant(room, identity)) {
                error(exchange, 404, "participant \"" + identity + "\" is not in room \"" + room + "\"");
                return;
            }
            Http.send(exchange, 204, null, new byte[0]);
        } else {
            error(exchange, 404, "no such control route: " + method + " " + exchange.getRequestURI().getPath());
        }
    }

    private void setFault(HttpExchange exchange) throws IOException {
        var body = JSON.readTree(Http.body(exchange));
        var mode = FaultMode.ofWireName(body.path("mode").asString("none"));
        var delayMs = body.path("delayMs").asLong(0);
        if (delayMs < 0 || delayMs > 600_000) {
            throw new IllegalArgumentException("delayMs must be between 0 and 600000");
        }
        var method = body.path("method").asString("");
        if (!method.matches("[A-Za-z]{0,64}")) {
            throw new IllegalArgumentException("method must be a Twirp method name such as RemoveParticipant");
        }
        faults.set(mode, Duration.ofMillis(delayMs), method.isEmpty() ? null : method);
        json(exchange, 200, "{\"mode\":\"" + mode.wireName() + "\",\"delayMs\":" + delayMs
                + (method.isEmpty() ? "" : ",\"method\":\"" + method + "\"") + "}");
    }

    private void addParticipant(HttpExchange exchange, String room) throws IOException {
        var body = JSON.readTree(Http.body(exchange));
        if (!body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        var attributes = new LinkedHashMap<String, String>();
        body.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asString()));
        var tracks = new ArrayList<TrackSpec>();
        for (JsonNode track : body.path("tracks")) {
            var type = TrackType.valueOf(upper(track.path("type").asString("AUDIO")));
            var defaultSource = type == TrackType.VIDEO ? "CAMERA" : "MICROPHONE";
            tracks.add(new TrackSpec(type, TrackSource.valueOf(upper(track.path("source").asString(defaultSource))),
                    track.path("muted").asBoolean(false)));
        }
        var spec = new ParticipantSpec(body.path("identity").asString(""), body.path("name").asString(""),
                ParticipantInfo.Kind.valueOf(upper(body.path("kind").asString("STANDARD"))),
                body.path("metadata").asString(""), attributes, tracks);
        var participant = state.addParticipant(room, spec);
        json(exchange, 200, PRINTER.print(participant));
    }

    private static String upper(String value) {
        return value.toUpperCase(Locale.ROOT);
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, "{\"error\":" + TwirpHandler.jsonString(message == null ? "bad request" : message) + "}");
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        Http.send(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }
}
