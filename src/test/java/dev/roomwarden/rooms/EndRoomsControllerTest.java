package dev.roomwarden.rooms;

import java.time.Instant;
import java.util.List;

import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.audit.BatchResult;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitFailure;
import dev.roomwarden.livekit.LiveKitGateway;
import livekit.LivekitModels.Room;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static dev.roomwarden.Htmx.dialog;
import static dev.roomwarden.Htmx.errorPage;
import static dev.roomwarden.Htmx.fromConfirmation;
import static dev.roomwarden.Htmx.htmx;
import static dev.roomwarden.Htmx.page;
import static dev.roomwarden.Htmx.redirectsBrowserTo;
import static dev.roomwarden.Htmx.refusedInConfirmation;
import static dev.roomwarden.Htmx.refusedInMessageArea;
import static dev.roomwarden.Htmx.refusedRole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasToString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(EndRoomsController.class)
@Import({SliceTestConfiguration.class, RoomActions.class})
class EndRoomsControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LiveKitGateway livekit;

    private static Room room(String name, int participants) {
        return Room.newBuilder().setName(name).setSid("RM_" + name.replace("-", "")).setNumParticipants(participants)
                .setCreationTime(Instant.now().minusSeconds(600).getEpochSecond()).build();
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void theConfirmationListsTheTickedRoomsStillOpenAsAPageOrADialog() throws Exception {
        when(livekit.listRooms()).thenReturn(List.of(room("support-1", 2), room("class-7", 0)));

        mvc.perform(get("/end-rooms").param("name", "support-1").param("name", "old-room"))
                .andExpect(page("End 1 room"))
                .andExpect(content().string(allOf(containsString("2 people are in them now."),
                        containsString("Already ended, so left out: <span class=\"text-break\"><span>old-room</span></span>."), not(containsString("class-7")))));
        mvc.perform(get("/end-rooms").param("name", "support-1").param("name", "old-room").with(htmx()))
                .andExpect(dialog("End 1 room"))
                .andExpect(content().string(allOf(containsString("<input type=\"hidden\" name=\"name\" value=\"support-1\">"),
                        containsString("_csrf"))));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void theConfirmationOfEndingEmptyRoomsListsOnlyTheEmptyOnes() throws Exception {
        when(livekit.listRooms()).thenReturn(List.of(room("support-1", 2), room("class-7", 0), room("class-3", 0)));

        mvc.perform(get("/end-rooms").param("empty", "true").with(htmx()))
                .andExpect(dialog("<span>empty rooms</span>?"))
                .andExpect(content().string(allOf(containsString("value=\"class-3\""), containsString("value=\"class-7\""),
                        not(containsString("support-1")), containsString("<input type=\"hidden\" name=\"empty\" value=\"true\">"))));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void endingRoomsSendsTheBrowserToTheRoomsListWithWhatCameOfEach() throws Exception {
        when(livekit.deleteRoom("support-1")).thenReturn(ActionOutcome.DONE);
        when(livekit.deleteRoom("old-room")).thenReturn(ActionOutcome.ALREADY_GONE);

        var form = mvc.perform(post("/end-rooms").param("name", "support-1").param("name", "old-room").param("reason", "tests").with(csrf()))
                .andExpect(redirectedUrl("/rooms"))
                .andReturn();
        var dialog = mvc.perform(post("/end-rooms").param("name", "support-1").param("name", "old-room").with(csrf()).with(fromConfirmation()))
                .andExpect(redirectsBrowserTo("/rooms"))
                .andReturn();

        for (var answer : List.of(form, dialog)) {
            var batch = (BatchResult) answer.getFlashMap().get("batch");
            assertThat(batch.summary()).isEqualTo("2 rooms: 1 ended, 1 had already ended.");
            assertThat(batch.items()).extracting(BatchResult.Item::target).containsExactly("support-1", "old-room");
        }
        verify(livekit, times(2)).deleteRoom("support-1");
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void whenLiveKitCannotSayWhichRoomsAreEmptyNoRoomIsEnded() throws Exception {
        when(livekit.lookUpRooms(List.of("class-7"))).thenThrow(new LiveKitException(LiveKitFailure.UNREACHABLE, null,
                "livekit.internal:7880", "ListRooms", null));

        mvc.perform(post("/end-rooms").param("name", "class-7").param("empty", "true").with(csrf()).with(htmx()))
                .andExpect(redirectsBrowserTo("/rooms"))
                .andExpect(flash().attribute("flash", hasToString(allOf(containsString("danger"), containsString("No room was ended")))));
        verify(livekit, never()).deleteRoom(anyString());
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aModeratorCannotEndRooms() throws Exception {
        mvc.perform(get("/end-rooms").param("empty", "true")).andExpect(status().isForbidden());
        mvc.perform(get("/end-rooms").param("empty", "true").with(htmx())).andExpect(refusedRole());
        mvc.perform(post("/end-rooms").param("name", "support-1").with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/end-rooms").param("name", "support-1").with(csrf()).with(htmx())).andExpect(refusedRole());
        verifyNoInteractions(livekit);
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void endingRoomsWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/end-rooms").param("name", "support-1").with(htmx())).andExpect(status().isForbidden());
        verifyNoInteractions(livekit);
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void aSelectionThatMeansNothingIsRefused() throws Exception {
        mvc.perform(get("/end-rooms").param("empty", "yes")).andExpect(errorPage("can only be"));
        mvc.perform(get("/end-rooms").with(htmx())).andExpect(refusedInMessageArea("Tick the rooms to end first."));
        mvc.perform(post("/end-rooms").param("reason", "nothing ticked").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("Tick the rooms to end first."));
        verifyNoInteractions(livekit);
    }
}
