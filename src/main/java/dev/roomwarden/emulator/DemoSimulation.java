package dev.roomwarden.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitEgress.StopEgressRequest;
import livekit.LivekitIngress.CreateIngressRequest;
import livekit.LivekitIngress.IngressInput;
import livekit.LivekitIngress.IngressState;
import livekit.LivekitIngress.ListIngressRequest;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantInfo.Kind;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitAgentDispatch.CreateAgentDispatchRequest;
import livekit.LivekitAgentDispatch.RoomAgentDispatch;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitRoom.RoomConfiguration;
import livekit.LivekitSip.CreateSIPDispatchRuleRequest;
import livekit.LivekitSip.CreateSIPInboundTrunkRequest;
import livekit.LivekitSip.CreateSIPOutboundTrunkRequest;
import livekit.LivekitSip.SIPDispatchRule;
import livekit.LivekitSip.SIPDispatchRuleIndividual;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import livekit.LivekitRoom.UpdateParticipantRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo data: rooms named like a real deployment (support chats with an AI voice agent, a class, a sales
 * call with a phone participant, a town hall streamed in over RTMP and recorded, an empty lobby, a support phone line
 * with its trunks and dispatch rule), and a seeded
 * schedule of joins, leaves, mutes, agent state changes, recordings ending and starting, and the stage's stream
 * stopping and starting. Bounded: it never grows past a dozen or so rooms.
 */
final class DemoSimulation implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoSimulation.class);
    private static final List<String> NAMES = List.of("amara", "ben", "chen", "dana", "eli", "farah", "gus", "hana",
            "ivan", "jo", "kofi", "lena", "mateo", "nia", "omar", "priya", "quinn", "rosa", "sam", "tariq");
    private static final List<String> QUEUES = List.of("billing", "technical", "orders", "returns");
    private static final List<String> AGENT_STATES = List.of("listening", "thinking", "speaking");
    private static final String CLASS_ROOM = "class-algebra-7b";
    private static final int MIN_SUPPORT_CHATS = 3;
    private static final int MAX_SUPPORT_CHATS = 7;
    static final String HAND_OVER_METHOD = "roomwarden.hand-over";

    static final String TOWN_HALL = "townhall-q4";
    static final String DROPPED_CHAT = "helpdesk-41130";
    private static final String DROPPED_AGENT = "agent-ava-41130";
    private static final String RECORDING_PATH = "recordings/{room_name}-{time}.mp4";

    private final EmulatorState state;
    private final Egresses egresses;
    private final Random random;
    private ScheduledExecutorService schedule;
    private String stageIngress;

    /** Rooms and participants only: no recordings (for tests of the state alone). */
    DemoSimulation(EmulatorState state, long seed) {
        this(state, null, seed);
    }

    /** With {@code egresses}, the town hall is recorded now and then by the simulated egress worker. */
    DemoSimulation(EmulatorState state, Egresses egresses, long seed) {
        this.state = state;
        this.egresses = egresses;
        this.random = new Random(seed);
    }

    void populate() {
        // One voice agent does not implement the hand-over, so that both ways a hand-over ends can be seen.
        startSupportChat(false);
        for (int i = 0; i < 3; i++) {
            startSupportChat();
        }
        var takenOver = supportRoom();
        state.createRoom(CreateRoomRequest.newBuilder().setName(takenOver)
                .setMetadata("{\"ticket\":\"" + takenOver.substring(8) + "\",\"queue\":\"returns\",\"escalated\":true}").build());
        join(takenOver, "customer-" + name(), Kind.STANDARD, mic(false));
        join(takenOver, "staff-maria", Kind.STANDARD, mic(false));

        state.createRoom(CreateRoomRequest.newBuilder().setName(CLASS_ROOM).setMaxParticipants(30)
                .setMetadata("{\"course\":\"Algebra\",\"grade\":7,\"teacher\":\"Ms Lee\"}").build());
        join(CLASS_ROOM, "teacher-lee", Kind.STANDARD, List.of(track(TrackType.AUDIO, TrackSource.MICROPHONE, false),
                track(TrackType.VIDEO, TrackSource.CAMERA, false), track(TrackType.VIDEO, TrackSource.SCREEN_SHARE, false)));
        for (int i = 0; i < 6; i++) {
            joinStudent();
        }

        state.createRoom(CreateRoomRequest.newBuilder().setName("sales-acme-renewal")
                .setMetadata("{\"account\":\"ACME Corp\",\"stage\":\"renewal\"}").build());
        join("sales-acme-renewal", "rep-jordan", Kind.STANDARD,
                List.of(track(TrackType.AUDIO, TrackSource.MICROPHONE, false), track(TrackType.VIDEO, TrackSource.CAMERA, false)));
        state.addParticipant("sales-acme-renewal", new ParticipantSpec("sip_+14155550123", "+1 415 555 0123", Kind.SIP, "",
                Map.of("sip.callStatus", "active", "sip.phoneNumber", "+14155550123"), mic(false)));

        // The town hall is streamed in from the stage over RTMP and recorded, as LiveKit's own services would.
        state.createRoom(CreateRoomRequest.newBuilder().setName(TOWN_HALL).setMetadata("{\"title\":\"Q4 all hands\"}").build());
        stageIngress = state.ingresses().create(CreateIngressRequest.newBuilder().setInputType(IngressInput.RTMP_INPUT)
                .setName("Stage camera").setRoomName(TOWN_HALL).setParticipantIdentity("ingress-stage-cam")
                .setParticipantName("Stage camera").build()).getIngressId();
        state.startIngress(stageIngress);
        record();

        join("interview-2291", "candidate-" + name(), Kind.STANDARD,
                List.of(track(TrackType.AUDIO, TrackSource.MICROPHONE, false), track(TrackType.VIDEO, TrackSource.CAMERA, false)));
        join("interview-2291", "hiring-manager", Kind.STANDARD,
                List.of(track(TrackType.AUDIO, TrackSource.MICROPHONE, true), track(TrackType.VIDEO, TrackSource.CAMERA, false)));

        state.createRoom(CreateRoomRequest.newBuilder().setName("telehealth-followup-118")
                .setMetadata("{\"clinic\":\"north\",\"appointment\":\"118\"}").build());
        join("telehealth-followup-118", "dr-okafor", Kind.STANDARD,
                List.of(track(TrackType.AUDIO, TrackSource.MICROPHONE, false), track(TrackType.VIDEO, TrackSource.CAMERA, false)));
        join("telehealth-followup-118", "patient-" + name(), Kind.STANDARD,
                List.of(track(TrackType.AUDIO, TrackSource.MICROPHONE, false), track(TrackType.VIDEO, TrackSource.CAMERA, true)));

        join("tutoring-sofia-jamal", "tutor-sofia", Kind.STANDARD,
                List.of(track(TrackType.AUDIO, TrackSource.MICROPHONE, false), track(TrackType.VIDEO, TrackSource.SCREEN_SHARE, false)));
        join("tutoring-sofia-jamal", "student-jamal", Kind.STANDARD, mic(true));

        seedTelephony();

        // A support chat whose voice agent is about to lose its connection (start() drops it): the customer is left
        // alone, which the overview's "Needs attention" lists. Not named support-..., which the simulation ends at random.
        state.createRoom(CreateRoomRequest.newBuilder().setName(DROPPED_CHAT)
                .setMetadata("{\"ticket\":\"41130\",\"queue\":\"billing\",\"language\":\"en\"}").build());
        join(DROPPED_CHAT, "customer-41130", Kind.STANDARD, mic(false));
        join(DROPPED_CHAT, DROPPED_AGENT, Kind.AGENT, mic(false));

        state.createRoom(CreateRoomRequest.newBuilder().setName("lobby").setEmptyTimeout(86_400)
                .setMetadata("{\"purpose\":\"waiting room\"}").build());
        log.info("Demo simulation: {} simulated rooms", state.rooms().size());
    }

    /**
     * A support line as a voice-AI deployment has it: callers to +1 415 555 0100 get a room of their own ("call-...") with
     * the voice agent, and one is on the line; staff dial out through a carrier's outbound trunk. The passwords are random:
     * never shown anyway.
     */
    private void seedTelephony() {
        var sips = state.sips();
        if (sips == null) {
            return;
        }
        var inbound = sips.createInbound(CreateSIPInboundTrunkRequest.newBuilder().setTrunk(SIPInboundTrunkInfo.newBuilder()
                .setName("Support line").addNumbers("+14155550100").setAuthUsername("support-line")
                .setAuthPassword(Ids.random(20))).build());
        sips.createOutbound(CreateSIPOutboundTrunkRequest.newBuilder().setTrunk(SIPOutboundTrunkInfo.newBuilder()
                .setName("Outbound (example carrier)").setAddress("sip.example-carrier.net").addNumbers("+14155550199")
                .setAuthUsername("roomwarden-demo").setAuthPassword(Ids.random(20))).build());
        sips.createRule(CreateSIPDispatchRuleRequest.newBuilder().setDispatchRule(SIPDispatchRuleInfo.newBuilder()
                .setName("Support callers").addTrunkIds(inbound.getSipTrunkId())
                .setRule(SIPDispatchRule.newBuilder().setDispatchRuleIndividual(SIPDispatchRuleIndividual.newBuilder().setRoomPrefix("call-")))
                .setRoomConfig(RoomConfiguration.newBuilder().addAgents(RoomAgentDispatch.newBuilder().setAgentName("ava-voice-agent")))).build());
        // One caller on the line, through the trunk and rule as LiveKit's SIP service would: a call staff can transfer.
        sips.inboundCall("+14155550142", "+14155550100", "");
    }

    void start(Duration tick) {
        schedule = Executors.newSingleThreadScheduledExecutor(LiveKitEmulator.daemonThreads("emulator-simulation"));
        // Once Roomwarden receives webhooks, so that its history has the agent leave with its reason.
        schedule.schedule(() -> state.removeParticipant(DROPPED_CHAT, DROPPED_AGENT, livekit.LivekitModels.DisconnectReason.SIGNAL_CLOSE),
                Math.max(tick.toMillis(), 5_000), TimeUnit.MILLISECONDS);
        schedule.scheduleWithFixedDelay(this::safeStep, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void safeStep() {
        try {
            step();
        } catch (RuntimeException e) {
            log.warn("Demo simulation step failed", e);
        }
    }

    /** One random change, as a busy deployment would see every few seconds. */
    void step() {
        var supportChats = state.rooms().stream().map(r -> r.getName()).filter(n -> n.startsWith("support-")).toList();
        var dice = random.nextInt(100);
        if (dice < 20 && supportChats.size() > MIN_SUPPORT_CHATS) {
            state.deleteRoom(supportChats.get(random.nextInt(supportChats.size())));
        } else if (dice < 40 && supportChats.size() < MAX_SUPPORT_CHATS) {
            startSupportChat();
        } else if (dice < 60) {
            toggleSomeTrack();
        } else if (dice < 75) {
            var students = state.participants(CLASS_ROOM).stream().filter(p -> p.getIdentity().startsWith("student-")).toList();
            if (students.size() > 3 && (students.size() >= 10 || random.nextBoolean())) {
                state.removeParticipant(CLASS_ROOM, students.get(random.nextInt(students.size())).getIdentity(),
                        livekit.LivekitModels.DisconnectReason.CLIENT_INITIATED);
            } else {
                joinStudent();
            }
        } else if (dice < 80) {
            toggleRecording();
        } else if (dice < 83) {
            toggleStage();
        } else {
            changeSomeAgentState();
        }
    }

    private void record() {
        if (egresses != null) {
            egresses.startRoomComposite(RoomCompositeEgressRequest.newBuilder().setRoomName(TOWN_HALL).setLayout("speaker")
                    .addFileOutputs(EncodedFileOutput.newBuilder().setFilepath(RECORDING_PATH)).build());
        }
    }

    /** The town hall's recording ends (with its file) or a new one starts. */
    private void toggleRecording() {
        if (egresses == null || state.room(TOWN_HALL).isEmpty()) {
            return;
        }
        var active = egresses.all().stream()
                .filter(e -> e.getRoomName().equals(TOWN_HALL) && e.getStatus() == EgressStatus.EGRESS_ACTIVE).toList();
        if (active.isEmpty()) {
            record();
        } else {
            active.forEach(e -> egresses.stop(StopEgressRequest.newBuilder().setEgressId(e.getEgressId()).build()));
        }
    }

    /** The stage's encoder stops or starts again (ingress_ended / ingress_started). */
    private void toggleStage() {
        if (stageIngress == null || state.room(TOWN_HALL).isEmpty()) {
            return;
        }
        var status = state.ingresses().list(ListIngressRequest.newBuilder().setIngressId(stageIngress).build()).get(0).getState().getStatus();
        if (status == IngressState.Status.ENDPOINT_PUBLISHING) {
            state.stopIngress(stageIngress, "");
        } else {
            state.startIngress(stageIngress);
        }
    }

    private void startSupportChat() {
        startSupportChat(true);
    }

    private void startSupportChat(boolean handsOver) {
        var room = supportRoom();
        state.createRoom(CreateRoomRequest.newBuilder().setName(room).setMetadata("{\"ticket\":\"" + room.substring(8)
                + "\",\"queue\":\"" + QUEUES.get(random.nextInt(QUEUES.size())) + "\",\"language\":\"en\"}").build());
        join(room, "customer-" + name(), Kind.STANDARD, mic(false));
        // The voice agent comes by an explicit dispatch, as in deployments that name their agents: its job shows on the page.
        var dispatch = state.createDispatch(CreateAgentDispatchRequest.newBuilder().setRoom(room)
                .setAgentName(handsOver ? "ava-voice-agent" : "legacy-ivr-agent")
                .setMetadata("{\"model\":\"voice-assistant\",\"ticket\":\"" + room.substring(8) + "\"}").build());
        if (handsOver) {
            // As an agent that cooperates (docs/handover.md): it answers, says goodbye and shuts itself down.
            for (var job : state.dispatches(room, dispatch.getId()).get(0).getState().getJobsList()) {
                state.implementRpc(room, job.getState().getParticipantIdentity(), HAND_OVER_METHOD,
                        RpcAnswer.payload("{\"ok\":true}").after(Duration.ofMillis(300)).thenLeave(Duration.ofSeconds(2)));
            }
        }
    }

    private String supportRoom() {
        return "support-" + (10_000 + random.nextInt(90_000));
    }

    private void joinStudent() {
        join(CLASS_ROOM, "student-" + name(), Kind.STANDARD, List.of(track(TrackType.AUDIO, TrackSource.MICROPHONE, random.nextBoolean()),
                track(TrackType.VIDEO, TrackSource.CAMERA, false)));
    }

    private void toggleSomeTrack() {
        var candidates = new ArrayList<String[]>();
        for (var room : state.rooms()) {
            for (ParticipantInfo participant : state.participants(room.getName())) {
                for (var track : participant.getTracksList()) {
                    candidates.add(new String[] {room.getName(), participant.getIdentity(), track.getSid(),
                            Boolean.toString(track.getMuted())});
                }
            }
        }
        if (!candidates.isEmpty()) {
            var pick = candidates.get(random.nextInt(candidates.size()));
            state.setTrackMuted(pick[0], pick[1], pick[2], !Boolean.parseBoolean(pick[3]));
        }
    }

    private void changeSomeAgentState() {
        for (var room : state.rooms()) {
            for (var participant : state.participants(room.getName())) {
                if (participant.getKind() == Kind.AGENT && random.nextBoolean()) {
                    state.updateParticipant(UpdateParticipantRequest.newBuilder().setRoom(room.getName())
                            .setIdentity(participant.getIdentity())
                            .putAttributes("lk.agent.state", AGENT_STATES.get(random.nextInt(AGENT_STATES.size()))).build());
                    return;
                }
            }
        }
    }

    private void join(String room, String identity, Kind kind, List<TrackSpec> tracks) {
        state.addParticipant(room, new ParticipantSpec(identity, "", kind, "", Map.of(), tracks));
    }

    private String name() {
        return NAMES.get(random.nextInt(NAMES.size()));
    }

    private static List<TrackSpec> mic(boolean muted) {
        return List.of(track(TrackType.AUDIO, TrackSource.MICROPHONE, muted));
    }

    private static TrackSpec track(TrackType type, TrackSource source, boolean muted) {
        return new TrackSpec(type, source, muted);
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }
}
