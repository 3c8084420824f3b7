package dev.roomwarden.rooms;

import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.roomwarden.agents.AgentActions;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.audit.AuditRecord;
import dev.roomwarden.history.HistorySessions;
import dev.roomwarden.history.ParticipantsListed;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.keepouts.KeepOut;
import dev.roomwarden.keepouts.KeepOuts;
import dev.roomwarden.livekit.Concurrently;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.participants.ParticipantRow;
import dev.roomwarden.recordings.RecordingProperties;
import dev.roomwarden.recordings.RecordingRow;
import dev.roomwarden.web.LiveKitBanner;
import dev.roomwarden.display.Paths;
import dev.roomwarden.web.RoomPart;
import dev.roomwarden.phonenumbers.PhoneNumbers;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** The model of a room's page and its live part, for the room page, its event stream and every action's answer. */
@Component
public class RoomPageModel implements RoomPart {

    static final int RECENT_AUDIT_ENTRIES = 10;
    private static final Logger log = LoggerFactory.getLogger(RoomPageModel.class);

    private final LiveKitGateway livekit;
    private final AuditLog auditLog;
    private final AgentActions agents;
    private final HistorySessions history;
    private final KeepOuts keepOuts;
    private final RecordingProperties recording;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    RoomPageModel(LiveKitGateway livekit, AuditLog auditLog, AgentActions agents, HistorySessions history, KeepOuts keepOuts,
            RecordingProperties recording, Clock clock, ApplicationEventPublisher events) {
        this.livekit = livekit;
        this.auditLog = auditLog;
        this.agents = agents;
        this.history = history;
        this.keepOuts = keepOuts;
        this.recording = recording;
        this.clock = clock;
        this.events = events;
    }

    /** Who Roomwarden keeps out of the room now; the page still shows the room when the database cannot answer. */
    private List<KeepOut> keptOut(String room) {
        try {
            return keepOuts.activeIn(room);
        } catch (DataAccessException e) {
            log.warn("Could not read the keep-outs of room {}: {}", PhoneNumbers.maskedIn(room),
                    PhoneNumbers.maskedIn(e.getMessage()));
            return List.of();
        }
    }

    /** The room's recent audit entries; the page still shows the room when the database cannot answer. */
    private List<AuditRecord> recentActions(String room) {
        try {
            return auditLog.recentForRoom(room, RECENT_AUDIT_ENTRIES);
        } catch (DataAccessException e) {
            log.warn("Could not read the audit log for room {}: {}", PhoneNumbers.maskedIn(room),
                    PhoneNumbers.maskedIn(e.getMessage()));
            return List.of();
        }
    }

    /**
     * Adds the room and its participants, or the LiveKit error. Returns false only when LiveKit says
     * the room does not exist (then {@code room} is absent from the model).
     */
    @Override
    public boolean addTo(String name, Model model) {
        return addTo(name, null, model);
    }

    /**
     * The same for a page that follows one session of the room ({@code watchedSid}; null: whichever is live).
     * Returns false when that session has ended: LiveKit has no room of that name, or a new one with another sid.
     * Then {@code ended} says when, and which session's timeline to link to.
     */
    boolean addTo(String name, String watchedSid, Model model) {
        LiveKitNames.checkRoomName(name);
        model.addAttribute("roomName", name);
        model.addAttribute("roomPath", Paths.room(name));
        model.addAttribute("roomAudit", recentActions(name));
        model.addAttribute("keptOut", keptOut(name));
        model.addAttribute("livePath", Paths.room(name, watchedSid));
        // Once LiveKit has said it does not implement MoveParticipant, the page stops offering it and says why.
        model.addAttribute("moveNotImplemented", livekit.moveNotImplemented());
        model.addAttribute("recordMinRole", recording.minRole());
        var ended = new AtomicBoolean();
        var answered = LiveKitBanner.fill(model, () -> {
            // The calls overlap: the page waits for the slowest, not for the sum.
            var participantsAsked = Concurrently.read(() -> livekit.listParticipants(name));
            var dispatchesAsked = Concurrently.read(() -> agents.dispatches(name));
            var egressesAsked = Concurrently.read(() -> livekit.listEgress(name, false));
            var room = livekit.findRoom(name);
            if (room.isEmpty() || watchedSid != null && !watchedSid.equals(room.get().getSid())) {
                ended.set(true);
                model.addAttribute("ended", ended(watchedSid, room.isPresent()));
                return;
            }
            // The page's refreshes and its event stream name this session, so that they can tell when it ends.
            model.addAttribute("livePath", Paths.room(name, room.get().getSid()));
            var listed = answer(participantsAsked);
            // What search keeps of them (their attributes) follows what LiveKit shows now.
            events.publishEvent(new ParticipantsListed(room.get().getSid(), listed));
            List<ParticipantRow> participants = listed.stream().map(ParticipantRow::of).toList();
            model.addAttribute("room", RoomRow.of(room.get()));
            model.addAttribute("participants", participants);
            model.addAttribute("agents", participants.stream().filter(ParticipantRow::agent).toList());
            model.addAttribute("sipCalls", participants.stream().anyMatch(ParticipantRow::sip));
            // LiveKit sends no webhook when a call's status changes: while one rings, the page asks every second.
            model.addAttribute("callsRinging", participants.stream().anyMatch(ParticipantRow::ringing));
            if (participants.stream().anyMatch(ParticipantRow::sip)) {
                model.addAttribute("trunkNames", trunkNames());
            }
            // A LiveKit without the dispatch service (older servers) still shows the room, with a note instead.
            try {
                model.addAttribute("dispatches", answer(dispatchesAsked));
            } catch (LiveKitException e) {
                model.addAttribute("dispatches", List.of());
                model.addAttribute("dispatchError", e.userMessage());
            }
            addRecordings(name, room.get().getSid(), egressesAsked, model);
        });
        if (!answered || ended.get()) {
            return !ended.get();
        }
        return true;
    }

    /**
     * The room's recordings that run now, and those of this session that failed (LiveKit's error is all staff learn of
     * them). A LiveKit without Egress still shows the room, with its sentence instead.
     */
    /** Trunk ids to their names, for the phone calls' column; empty when LiveKit cannot list them (the id shows then). */
    private Map<String, String> trunkNames() {
        try {
            var names = new HashMap<String, String>();
            livekit.listInboundTrunks().forEach(t -> names.put(t.getSipTrunkId(), t.getName()));
            livekit.listOutboundTrunks().forEach(t -> names.put(t.getSipTrunkId(), t.getName()));
            names.values().removeIf(String::isEmpty);
            return names;
        } catch (LiveKitException e) {
            return Map.of();
        }
    }

    private static void addRecordings(String name, String roomSid, CompletableFuture<List<EgressInfo>> asked, Model model) {
        model.addAttribute("recordPath", Paths.recordRoom(name, roomSid));
        model.addAttribute("recordingNow", null);
        try {
            var rows = answer(asked).stream().map(RecordingRow::of)
                    .sorted(Comparator.comparing(RecordingRow::started, Comparator.nullsLast(Comparator.naturalOrder())))
                    .toList();
            model.addAttribute("recordings", rows.stream().filter(RecordingRow::active).toList());
            // The badge counts from the first recording that runs (LiveKit's started_at: when the worker took it).
            model.addAttribute("recordingNow", rows.stream().filter(r -> r.active() && r.status() != EgressStatus.EGRESS_STARTING)
                    .findFirst().orElse(null));
            model.addAttribute("failedRecordings", rows.stream().filter(r -> r.failed() && roomSid.equals(r.roomSid())).toList());
        } catch (LiveKitException e) {
            model.addAttribute("recordings", List.of());
            model.addAttribute("failedRecordings", List.of());
            model.addAttribute("recordingError", e.explanation() != null ? e.explanation() : e.userMessage());
        }
    }

    /** When the session ended, from its room_finished when history has it; the page still says it ended when the database cannot answer. */
    private EndedSession ended(String sid, boolean replaced) {
        Optional<HistorySessions.RoomSession> session = Optional.empty();
        if (sid != null) {
            try {
                session = history.room(sid);
            } catch (DataAccessException e) {
                log.warn("Could not read the history of room session {}: {}", sid, e.getMessage());
            }
        }
        var finished = session.map(HistorySessions.RoomSession::ended);
        return new EndedSession(sid, finished.orElseGet(clock::instant), finished.isPresent(), replaced);
    }

    /** What a call made alongside answered, or its failure as if it had been made here. */
    private static <T> T answer(CompletableFuture<T> asked) {
        try {
            return asked.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
