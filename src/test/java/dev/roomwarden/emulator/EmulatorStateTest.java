package dev.roomwarden.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import livekit.LivekitAgent.JobStatus;
import livekit.LivekitAgentDispatch.CreateAgentDispatchRequest;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitRoom.CreateRoomRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory server: idle rooms closing, counts under concurrency, dispatch times, and the demo simulation. */
class EmulatorStateTest {

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final EmulatorState state = new EmulatorState(now::get);

    private void join(String room, String identity, boolean publishes) {
        state.addParticipant(room, new ParticipantSpec(identity, "", ParticipantInfo.Kind.STANDARD, "", Map.of(),
                publishes ? List.of(new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false)) : List.of()));
    }

    @Test
    void aRoomNobodyJoinsClosesAfterItsEmptyTimeout() {
        state.createRoom(CreateRoomRequest.newBuilder().setName("quiet").setEmptyTimeout(10).build());

        now.addAndGet(9_000);
        state.closeIdleRooms();
        assertThat(state.room("quiet")).isPresent();
        now.addAndGet(1_000);
        state.closeIdleRooms();
        assertThat(state.room("quiet")).isEmpty();
    }

    @Test
    void aRoomClosesItsDepartureTimeoutAfterTheLastParticipantLeftAndNotWhileSomeoneIsIn() {
        state.createRoom(CreateRoomRequest.newBuilder().setName("call").setEmptyTimeout(300).setDepartureTimeout(20).build());
        join("call", "ann", false);
        now.addAndGet(3_600_000);
        state.closeIdleRooms();
        assertThat(state.room("call")).as("occupied rooms stay").isPresent();

        state.removeParticipant("call", "ann");
        now.addAndGet(19_000);
        state.closeIdleRooms();
        assertThat(state.room("call")).isPresent();
        now.addAndGet(1_000);
        state.closeIdleRooms();
        assertThat(state.room("call")).isEmpty();
    }

    @Test
    void aSecondJoinWithTheSameIdentityReplacesTheFirst() {
        join("r", "ann", true);
        join("r", "ann", false);
        assertThat(state.participants("r")).hasSize(1);
        assertThat(state.room("r").orElseThrow().getNumPublishers()).isZero();
    }

    @Test
    void dispatchAndJobTimesAreTheClockInNanosecondsAndAJobIsNotUpdatedWhenItsAgentLeaves() {
        var created = state.createDispatch(CreateAgentDispatchRequest.newBuilder().setRoom("r").setAgentName("ava").build());
        assertThat(created.getState().getCreatedAt()).isEqualTo(1_700_000_000_000_000_000L);
        var identity = state.participants("r").get(0).getIdentity();

        now.addAndGet(5_000);
        state.removeParticipant("r", identity);

        var job = state.dispatches("r", created.getId()).get(0).getState().getJobs(0);
        assertThat(job.getState().getStartedAt()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(job.getState().getEndedAt()).isZero();
        assertThat(job.getState().getStatus()).isEqualTo(JobStatus.JS_RUNNING);
    }

    @Test
    void countsNeverDisagreeWithTheParticipantListUnderConcurrency() throws Exception {
        var live = new EmulatorState();
        var rooms = List.of("a", "b", "c");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        var inconsistencies = new AtomicLong();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            var thread = t;
            work.add(pool.submit(() -> {
                var random = ThreadLocalRandom.current();
                for (int i = 0; i < 400; i++) {
                    var room = rooms.get(random.nextInt(rooms.size()));
                    var identity = "p" + thread + "-" + random.nextInt(20);
                    switch (random.nextInt(3)) {
                        case 0 -> live.addParticipant(room, new ParticipantSpec(identity, "", ParticipantInfo.Kind.STANDARD, "",
                                Map.of(), random.nextBoolean() ? List.of(new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false)) : List.of()));
                        case 1 -> live.removeParticipant(room, identity);
                        default -> live.room(room).ifPresent(snapshot -> {
                            if (snapshot.getNumPublishers() > snapshot.getNumParticipants()) {
                                inconsistencies.incrementAndGet();
                            }
                        });
                    }
                }
            }));
        }
        for (var future : work) {
            future.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(inconsistencies).hasValue(0);
        for (var room : live.rooms()) {
            var participants = live.participants(room.getName());
            assertThat(room.getNumParticipants()).isEqualTo(participants.size());
            assertThat(room.getNumPublishers()).isEqualTo((int) participants.stream().filter(ParticipantInfo::getIsPublisher).count());
            assertThat(participants).extracting(ParticipantInfo::getIdentity).doesNotHaveDuplicates();
        }
    }

    @Test
    void theDemoLooksLikeARealDeploymentIsReproducibleAndStaysBounded() {
        var first = new EmulatorState();
        new DemoSimulation(first, 7).populate();
        var second = new EmulatorState();
        new DemoSimulation(second, 7).populate();

        var names = first.rooms().stream().map(r -> r.getName()).toList();
        assertThat(names).hasSizeBetween(10, 15).contains("class-algebra-7b", "sales-acme-renewal", "lobby");
        assertThat(names).isEqualTo(second.rooms().stream().map(r -> r.getName()).toList());
        assertThat(first.participants("sales-acme-renewal")).anySatisfy(p -> assertThat(p.getKind()).isEqualTo(ParticipantInfo.Kind.SIP));
        assertThat(first.room("lobby").orElseThrow().getNumParticipants()).isZero();
        var supportChats = names.stream().filter(n -> n.startsWith("support-")).toList();
        assertThat(supportChats).hasSizeGreaterThanOrEqualTo(4);
        assertThat(supportChats).filteredOn(n -> first.participants(n).stream().noneMatch(p -> p.getIdentity().startsWith("staff-")))
                .allSatisfy(n -> assertThat(first.participants(n)).anySatisfy(p -> assertThat(p.getKind()).isEqualTo(ParticipantInfo.Kind.AGENT)));

        var simulation = new DemoSimulation(first, 7);
        for (int i = 0; i < 2_000; i++) {
            simulation.step();
            first.closeIdleRooms();
        }
        assertThat(first.rooms()).hasSizeLessThanOrEqualTo(16);
        assertThat(first.participants("class-algebra-7b")).hasSizeBetween(3, 12);
        for (var room : first.rooms()) {
            // As livekit-server, the room's count leaves out its recorder (egress) participants.
            var counted = first.participants(room.getName()).stream().filter(p -> p.getKind() != ParticipantInfo.Kind.EGRESS).count();
            assertThat(room.getNumParticipants()).isEqualTo(counted);
        }
    }
}
