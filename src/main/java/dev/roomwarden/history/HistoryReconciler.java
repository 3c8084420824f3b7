package dev.roomwarden.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitFailure;
import dev.roomwarden.livekit.LiveKitGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitWebhook.WebhookEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * What polling sees that no webhook said (webhook drift), kept as history events of source polling: a room LiveKit
 * lists that never started in history, a room history has open that LiveKit no longer lists, and, for rooms whose
 * participant count differs (at most {@code reconcile-rooms-per-round}), a participant present who never joined or
 * one gone who never left. A difference is judged only once it is older than {@code reconcile-grace}, so that a
 * webhook LiveKit is still retrying is not taken as dropped. Each made-up event has an id made of its type and
 * sids, so instances polling the same LiveKit keep it once. The same round keeps the agent dispatches and jobs of
 * live rooms that had an agent.
 */
@Component
class HistoryReconciler implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(HistoryReconciler.class);

    /** The LiveKit events polling can stand in for. */
    static final List<String> DRIFT_EVENTS = List.of("room_started", "room_finished", "participant_joined", "participant_left");

    /** What one round did: whether LiveKit answered, and the new events it kept by type. */
    record Round(boolean skipped, Map<String, Integer> made) {

        int total() {
            return made.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Since when an open session was missing from LiveKit's answer. */
    private record Missing(String roomSid, Instant since) {
    }

    private final LiveKitGateway livekit;
    private final HistoryRecorder recorder;
    private final AgentJobs agentJobs;
    private final OpenSessions open;
    private final HistoryProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Map<String, Counter> drift = new LinkedHashMap<>();
    private final Counter done;
    private final Counter skipped;
    private final Map<String, Instant> missingRooms = new ConcurrentHashMap<>();
    private final Map<String, Missing> missingParticipants = new ConcurrentHashMap<>();

    HistoryReconciler(LiveKitGateway livekit, HistoryRecorder recorder, AgentJobs agentJobs, OpenSessions open,
            HistoryProperties properties, Clock clock, MeterRegistry meters, ApplicationEventPublisher events) {
        this.livekit = livekit;
        this.recorder = recorder;
        this.agentJobs = agentJobs;
        this.open = open;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
        // Every series exists from the start, so drift can be watched before the first one.
        DRIFT_EVENTS.forEach(type -> drift.put(type, Counter.builder("roomwarden.history.drift")
                .description("Events polling saw that no webhook said, kept for history, by LiveKit event type")
                .tag("event", type).register(meters)));
        this.done = rounds("done", meters);
        this.skipped = rounds("skipped", meters);
    }

    private static Counter rounds(String result, MeterRegistry meters) {
        return Counter.builder("roomwarden.history.reconcile").description("Polling rounds comparing LiveKit with history, by whether LiveKit answered")
                .tag("result", result).register(meters);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        var interval = properties.reconcileInterval();
        if (interval != null && !interval.isNegative() && !interval.isZero()) {
            registrar.addFixedDelayTask(this::scheduled, interval);
        }
    }

    private void scheduled() {
        try {
            reconcile(properties.reconcileGrace());
        } catch (RuntimeException e) {
            // The database, not LiveKit (whose failures skip the round): the next round tries again.
            log.warn("History polling round failed: {}", e.toString());
        }
    }

    /** One round; differences younger than {@code grace} are left for a later round. */
    synchronized Round reconcile(Duration grace) {
        var now = clock.instant();
        List<Room> rooms;
        try {
            rooms = livekit.currentRooms();
        } catch (LiveKitException e) {
            // LiveKit not answering says nothing about webhooks; its breaker logs the outage once.
            skipped.increment();
            log.debug("History polling skipped: {}", e.getMessage());
            return new Round(true, Map.of());
        }
        var made = new TreeMap<String, Integer>();
        var listed = rooms.stream().collect(Collectors.toMap(Room::getSid, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        var known = open.knownRooms(listed.keySet());
        for (var room : rooms) {
            if (!known.contains(room.getSid()) && old(startOf(room), now, grace)) {
                keep(event("room_started", room, null, created(startOf(room))), made);
            }
        }
        var openRooms = open.rooms();
        finishVanished(openRooms, listed, now, grace, made);
        var agentRooms = new HashSet<String>();
        openRooms.stream().filter(OpenSessions.OpenRoom::hadAgent).forEach(room -> agentRooms.add(room.roomSid()));
        var answered = compareParticipants(rooms, now, grace, made, agentRooms);
        if (answered) {
            keepDispatches(rooms, agentRooms);
        }
        (answered ? done : skipped).increment();
        var round = new Round(!answered, made);
        if (round.total() > 0) {
            log.info("History polling kept {} event(s) that no webhook said: {}", round.total(), made);
        }
        return round;
    }

    /** Rooms open in history that LiveKit no longer lists: their open participants left, then the room finished. */
    private void finishVanished(List<OpenSessions.OpenRoom> openRooms, Map<String, Room> listed, Instant now, Duration grace,
            Map<String, Integer> made) {
        var vanished = openRooms.stream().filter(room -> !listed.containsKey(room.roomSid())).toList();
        missingRooms.keySet().retainAll(vanished.stream().map(OpenSessions.OpenRoom::roomSid).toList());
        for (var session : vanished) {
            var since = missingRooms.computeIfAbsent(session.roomSid(), sid -> now);
            if (!old(since, now, grace)) {
                continue;
            }
            var room = Room.newBuilder().setSid(session.roomSid()).setName(session.name())
                    .setMetadata(session.metadata() == null ? "" : session.metadata()).build();
            for (var participant : open.participants(session.roomSid())) {
                keep(event("participant_left", room, gone(participant), since.getEpochSecond()), made);
            }
            keep(event("room_finished", room, null, since.getEpochSecond()), made);
            missingRooms.remove(session.roomSid());
        }
    }

    /** False when LiveKit stopped answering during the round. */
    private boolean compareParticipants(List<Room> rooms, Instant now, Duration grace, Map<String, Integer> made, Set<String> agentRooms) {
        var counts = open.participantCounts(rooms.stream().map(Room::getSid).toList());
        var differing = new ArrayList<>(rooms.stream().filter(room -> room.getNumParticipants() != counts.getOrDefault(room.getSid(), 0)).toList());
        // Over the bound, a different choice each round, so that no room waits for ever.
        Collections.shuffle(differing);
        var listedSids = rooms.stream().map(Room::getSid).collect(Collectors.toSet());
        missingParticipants.values().removeIf(missing -> !listedSids.contains(missing.roomSid()));
        for (var room : differing.subList(0, Math.min(differing.size(), Math.max(0, properties.reconcileRoomsPerRound())))) {
            List<ParticipantInfo> present;
            try {
                present = livekit.currentParticipants(room.getName());
            } catch (LiveKitException e) {
                if (e.failure() == LiveKitFailure.NOT_FOUND) {
                    continue;
                }
                log.debug("History polling stopped: {}", e.getMessage());
                return false;
            }
            events.publishEvent(new ParticipantsListed(room.getSid(), present));
            var presentSids = present.stream().map(ParticipantInfo::getSid).collect(Collectors.toSet());
            var seen = open.knownParticipants(presentSids);
            for (var participant : present) {
                if (participant.getKind() == ParticipantInfo.Kind.AGENT) {
                    agentRooms.add(room.getSid());
                }
                // LiveKit's participant_joined comes when a participant becomes active.
                if (participant.getState() == ParticipantInfo.State.ACTIVE && !seen.contains(participant.getSid())
                        && old(joinedAt(participant), now, grace)) {
                    keep(event("participant_joined", room, participant, created(joinedAt(participant))), made);
                }
            }
            for (var session : open.participants(room.getSid())) {
                if (presentSids.contains(session.participantSid())) {
                    missingParticipants.remove(session.participantSid());
                    continue;
                }
                var since = missingParticipants.computeIfAbsent(session.participantSid(), sid -> new Missing(room.getSid(), now)).since();
                if (old(since, now, grace)) {
                    keep(event("participant_left", room, gone(session), since.getEpochSecond()), made);
                    missingParticipants.remove(session.participantSid());
                }
            }
        }
        return true;
    }

    /** The dispatches and jobs of live rooms that had an agent, at most the bound per round. */
    private void keepDispatches(List<Room> rooms, Set<String> agentRooms) {
        var withAgents = new ArrayList<>(rooms.stream().filter(room -> agentRooms.contains(room.getSid())).toList());
        Collections.shuffle(withAgents);
        for (var room : withAgents.subList(0, Math.min(withAgents.size(), Math.max(0, properties.reconcileRoomsPerRound())))) {
            try {
                agentJobs.keep(room.getName(), livekit.listDispatches(room.getName()));
            } catch (LiveKitException e) {
                if (e.failure() != LiveKitFailure.NOT_FOUND) {
                    return;
                }
            }
        }
    }

    private void keep(WebhookEvent event, Map<String, Integer> made) {
        if (recorder.record(event, HistoryEvents.Source.POLLING)) {
            drift.get(event.getEvent()).increment();
            made.merge(event.getEvent(), 1, Integer::sum);
        }
    }

    /** A made-up event: its id is its type and sids, the same on every instance. */
    static WebhookEvent event(String type, Room room, ParticipantInfo participant, long createdAt) {
        var event = WebhookEvent.newBuilder().setEvent(type).setRoom(room).setCreatedAt(createdAt)
                .setId("RW_POLL_" + type + "_" + (participant == null ? room.getSid() : participant.getSid()));
        if (participant != null) {
            event.setParticipant(participant);
        }
        return event.build();
    }

    /** A participant session LiveKit no longer shows, as a participant_left would carry it: why is not known. */
    private static ParticipantInfo gone(OpenSessions.OpenParticipant session) {
        var participant = ParticipantInfo.newBuilder().setSid(session.participantSid()).setIdentity(session.identity())
                .setState(ParticipantInfo.State.DISCONNECTED).setDisconnectReason(DisconnectReason.UNKNOWN_REASON);
        if (session.name() != null) {
            participant.setName(session.name());
        }
        if (session.kind() != null) {
            try {
                participant.setKind(ParticipantInfo.Kind.valueOf(session.kind()));
            } catch (IllegalArgumentException e) {
                // A kind this SDK does not know: left as STANDARD.
            }
        }
        if (session.joined() != null) {
            participant.setJoinedAtMs(session.joined().getTime()).setJoinedAt(session.joined().getTime() / 1000);
        }
        return participant.build();
    }

    private static Instant startOf(Room room) {
        return room.getCreationTimeMs() > 0 ? Instant.ofEpochMilli(room.getCreationTimeMs()) : Instant.ofEpochSecond(room.getCreationTime());
    }

    private static Instant joinedAt(ParticipantInfo participant) {
        return participant.getJoinedAtMs() > 0 ? Instant.ofEpochMilli(participant.getJoinedAtMs()) : Instant.ofEpochSecond(participant.getJoinedAt());
    }

    private static long created(Instant at) {
        return at.getEpochSecond();
    }

    private static boolean old(Instant since, Instant now, Duration grace) {
        return !since.plus(grace).isAfter(now);
    }
}
