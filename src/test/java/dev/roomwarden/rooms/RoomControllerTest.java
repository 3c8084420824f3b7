package dev.roomwarden.rooms;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.roomwarden.agents.AgentActions;
import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.live.LiveProperties;
import dev.roomwarden.live.LiveUpdates;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitFailure;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.notes.SessionNotes;
import dev.roomwarden.notes.Tags;
import dev.roomwarden.web.LiveFragments;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(RoomController.class)
@Import({SliceTestConfiguration.class, RoomPageModel.class, AgentActions.class, LiveUpdates.class, LiveFragments.class})
@EnableConfigurationProperties(LiveProperties.class)
class RoomControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LiveKitGateway livekit;

    /** Notes and tags are in a database: here there are none. */
    @MockitoBean
    Tags tags;

    @MockitoBean
    SessionNotes notes;

    @Autowired
    SessionRegistry sessions;

    private static Room room(String name, int participants) {
        return Room.newBuilder().setName(name).setSid("RM_" + name.hashCode()).setNumParticipants(participants)
                .setCreationTime(Instant.now().minusSeconds(300).getEpochSecond()).setMetadata("{\"queue\":\"billing\"}")
                .build();
    }

    private static ParticipantInfo participant(String identity, ParticipantInfo.Kind kind) {
        return ParticipantInfo.newBuilder().setIdentity(identity).setSid("PA_" + identity).setKind(kind)
                .setState(ParticipantInfo.State.ACTIVE).setJoinedAt(Instant.now().getEpochSecond())
                .addTracks(TrackInfo.newBuilder().setSid("TR_1").setType(TrackType.AUDIO)
                        .setSource(TrackSource.MICROPHONE).setMuted(true))
                .build();
    }

    @Test
    void anonymousVisitorIsSentToLogin() throws Exception {
        mvc.perform(get("/rooms").accept(MediaType.TEXT_HTML))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
    }

    @Test
    void anonymousHtmxRefreshGets401AndIsRedirectedToItsOwnPage() throws Exception {
        mvc.perform(get("/rooms").header("HX-Request", "true")
                        .header("HX-Current-URL", "http://localhost/rooms?q=support&sort=-created"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("HX-Redirect", "/rooms?q=support&sort=-created"));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void roomsPageListsRoomsSortedByNameInTheLayout() throws Exception {
        when(livekit.listRooms()).thenReturn(List.of(room("support-b", 2), room("class-7", 9), room("support-a", 1)));

        mvc.perform(get("/rooms"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<html"), containsString("Log out"),
                        containsString("id=\"rooms-table\""))))
                .andExpect(content().string(org.hamcrest.Matchers.stringContainsInOrder("class-7", "support-a", "support-b")));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void htmxRefreshGetsOnlyTheTableFilteredAndSorted() throws Exception {
        when(livekit.listRooms()).thenReturn(List.of(room("support-b", 2), room("class-7", 9), room("support-a", 5)));

        mvc.perform(get("/rooms").param("q", "SUPPORT").param("sort", "-participants").header("HX-Request", "true")
                        .header("HX-Target", "rooms-table"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(not(containsString("<html")), containsString("id=\"rooms-table\""),
                        not(containsString("class-7")))))
                .andExpect(content().string(org.hamcrest.Matchers.stringContainsInOrder("support-a", "support-b")))
                .andExpect(content().string(containsString("hx-get=\"/rooms?q=SUPPORT&amp;sort=-participants\"")));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void aNewFilterGetsTheTableWithAnEventStreamForThatFilter() throws Exception {
        when(livekit.listRooms()).thenReturn(List.of(room("support-b", 2), room("class-7", 9)));

        mvc.perform(get("/rooms").param("q", "support").header("HX-Request", "true").header("HX-Target", "rooms-live"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(not(containsString("<html")), containsString("id=\"rooms-live\""),
                        containsString("sse-connect=\"/rooms?q=support&amp;sort=name\""), containsString("sse-swap=\"rooms-table\""),
                        containsString("support-b"), not(containsString("class-7")))));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void manyRoomsAreShownAHundredAtATimeWithThePageInTheUrl() throws Exception {
        var rooms = new java.util.ArrayList<Room>();
        for (int i = 0; i < 250; i++) {
            rooms.add(room("room-%03d".formatted(i), i % 7));
        }
        when(livekit.listRooms()).thenReturn(rooms);

        mvc.perform(get("/rooms"))
                .andExpect(content().string(allOf(containsString("room-000"), containsString("room-099"),
                        not(containsString("room-100")), containsString("1–100 of 250"), containsString("href=\"/rooms?q=&amp;sort=name&amp;page=2\""),
                        not(containsString("rel=\"prev\"")))));
        mvc.perform(get("/rooms").param("page", "3").header("HX-Request", "true").header("HX-Target", "rooms-table"))
                .andExpect(content().string(allOf(containsString("room-249"), not(containsString("room-199")),
                        containsString("201–250 of 250"), containsString("rel=\"prev\""), not(containsString("rel=\"next\"")),
                        containsString("hx-get=\"/rooms?q=&amp;sort=name&amp;page=3\""))));
        mvc.perform(get("/rooms").param("page", "0")).andExpect(status().isBadRequest());
        mvc.perform(get("/rooms").param("page", "lots")).andExpect(status().isBadRequest());
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void noRoomsShowsTheEmptyState() throws Exception {
        when(livekit.listRooms()).thenReturn(List.of());

        mvc.perform(get("/rooms")).andExpect(status().isOk())
                .andExpect(content().string(containsString("No rooms right now")));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void unknownSortIsA400WithAMessage() throws Exception {
        mvc.perform(get("/rooms").param("sort", "password"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("Unknown sort order")));
        mvc.perform(get("/rooms").param("sort", "password").header("HX-Request", "true").header("HX-Target", "rooms-table"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("HX-Retarget", "#flash"))
                .andExpect(content().string(allOf(containsString("Unknown sort order"), not(containsString("<html")))));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void unreachableLiveKitShowsABannerWithTheHostAndNeverTheSecret() throws Exception {
        when(livekit.listRooms()).thenThrow(new LiveKitException(LiveKitFailure.UNREACHABLE, null,
                "livekit.internal:7880", "ListRooms", null));

        for (var htmx : List.of(false, true)) {
            var request = get("/rooms");
            if (htmx) {
                request.header("HX-Request", "true").header("HX-Target", "rooms-table");
            }
            mvc.perform(request).andExpect(status().isOk())
                    .andExpect(content().string(allOf(containsString("can&#39;t reach LiveKit at livekit.internal:7880"),
                            not(containsString(SliceTestConfiguration.API_SECRET)))));
        }
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void roomPageListsAgentsFirstWithABadgeAndGivesAViewerNoButtons() throws Exception {
        when(livekit.findRoom("support-1")).thenReturn(Optional.of(room("support-1", 2)));
        when(livekit.listParticipants("support-1")).thenReturn(List.of(
                participant("agent-ava", ParticipantInfo.Kind.AGENT), participant("customer-1", ParticipantInfo.Kind.STANDARD)));

        mvc.perform(get("/rooms/support-1"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.stringContainsInOrder("agent-ava", "AGENT", "customer-1")))
                .andExpect(content().string(allOf(containsString("Microphone"), containsString("(muted)"),
                        not(containsString("Remove agent")), not(containsString(">Remove<")), not(containsString("End room")))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void moderatorSeesRemoveButtonsButNotEndRoom() throws Exception {
        when(livekit.findRoom("support-1")).thenReturn(Optional.of(room("support-1", 2)));
        when(livekit.listParticipants("support-1")).thenReturn(List.of(participant("agent-ava", ParticipantInfo.Kind.AGENT)));

        mvc.perform(get("/rooms/support-1"))
                .andExpect(content().string(allOf(containsString("Remove agent"),
                        containsString("/rooms/support-1/participants/agent-ava/remove?kind=AGENT"),
                        not(containsString("End room")))));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void adminSeesEndRoom() throws Exception {
        when(livekit.findRoom("support-1")).thenReturn(Optional.of(room("support-1", 0)));
        when(livekit.listParticipants("support-1")).thenReturn(List.of());

        mvc.perform(get("/rooms/support-1"))
                .andExpect(content().string(allOf(containsString("End room"), containsString("Nobody is in this room"))));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void roomNamesWithSlashesAndNonAsciiArriveDecoded() throws Exception {
        var name = "eu/support #1 ?ü%";
        when(livekit.findRoom(name)).thenReturn(Optional.of(room(name, 1)));
        when(livekit.listParticipants(name)).thenReturn(List.of());

        mvc.perform(get(URI.create("/rooms/" + UriUtils.encodePathSegment(name, StandardCharsets.UTF_8))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("eu/support #1 ?ü%")));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void unknownRoomIsA404PageThatSaysItMayHaveEnded() throws Exception {
        when(livekit.findRoom("gone")).thenReturn(Optional.empty());

        mvc.perform(get("/rooms/gone"))
                .andExpect(status().isNotFound())
                .andExpect(content().string(allOf(containsString("It may have ended"), containsString("Back to rooms"))));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void refreshOfARoomThatEndedStopsPollingAndSaysSo() throws Exception {
        when(livekit.findRoom("gone")).thenReturn(Optional.empty());

        mvc.perform(get("/rooms/gone").header("HX-Request", "true"))
                .andExpect(status().is(RoomController.STOP_POLLING))
                .andExpect(content().string(allOf(containsString("This room has ended"), not(containsString("<html")))));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void overlongRoomNameIsA400() throws Exception {
        mvc.perform(get("/rooms/{name}", "x".repeat(257)))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("at most 256 bytes")));
        verify(livekit, never()).findRoom(anyString());
    }

    @Test
    void anonymousEventStreamGets401SoTheBrowserStopsRetrying() throws Exception {
        mvc.perform(get("/rooms").accept(MediaType.TEXT_EVENT_STREAM)).andExpect(status().isUnauthorized());
        mvc.perform(get("/rooms/support-1").accept(MediaType.TEXT_EVENT_STREAM)).andExpect(status().isUnauthorized());
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void theRoomsEventStreamOpensAtOnce() throws Exception {
        var stream = mvc.perform(get("/rooms").param("q", "support").accept(MediaType.TEXT_EVENT_STREAM).session(signedInSession()))
                .andExpect(request().asyncStarted())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM))
                .andReturn();

        await().atMost(Duration.ofSeconds(5)).until(() -> stream.getResponse().getContentAsString().contains(":open"));
        verify(livekit, never()).listRooms();
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void aReconnectingRoomStreamIsSentTheRoomsLivePartAtOnce() throws Exception {
        when(livekit.findRoom("support-1")).thenReturn(Optional.of(room("support-1", 1)));
        when(livekit.listParticipants("support-1")).thenReturn(List.of(participant("customer-1", ParticipantInfo.Kind.STANDARD)));

        var stream = mvc.perform(get("/rooms/support-1").accept(MediaType.TEXT_EVENT_STREAM).header("Last-Event-ID", "41")
                        .session(signedInSession()))
                .andExpect(request().asyncStarted())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM))
                .andReturn();

        await().atMost(Duration.ofSeconds(5)).until(() -> stream.getResponse().getContentAsString().contains("customer-1"));
        assertThat(stream.getResponse().getContentAsString()).contains("event:room-live", "id=\"room-live\"").doesNotContain("<html");
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void anEventStreamForAnOverlongRoomNameIsRefused() throws Exception {
        mvc.perform(get("/rooms/{name}", "x".repeat(257)).accept(MediaType.TEXT_EVENT_STREAM).session(signedInSession()))
                .andExpect(status().isBadRequest())
                .andExpect(request().asyncNotStarted());
        verify(livekit, never()).findRoom(anyString());
    }

    /** A session the session registry knows, as after a login: event streams stay open only for those. */
    private MockHttpSession signedInSession() {
        var session = new MockHttpSession(null, "session-" + UUID.randomUUID());
        sessions.registerNewSession(session.getId(), "viewer");
        return session;
    }
}
