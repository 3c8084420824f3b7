package dev.roomwarden.rooms;

import java.net.URI;
import java.util.Optional;

import dev.roomwarden.SliceTestConfiguration;
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
import static dev.roomwarden.Htmx.refusedRole;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasToString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
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

@WebMvcTest(NewRoomController.class)
@Import({SliceTestConfiguration.class, RoomActions.class})
class NewRoomControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LiveKitGateway livekit;

    @Test
    @WithMockUser(roles = "ADMIN")
    void theNewRoomFormIsAPageOrADialog() throws Exception {
        mvc.perform(get("/new-room")).andExpect(page("New room"));
        mvc.perform(get("/new-room").with(htmx()))
                .andExpect(dialog("New room"))
                .andExpect(content().string(allOf(containsString("name=\"emptyTimeout\""), containsString("hx-post=\"/rooms\""),
                        containsString("_csrf"))));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void aCreatedRoomIsOpenedWithItsMessage() throws Exception {
        mvc.perform(post("/rooms").param("name", " support-4711 ").param("emptyTimeout", "600").with(csrf()))
                .andExpect(redirectedUrl("/rooms/support-4711"))
                .andExpect(flash().attribute("flash", hasToString(containsString(
                        "Room “support-4711” is created. LiveKit closes it if nobody joins within 600 s."))));
        verify(livekit).createRoom("support-4711", 600, 0, 0, "");
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void fromTheDialogTheWholeBrowserGoesToTheNewRoom() throws Exception {
        mvc.perform(post("/rooms").param("name", "eu/support").param("maxParticipants", "2").with(csrf()).with(fromConfirmation()))
                .andExpect(redirectsBrowserTo("/rooms/eu%2Fsupport"))
                .andExpect(flash().attribute("flash", hasToString(containsString("within 300 s"))));
        verify(livekit).createRoom("eu/support", 0, 0, 2, "");
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void whenLiveKitFailsTheBrowserGoesBackToTheRoomsListWithWhy() throws Exception {
        when(livekit.createRoom(anyString(), anyInt(), anyInt(), anyInt(), anyString())).thenThrow(new LiveKitException(
                LiveKitFailure.TIMEOUT, null, "livekit.internal:7880", "CreateRoom", null));

        mvc.perform(post("/rooms").param("name", "support-4711").with(csrf()).with(htmx()))
                .andExpect(redirectsBrowserTo("/rooms"))
                .andExpect(flash().attribute("flash", hasToString(allOf(containsString("danger"),
                        containsString("The room was not created"), containsString("did not answer in time")))));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void aNameLiveKitAlreadyHasOrABadTimeoutIsRefusedInsideTheForm() throws Exception {
        when(livekit.lookUpRoom("support-1")).thenReturn(Optional.of(Room.newBuilder().setName("support-1").build()));

        mvc.perform(post("/rooms").param("name", "support-1").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("A room named “support-1” already exists."));
        mvc.perform(post("/rooms").param("name", "support-2").param("emptyTimeout", "soon").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("The empty timeout must be a whole number from 0 to 604800"));
        mvc.perform(post("/rooms").param("name", "").with(csrf()))
                .andExpect(errorPage("The room name is empty."));
        verify(livekit, never()).createRoom(anyString(), anyInt(), anyInt(), anyInt(), any());
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aModeratorCannotCreateRooms() throws Exception {
        mvc.perform(get("/new-room")).andExpect(status().isForbidden());
        mvc.perform(get("/new-room").with(htmx())).andExpect(refusedRole());
        mvc.perform(post("/rooms").param("name", "support-4711").with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/rooms").param("name", "support-4711").with(csrf()).with(htmx())).andExpect(refusedRole());
        verifyNoInteractions(livekit);
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void creatingARoomWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post(URI.create("/rooms")).param("name", "support-4711").with(htmx())).andExpect(status().isForbidden());
        verifyNoInteractions(livekit);
    }
}
