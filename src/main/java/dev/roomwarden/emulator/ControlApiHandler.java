package dev.roomwarden.emulator;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;

import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The emulator's own control API (not part of LiveKit), for tests and demos:
 * {@code POST /emulator/rooms/{room}/participants}, {@code DELETE /emulator/rooms/{room}/participants/{identity}},
 * {@code POST /emulator/rooms/{room}/aborted}, {@code POST /emulator/rooms/{room}/participants/{identity}/rpc},
 * {@code POST /emulator/ingress/{id}/start}, {@code POST /emulator/ingress/{id}/stop},
 * {@code POST /emulator/faults}, {@code POST /emulator/webhooks}, {@code POST /emulator/moves}, {@code POST /emulator/egress},
 * {@code POST /emulator/sip}, {@code POST /emulator/sip/inbound}, {@code POST /emulator/sip/hangup}.
 * Every call needs a token of the same key with the roomAdmin grant.
 */
final class ControlApiHandler implements HttpHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
            .alwaysPrintFieldsWithNoPresence();

    private final EmulatorState state;
    private final Faults faults;
    private final Moves moves;
    private final TokenVerifier tokens;
    private final Sips sips;

    ControlApiHandler(EmulatorState state, Faults faults, Moves moves, EmulatorSettings settings, Sips sips) {
        this.sips = sips;
        this.state = state;
        this.faults = faults;
        this.moves = moves;
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
        } else if (segments.length == 1 && segments[0].equals("moves") && method.equals("POST")) {
            setMoves(exchange);
        } else if (segments.length == 1 && segments[0].equals("egress") && method.equals("POST")) {
            setEgressFaults(exchange);
        } else if (segments.length == 1 && segments[0].equals("sip") && method.equals("POST")) {
            setSip(exchange);
        } else if (segments.length == 2 && segments[0].equals("sip") && segments[1].equals("inbound") && method.equals("POST")) {
            var body = JSON.readTree(Http.body(exchange));
            var joined = sips.inboundCall(body.path("from").asString(""), body.path("to").asString(""), body.path("pin").asString(""));
            Http.send(exchange, 200, "application/json", PRINTER.print(joined).getBytes(StandardCharsets.UTF_8));
        } else if (segments.length == 2 && segments[0].equals("sip") && segments[1].equals("hangup") && method.equals("POST")) {
            var body = JSON.readTree(Http.body(exchange));
            var room = body.path("room").asString("");
            var identity = body.path("identity").asString("");
            if (!sips.hangUp(room, identity)) {
                error(exchange, 404, "no SIP call of \"" + identity + "\" in room \"" + room + "\"");
                return;
            }
            Http.send(exchange, 204, null, new byte[0]);
        } else if (segments.length == 1 && segments[0].equals("webhooks") && method.equals("POST")) {
            setWebhookFaults(exchange);
        } else if (segments.length == 3 && segments[0].equals("ingress") && method.equals("POST")
                && (segments[2].equals("start") || segments[2].equals("stop"))) {
            ingressStream(exchange, Http.decodeSegment(segments[1]), segments[2].equals("start"));
        } else if (segments.length == 3 && segments[0].equals("rooms") && segments[2].equals("aborted")
                && method.equals("POST")) {
            abortConnection(exchange, Http.decodeSegment(segments[1]));
        } else if (segments.length == 3 && segments[0].equals("rooms") && segments[2].equals("participants")
                && method.equals("POST")) {
            addParticipant(exchange, Http.decodeSegment(segments[1]));
        } else if (segments.length == 5 && segments[0].equals("rooms") && segments[2].equals("participants")
                && segments[4].equals("rpc") && method.equals("POST")) {
            implementRpc(exchange, Http.decodeSegment(segments[1]), Http.decodeSegment(segments[3]));
        } else if (segments.length == 4 && segments[0].equals("rooms") && segments[2].equals("participants")
                && method.equals("DELETE")) {
            var room = Http.decodeSegment(segments[1]);
            var identity = Http.decodeSegment(segments[3]);
            var reason = reason(query(exchange, "reason"), DisconnectReason.PARTICIPANT_REMOVED);
            if (!state.removeParticipant(room, identity, reason)) {
                error(exchange, 404, "participant \"" + identity + "\" is not in room \"" + room + "\"");
                return;
            }
            Http.send(exchange, 204, null, new byte[0]);
        } else {
            error(exchange, 404, "no such control route: " + method + " " + exchange.getRequestURI().getPath());
        }
    }

    /**
     * {@code {"callee": "answer|no-answer|busy", "answerAfterMs": n, "service": "connected|missing",
     * "failNextTransfer": {"code": 603, "status": "Decline"}}}: each field only when present.
     */
    private void setSip(HttpExchange exchange) throws IOException {
        var body = JSON.readTree(Http.body(exchange));
        var callee = body.path("callee");
        var answerAfter = body.path("answerAfterMs");
        if (!answerAfter.isMissingNode() && (!answerAfter.isIntegralNumber() || answerAfter.asLong() < 0 || answerAfter.asLong() > 600_000)) {
            throw new IllegalArgumentException("answerAfterMs must be between 0 and 600000");
        }
        Sips.Callee next = null;
        if (!callee.isMissingNode()) {
            next = switch (callee.asString("")) {
                case "answer" -> Sips.Callee.ANSWER;
                case "no-answer" -> Sips.Callee.NO_ANSWER;
                case "busy" -> Sips.Callee.BUSY;
                default -> throw new IllegalArgumentException("callee must be answer, no-answer or busy");
            };
        }
        var service = body.path("service");
        if (!service.isMissingNode() && !service.asString("").matches("connected|missing")) {
            throw new IllegalArgumentException("service must be connected or missing");
        }
        var transfer = body.path("failNextTransfer");
        Sips.SipStatus failure = null;
        if (!transfer.isMissingNode() && !transfer.isNull()) {
            var code = transfer.path("code").asInt(0);
            if (code < 300 || code > 699) {
                throw new IllegalArgumentException("failNextTransfer.code must be a SIP final failure status (300-699)");
            }
            failure = new Sips.SipStatus(code, transfer.path("status").asString(""));
        }
        if (next != null || !answerAfter.isMissingNode()) {
            sips.nextCallee(next == null ? Sips.Callee.ANSWER : next,
                    answerAfter.isMissingNode() ? null : Duration.ofMillis(answerAfter.asLong()));
        }
        if (!service.isMissingNode()) {
            sips.serviceConnected(service.asString("").equals("connected"));
        }
        if (!transfer.isMissingNode()) {
            sips.failNextTransfer(failure);
        }
        Http.send(exchange, 204, null, new byte[0]);
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
        var withoutRedis = body.path("withoutRedis");
        if (!withoutRedis.isMissingNode() && !withoutRedis.isBoolean()) {
            throw new IllegalArgumentException("withoutRedis must be true or false");
        }
        faults.set(mode, Duration.ofMillis(delayMs), method.isEmpty() ? null : method);
        if (withoutRedis.isBoolean()) {
            faults.withoutRedis(withoutRedis.asBoolean());
        }
        json(exchange, 200, "{\"mode\":\"" + mode.wireName() + "\",\"delayMs\":" + delayMs
                + (method.isEmpty() ? "" : ",\"method\":\"" + method + "\"") + ",\"withoutRedis\":" + faults.withoutRedis() + "}");
    }

    /** {@code {"mode":"not-implemented|cloud","oldClients":["identity",...]}}: how MoveParticipant answers. */
    private void setMoves(HttpExchange exchange) throws IOException {
        var body = JSON.readTree(Http.body(exchange));
        var mode = body.path("mode").asString("not-implemented");
        if (!mode.equals("cloud") && !mode.equals("not-implemented")) {
            throw new IllegalArgumentException("mode must be not-implemented (the open-source server) or cloud (LiveKit Cloud)");
        }
        var oldClients = new java.util.LinkedHashSet<String>();
        for (JsonNode identity : body.path("oldClients")) {
            oldClients.add(identity.asString());
        }
        moves.cloud(mode.equals("cloud"));
        moves.oldClients(oldClients);
        json(exchange, 200, "{\"mode\":\"" + mode + "\",\"oldClients\":" + oldClients.size() + "}");
    }

    /** {@code {"worker":"available|unavailable","failNext":"error text","timeLimitMs":n}}: the simulated egress worker. */
    private void setEgressFaults(HttpExchange exchange) throws IOException {
        var body = JSON.readTree(Http.body(exchange));
        var worker = body.path("worker").asString("available");
        if (!worker.equals("available") && !worker.equals("unavailable")) {
            throw new IllegalArgumentException("worker must be available or unavailable");
        }
        var failNext = body.path("failNext").asString("");
        var limit = body.path("timeLimitMs");
        if (!limit.isMissingNode() && (!limit.isIntegralNumber() || limit.asLong() < 1 || limit.asLong() > 86_400_000)) {
            throw new IllegalArgumentException("timeLimitMs must be a whole number of milliseconds between 1 and 86400000");
        }
        faults.egressWorker(worker.equals("available"));
        faults.failNextEgress(failNext.isEmpty() ? null : failNext);
        faults.egressTimeLimit(limit.isMissingNode() ? null : Duration.ofMillis(limit.asLong()));
        json(exchange, 200, "{\"worker\":\"" + worker + "\",\"failNext\":" + TwirpHandler.jsonString(failNext)
                + ",\"timeLimitMs\":" + (limit.isMissingNode() ? "null" : limit.asLong()) + "}");
    }

    private void setWebhookFaults(HttpExchange exchange) throws IOException {
        var body = JSON.readTree(Http.body(exchange));
        var drop = count(body, "drop");
        var duplicate = count(body, "duplicate");
        faults.webhooks(drop, duplicate);
        json(exchange, 200, "{\"drop\":" + drop + ",\"duplicate\":" + duplicate + "}");
    }

    private static int count(JsonNode body, String field) {
        var value = body.path(field);
        if (value.isMissingNode()) {
            return 0;
        }
        if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > 100_000) {
            throw new IllegalArgumentException(field + " must be a whole number between 0 and 100000");
        }
        return value.asInt();
    }

    /** {@code POST /emulator/ingress/{id}/start}, or {@code /stop} with an optional {@code {"error": "..."}}: the encoder's stream. */
    private void ingressStream(HttpExchange exchange, String ingressId, boolean start) throws IOException {
        var raw = Http.body(exchange);
        var body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        if (!body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        var info = start ? state.startIngress(ingressId) : state.stopIngress(ingressId, body.path("error").asString(""));
        json(exchange, 200, PRINTER.print(info));
    }

    private void abortConnection(HttpExchange exchange, String room) throws IOException {
        var body = JSON.readTree(Http.body(exchange));
        if (!body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        var reason = reason(body.path("reason").asString(""), DisconnectReason.JOIN_FAILURE);
        var participant = state.abortConnection(room, body.path("identity").asString(""), body.path("name").asString(""), reason);
        json(exchange, 200, PRINTER.print(participant));
    }

    /** A DisconnectReason by its LiveKit name (CLIENT_INITIATED, SIGNAL_CLOSE, ...), or the default when none is given. */
    private static DisconnectReason reason(String name, DisconnectReason otherwise) {
        if (name == null || name.isEmpty()) {
            return otherwise;
        }
        return Arrays.stream(DisconnectReason.values())
                .filter(reason -> reason != DisconnectReason.UNRECOGNIZED && reason.name().equals(upper(name)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("reason must be a LiveKit DisconnectReason such as CLIENT_INITIATED"));
    }

    private static String query(HttpExchange exchange, String name) {
        var raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return null;
        }
        for (var pair : raw.split("&")) {
            var at = pair.indexOf('=');
            var key = at < 0 ? pair : pair.substring(0, at);
            if (key.equals(name)) {
                return at < 0 ? "" : URLDecoder.decode(pair.substring(at + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /**
     * {@code {"method": "...", "payload": "..." | "error": {"code", "message", "data"}, "delayMs": n | "never": true,
     * "leaveAfterMs": n}}: the participant registers the method and answers it so.
     */
    private void implementRpc(HttpExchange exchange, String room, String identity) throws IOException {
        var body = JSON.readTree(Http.body(exchange));
        if (!body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        var method = body.path("method").asString("");
        var error = body.path("error");
        var code = error.path("code").asInt(0);
        if (!error.isMissingNode() && (code < 1 || code > 65_535)) {
            throw new IllegalArgumentException("error.code must be an RPC error code such as 1 or 1500");
        }
        var delayMs = body.path("delayMs").asLong(0);
        var leaveAfterMs = body.path("leaveAfterMs").asLong(-1);
        if (delayMs < 0 || delayMs > 600_000 || leaveAfterMs > 600_000) {
            throw new IllegalArgumentException("delayMs and leaveAfterMs must be between 0 and 600000");
        }
        var answer = new RpcAnswer(body.path("payload").asString(""), code, error.path("message").asString(""),
                error.path("data").asString(""), body.path("never").asBoolean(false) ? null : Duration.ofMillis(delayMs),
                leaveAfterMs < 0 ? null : Duration.ofMillis(leaveAfterMs));
        state.implementRpc(room, identity, method, answer);
        json(exchange, 200, "{\"method\":" + TwirpHandler.jsonString(method) + "}");
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
