package dev.roomwarden.emulator;

import java.io.IOException;
import java.util.List;

import io.livekit.server.RoomAdmin;
import io.livekit.server.RoomCreate;
import io.livekit.server.RoomList;
import io.livekit.server.RoomName;
import livekit.LivekitAgent.JobStatus;
import livekit.LivekitAgent.JobType;
import livekit.LivekitAgentDispatch.AgentDispatch;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import retrofit2.Response;

import static dev.roomwarden.emulator.EmulatorFixture.adminToken;
import static dev.roomwarden.emulator.EmulatorFixture.allGrants;
import static dev.roomwarden.emulator.EmulatorFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/** AgentDispatchService through the official SDK over HTTP, with the simulated agent workers. */
class AgentDispatchTest {

    private static final String DISPATCH_ID = "AD_[" + Ids.ALPHABET + "]{12}";
    private static final String AGENT_IDENTITY = "agent-AJ_[" + Ids.ALPHABET + "]{12}";
    private static final EmulatorFixture lk = new EmulatorFixture();

    @AfterAll
    static void stop() {
        lk.close();
    }

    @BeforeEach
    void empty() {
        lk.state().clear();
    }

    private static void assertTwirpError(Response<?> response, int status, String code, String message) throws IOException {
        assertThat(response.isSuccessful()).isFalse();
        assertThat(response.code()).isEqualTo(status);
        assertThat(response.errorBody().string()).isEqualTo("{\"code\":\"" + code + "\",\"msg\":\"" + message + "\"}");
    }

    private static List<AgentDispatch> dispatches(String room) throws IOException {
        return lk.dispatch.listDispatch(room).execute().body();
    }

    private static AgentDispatch dispatchOf(String room, String agentName) throws IOException {
        return dispatches(room).stream().filter(d -> d.getAgentName().equals(agentName)).findFirst().orElseThrow();
    }

    private static List<ParticipantInfo> agents(String room) throws IOException {
        return lk.sdk.listParticipants(room).execute().body().stream().filter(p -> p.getKind() == ParticipantInfo.Kind.AGENT)
                .toList();
    }

    @Test
    void aNewRoomHasOneUnnamedDefaultDispatchThatStartsNoAgent() throws IOException {
        var before = System.currentTimeMillis() * 1_000_000;
        lk.sdk.createRoom("support-1").execute();
        lk.join("support-2", "ann", ParticipantInfo.Kind.STANDARD);

        var listed = dispatches("support-1");
        assertThat(listed).singleElement().satisfies(d -> {
            assertThat(d.getId()).matches(DISPATCH_ID);
            assertThat(d.getAgentName()).isEmpty();
            assertThat(d.getRoom()).isEqualTo("support-1");
            assertThat(d.getState().getCreatedAt()).as("nanoseconds").isBetween(before, System.currentTimeMillis() * 1_000_000);
            assertThat(d.getState().getJobsList()).isEmpty();
        });
        assertThat(dispatches("support-2")).singleElement().satisfies(d -> assertThat(d.getAgentName()).isEmpty());
        assertThat(lk.sdk.listParticipants("support-1").execute().body()).isEmpty();
        assertThat(agents("support-2")).isEmpty();
    }

    @Test
    void createRoomWithAgentsDispatchesThoseInsteadOfTheDefaultAndTheyJoin() throws IOException {
        var created = lk.json("CreateRoom", "{\"name\":\"support-1\",\"agents\":[{\"agentName\":\"ava\",\"metadata\":\"{\\\"lang\\\":\\\"en\\\"}\"},"
                + "{\"agent_name\":\"scribe\"}]}", allGrants());
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).as("answered before the agents join").contains("\"num_participants\": 0");

        assertThat(dispatches("support-1")).extracting(AgentDispatch::getAgentName).containsExactly("ava", "scribe");
        assertThat(dispatchOf("support-1", "ava").getMetadata()).isEqualTo("{\"lang\":\"en\"}");
        assertThat(dispatchOf("support-1", "ava").getState().getJobs(0).getMetadata()).isEqualTo("{\"lang\":\"en\"}");
        assertThat(agents("support-1")).extracting(ParticipantInfo::getName).containsExactly("ava", "scribe");
    }

    @Test
    void createDispatchAnswersTheDispatchWithoutJobsThenTheAgentJoinsAndItsJobRuns() throws IOException {
        lk.sdk.createRoom("support-1").execute();
        var before = System.currentTimeMillis() * 1_000_000;

        var created = lk.dispatch.createDispatch("support-1", "ava", "{\"ticket\":7}").execute().body();

        assertThat(created.getId()).matches(DISPATCH_ID);
        assertThat(created.getAgentName()).isEqualTo("ava");
        assertThat(created.getRoom()).isEqualTo("support-1");
        assertThat(created.getMetadata()).isEqualTo("{\"ticket\":7}");
        assertThat(created.getState().getCreatedAt()).isBetween(before, System.currentTimeMillis() * 1_000_000);
        assertThat(created.getState().getJobsList()).isEmpty();

        var agent = agents("support-1").get(0);
        assertThat(agent.getIdentity()).matches(AGENT_IDENTITY);
        assertThat(agent.getName()).isEqualTo("ava");
        assertThat(agent.getAttributesMap()).containsEntry("lk.agent.state", "listening");
        assertThat(agent.getTracksList()).singleElement().satisfies(t -> {
            assertThat(t.getType()).isEqualTo(TrackType.AUDIO);
            assertThat(t.getSource()).isEqualTo(TrackSource.MICROPHONE);
        });
        assertThat(lk.sdk.getParticipant("support-1", agent.getIdentity()).execute().body().getKind())
                .isEqualTo(ParticipantInfo.Kind.AGENT);

        assertThat(dispatches("support-1")).extracting(AgentDispatch::getId).containsExactly(
                dispatchOf("support-1", "").getId(), created.getId());
        var job = dispatchOf("support-1", "ava").getState().getJobsList();
        assertThat(job).singleElement().satisfies(j -> {
            assertThat(agent.getIdentity()).isEqualTo("agent-" + j.getId());
            assertThat(j.getDispatchId()).isEqualTo(created.getId());
            assertThat(j.getType()).isEqualTo(JobType.JT_ROOM);
            assertThat(j.getAgentName()).isEqualTo("ava");
            assertThat(j.getMetadata()).isEqualTo("{\"ticket\":7}");
            assertThat(j.getRoom().getName()).isEqualTo("support-1");
            assertThat(j.getState().getStatus()).isEqualTo(JobStatus.JS_RUNNING);
            assertThat(j.getState().getParticipantIdentity()).isEqualTo(agent.getIdentity());
            assertThat(j.getState().getStartedAt()).isGreaterThanOrEqualTo(created.getState().getCreatedAt());
            assertThat(j.getState().getEndedAt()).isZero();
        });
    }

    @Test
    void createDispatchForAMissingRoomCreatesTheRoom() throws IOException {
        var created = lk.dispatch.createDispatch("support-new", "ava").execute();

        assertThat(created.isSuccessful()).isTrue();
        assertThat(lk.sdk.listRooms(List.of("support-new")).execute().body()).singleElement()
                .satisfies(r -> assertThat(r.getSid()).startsWith("RM_"));
        assertThat(dispatches("support-new")).extracting(AgentDispatch::getAgentName).containsExactly("", "ava");
        assertThat(agents("support-new")).hasSize(1);
    }

    @Test
    void metadataOverTheLimitIsAnInvalidArgumentAndChangesNothing() throws IOException {
        lk.sdk.createRoom("support-1").execute();

        var response = lk.dispatch.createDispatch("support-1", "ava", "x".repeat(EmulatorState.MAX_METADATA_BYTES + 1)).execute();

        assertTwirpError(response, 400, "invalid_argument", "metadata size exceeds limits");
        assertThat(dispatches("support-1")).hasSize(1);
        assertThat(agents("support-1")).isEmpty();
    }

    @Test
    void deleteDispatchRemovesItAndItsAgentLeaves() throws IOException {
        var created = lk.dispatch.createDispatch("support-1", "ava").execute().body();
        var identity = agents("support-1").get(0).getIdentity();

        var deleted = lk.dispatch.deleteDispatch("support-1", created.getId()).execute().body();

        assertThat(deleted.getId()).isEqualTo(created.getId());
        assertThat(deleted.getAgentName()).isEqualTo("ava");
        assertThat(agents("support-1")).isEmpty();
        assertThat(lk.sdk.getParticipant("support-1", identity).execute().code()).isEqualTo(404);
        assertThat(dispatches("support-1")).extracting(AgentDispatch::getAgentName).containsExactly("");
    }

    @Test
    void unknownDispatchesAndMissingRoomsAreNotFound() throws IOException {
        lk.sdk.createRoom("support-1").execute();

        assertTwirpError(lk.dispatch.deleteDispatch("support-1", "AD_unknown").execute(), 404, "not_found", "dispatch ID not found");
        assertTwirpError(lk.dispatch.deleteDispatch("nowhere", "AD_unknown").execute(), 404, "not_found",
                "requested room does not exist");
        assertTwirpError(lk.dispatch.listDispatch("nowhere").execute(), 404, "not_found", "requested room does not exist");
        assertThat(lk.state().room("nowhere")).isEmpty();
    }

    @Test
    void removingTheAgentLeavesItsJobAsListDispatchSawItAtAssignment() throws IOException {
        var created = lk.dispatch.createDispatch("support-1", "ava").execute().body();
        var identity = agents("support-1").get(0).getIdentity();

        assertThat(lk.sdk.removeParticipant("support-1", identity).execute().isSuccessful()).isTrue();

        // livekit-server's room keeps the copy of the job saved at assignment (room.go handleNewJobs); RemoveParticipant
        // terminates the job at the agent service without updating that copy.
        var job = dispatchOf("support-1", "ava").getState().getJobs(0);
        assertThat(job.getState().getStatus()).isEqualTo(JobStatus.JS_RUNNING);
        assertThat(job.getState().getParticipantIdentity()).isEqualTo(identity);
        assertThat(job.getState().getEndedAt()).isZero();
        assertThat(lk.dispatch.deleteDispatch("support-1", created.getId()).execute().isSuccessful()).isTrue();
        assertThat(dispatches("support-1")).hasSize(1);
    }

    @Test
    void deletingTheRoomDropsItsDispatches() throws IOException {
        lk.dispatch.createDispatch("support-1", "ava").execute();

        lk.sdk.deleteRoom("support-1").execute();
        lk.sdk.createRoom("support-1").execute();

        assertThat(dispatches("support-1")).extracting(AgentDispatch::getAgentName).containsExactly("");
        assertThat(agents("support-1")).isEmpty();
    }

    @Test
    void everyMethodNeedsRoomAdminForExactlyTheRoom() {
        lk.join("support-1", "ann", ParticipantInfo.Kind.STANDARD);
        var denied = "{\"code\":\"unauthenticated\",\"msg\":\"permissions denied\"}";
        var otherRoom = token(new RoomAdmin(true), new RoomName("support-2"));
        var noAdmin = token(new RoomList(true), new RoomCreate(true), new RoomName("support-1"));
        for (var method : List.of("CreateDispatch", "DeleteDispatch", "ListDispatch")) {
            for (var token : new String[] {otherRoom, noAdmin, null}) {
                var response = lk.dispatchJson(method, "{\"room\":\"support-1\",\"agentName\":\"ava\"}", token);
                assertThat(response.statusCode()).as(method).isEqualTo(401);
                assertThat(response.body()).as(method).isEqualTo(denied);
            }
        }
        assertThat(lk.state().dispatches("support-1", "")).hasSize(1);
        assertThat(lk.dispatchJson("ListDispatch", "{\"room\":\"support-1\"}", adminToken("support-1")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void listDispatchSpeaksJsonAndFiltersByDispatchId() throws IOException {
        var created = lk.dispatch.createDispatch("support-1", "ava").execute().body();
        var admin = adminToken("support-1");

        var all = lk.dispatchJson("ListDispatch", "{\"room\":\"support-1\"}", admin);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(all.body()).contains("\"agent_dispatches\"", "\"agent_name\": \"ava\"", "\"type\": \"JT_ROOM\"",
                "\"status\": \"JS_RUNNING\"").containsPattern("\"created_at\": \"\\d{19}\"");

        var one = lk.dispatchJson("ListDispatch", "{\"room\":\"support-1\",\"dispatchId\":\"" + created.getId() + "\"}", admin);
        assertThat(one.body()).contains(created.getId()).doesNotContain("\"agent_name\": \"\"");
        var snake = lk.dispatchJson("ListDispatch", "{\"room\":\"support-1\",\"dispatch_id\":\"" + created.getId() + "\"}", admin);
        assertThat(snake.body()).isEqualTo(one.body());
        var none = lk.dispatchJson("ListDispatch", "{\"room\":\"support-1\",\"dispatchId\":\"AD_nothing\"}", admin);
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).contains("\"agent_dispatches\": []");
    }

    @Test
    void anUnknownMethodIsABadRouteAndCallsAreCountedByMethod() throws IOException {
        var unknown = lk.dispatchJson("UpdateDispatch", "{}", allGrants());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"code\":\"bad_route\"");

        var before = lk.emulator.calls("CreateDispatch");
        lk.dispatch.createDispatch("support-1", "ava").execute();
        lk.dispatch.createDispatch("support-1", "scribe").execute();
        assertThat(lk.emulator.calls("CreateDispatch") - before).isEqualTo(2);
    }
}
