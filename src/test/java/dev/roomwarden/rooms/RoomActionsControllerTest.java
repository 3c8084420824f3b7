package dev.roomwarden.rooms;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.agents.AgentActions;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitFailure;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.web.Answers;
import livekit.LivekitModels.ParticipantInfo;
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
import static dev.roomwarden.Htmx.refusedInConfirmation;
import static dev.roomwarden.Htmx.refusedInMessageArea;
import static dev.roomwarden.Htmx.refusedRole;
import static dev.roomwarden.Htmx.refusedRoleInConfirmation;
import static dev.roomwarden.Htmx.roomPart;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasToString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(RoomActionsController.class)
@Import({SliceTestConfiguration.class, RoomPageModel.class, RoomActions.class, AgentActions.class, Answers.class})
class RoomActionsControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LiveKitGateway livekit;

    private void roomWithCustomer() {
        when(livekit.findRoom("support-1")).thenReturn(Optional.of(Room.newBuilder().setName("support-1").setSid("RM_support1")
                .setNumParticipants(1).setCreationTime(Instant.now().getEpochSecond()).setMetadata("{\"queue\":\"billing\"}").build()));
        when(livekit.listParticipants("support-1")).thenReturn(List.of(ParticipantInfo.newBuilder()
                .setIdentity("customer-1").setKind(ParticipantInfo.Kind.STANDARD).build()));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void adminGetsAConfirmationDialogNamingTheRoom() throws Exception {
        mvc.perform(get("/rooms/{name}/delete", "support-1").header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<dialog"), containsString("support-1"),
                        containsString("name=\"reason\""), containsString("_csrf"), not(containsString("<html")))));
        mvc.perform(get("/rooms/{name}/delete", "support-1"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<html"), containsString("End room"))));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void adminEndsARoomAndReturnsToTheRoomsList() throws Exception {
        when(livekit.deleteRoom("support-1")).thenReturn(ActionOutcome.DONE);

        mvc.perform(post("/rooms/{name}/delete", "support-1").param("reason", "spam").with(csrf()))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/rooms"))
                .andExpect(flash().attributeExists("flash"));
        mvc.perform(post("/rooms/{name}/delete", "support-1").with(csrf()).header("HX-Request", "true"))
                .andExpect(header().string("HX-Redirect", "/rooms"));
        verify(livekit, org.mockito.Mockito.times(2)).deleteRoom("support-1");
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void endingARoomLiveKitCannotReachStaysOnTheRoomWithTheError() throws Exception {
        when(livekit.deleteRoom(any())).thenThrow(new LiveKitException(LiveKitFailure.TIMEOUT, null,
                "livekit.internal:7880", "DeleteRoom", null));

        mvc.perform(post(URI.create("/rooms/eu%2Fsupport/delete")).with(csrf()))
                .andExpect(redirectedUrl("/rooms/eu%2Fsupport"))
                .andExpect(flash().attribute("flash", org.hamcrest.Matchers.hasToString(allOf(containsString("danger"), containsString("was not ended"), containsString("did not answer in time")))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void moderatorCannotEndARoom() throws Exception {
        mvc.perform(post("/rooms/{name}/delete", "support-1").with(csrf())).andExpect(status().isForbidden());
        mvc.perform(get("/rooms/{name}/delete", "support-1")).andExpect(status().isForbidden());
        mvc.perform(post("/rooms/{name}/delete", "support-1").with(csrf()).header("HX-Request", "true"))
                .andExpect(status().isForbidden())
                .andExpect(header().string("HX-Retarget", "#flash"));
        verify(livekit, never()).deleteRoom(anyString());
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void endingARoomWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/rooms/{name}/delete", "support-1")).andExpect(status().isForbidden());
        verify(livekit, never()).deleteRoom(anyString());
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void overlongReasonIsRefusedBeforeLiveKitIsCalled() throws Exception {
        mvc.perform(post("/rooms/{name}/delete", "support-1").param("reason", "x".repeat(501)).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("reason is too long")));
        verify(livekit, never()).deleteRoom(anyString());
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void anOverlongReasonTypedInTheDialogIsShownInsideIt() throws Exception {
        mvc.perform(post("/rooms/{name}/delete", "support-1").param("reason", "x".repeat(501)).with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("The reason is too long"));
        mvc.perform(post("/rooms/{name}/delete", "support-1").param("sid", "not a sid").with(csrf()).with(htmx()))
                .andExpect(refusedInMessageArea("is not a LiveKit sid"));
        verify(livekit, never()).deleteRoom(anyString());
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theMessageFormIsAPageOrADialogListingWhoCanReceiveIt() throws Exception {
        roomWithCustomer();

        mvc.perform(get("/rooms/{name}/message", "support-1"))
                .andExpect(page("Send a message into"))
                .andExpect(content().string(allOf(containsString("name=\"text\""), containsString("value=\"customer-1\""))));
        mvc.perform(get("/rooms/{name}/message", "support-1").with(htmx()))
                .andExpect(dialog("Send a message into"))
                .andExpect(content().string(allOf(containsString("value=\"customer-1\""), containsString("value=\"lk-chat-topic\""),
                        containsString("_csrf"))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aMessageSentFromTheDialogAnswersTheRoomWithWhatWasSent() throws Exception {
        roomWithCustomer();
        when(livekit.sendData(eq("support-1"), any(), eq(List.of("customer-1")), eq("lk-chat-topic"))).thenReturn(ActionOutcome.DONE);

        mvc.perform(post("/rooms/{name}/message", "support-1").param("text", "A human is joining.").param("to", "customer-1")
                        .with(csrf()).with(htmx()))
                .andExpect(roomPart("Message sent to customer-1 in “support-1” (topic lk-chat-topic)."));
        verify(livekit).sendData(eq("support-1"), any(), eq(List.of("customer-1")), eq("lk-chat-topic"));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void withoutHtmxAMessageRedirectsToTheRoomWithWhatWasSent() throws Exception {
        when(livekit.sendData(eq("support-1"), any(), eq(List.of()), eq("alerts"))).thenReturn(ActionOutcome.DONE);

        mvc.perform(post("/rooms/{name}/message", "support-1").param("text", "Closing soon.").param("topic", "alerts").with(csrf()))
                .andExpect(redirectedUrl("/rooms/support-1"))
                .andExpect(flash().attribute("flash", hasToString(containsString("Message sent to everyone in “support-1” (topic alerts)."))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void anEmptyMessageIsRefusedWhereItWasTypedAndNothingIsSent() throws Exception {
        mvc.perform(post("/rooms/{name}/message", "support-1").param("text", "  ").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("The message is empty"));
        mvc.perform(post("/rooms/{name}/message", "support-1").param("text", "").with(csrf()))
                .andExpect(errorPage("The message is empty"));
        verify(livekit, never()).sendData(any(), any(), any(), any());
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void aViewerCannotSendAMessageNorEditTheMetadata() throws Exception {
        mvc.perform(get("/rooms/{name}/message", "support-1")).andExpect(status().isForbidden());
        mvc.perform(get("/rooms/{name}/message", "support-1").with(htmx())).andExpect(refusedRole());
        mvc.perform(post("/rooms/{name}/message", "support-1").param("text", "hi").with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/rooms/{name}/message", "support-1").param("text", "hi").with(csrf()).with(htmx())).andExpect(refusedRole());
        mvc.perform(get("/rooms/{name}/metadata", "support-1").with(htmx())).andExpect(refusedRole());
        mvc.perform(post("/rooms/{name}/metadata", "support-1").param("metadata", "{}").with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/rooms/{name}/metadata", "support-1").param("metadata", "{}").with(csrf()).with(htmx()))
                .andExpect(refusedRole());
        verifyNoInteractions(livekit);
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aMessageOrMetadataWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/rooms/{name}/message", "support-1").param("text", "hi").with(htmx())).andExpect(status().isForbidden());
        mvc.perform(post("/rooms/{name}/metadata", "support-1").param("metadata", "{}")).andExpect(status().isForbidden());
        verifyNoInteractions(livekit);
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theMetadataEditorShowsTheRoomsJsonIndentedAsAPageOrADialog() throws Exception {
        roomWithCustomer();

        mvc.perform(get("/rooms/{name}/metadata", "support-1"))
                .andExpect(page("Metadata of"))
                .andExpect(content().string(containsString("&quot;queue&quot; : &quot;billing&quot;")));
        mvc.perform(get("/rooms/{name}/metadata", "support-1").param("sid", "RM_support1").with(htmx()))
                .andExpect(dialog("Metadata of"))
                .andExpect(content().string(allOf(containsString("&quot;queue&quot; : &quot;billing&quot;"),
                        containsString("name=\"sid\" value=\"RM_support1\""))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void savedMetadataIsSentCompactAndAnsweredWithTheRoomOrARedirect() throws Exception {
        roomWithCustomer();
        when(livekit.updateRoomMetadata("support-1", "{\"queue\":\"sales\"}")).thenReturn(ActionOutcome.DONE);

        mvc.perform(post("/rooms/{name}/metadata", "support-1").param("metadata", "{ \"queue\": \"sales\" }").with(csrf()).with(htmx()))
                .andExpect(roomPart("The metadata of “support-1” is saved."));
        mvc.perform(post("/rooms/{name}/metadata", "support-1").param("metadata", "{ \"queue\": \"sales\" }").with(csrf()))
                .andExpect(redirectedUrl("/rooms/support-1"))
                .andExpect(flash().attribute("flash", hasToString(containsString("The metadata of “support-1” is saved."))));
        verify(livekit, org.mockito.Mockito.times(2)).updateRoomMetadata("support-1", "{\"queue\":\"sales\"}");
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void invalidJsonIsRefusedInsideTheEditorAndNothingIsSent() throws Exception {
        mvc.perform(post("/rooms/{name}/metadata", "support-1").param("metadata", "{\"queue\": ").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("is not valid JSON"));
        mvc.perform(post("/rooms/{name}/metadata", "support-1").param("metadata", "{\"queue\": ").with(csrf()))
                .andExpect(errorPage("is not valid JSON"));
        verify(livekit, never()).updateRoomMetadata(anyString(), anyString());
    }

    /** A refusal (403) of a request from inside an open confirmation is shown in it, where the person is looking. */
    @Test
    @WithMockUser(roles = "VIEWER")
    void aRefusalOfARequestFromInsideAConfirmationIsShownInsideIt() throws Exception {
        mvc.perform(post("/rooms/{name}/message", "support-1").param("text", "hi").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedRoleInConfirmation());
        // The page was open too long: the session, and with it the CSRF token, has gone.
        mvc.perform(post("/rooms/{name}/metadata", "support-1").param("metadata", "{}").with(fromConfirmation()))
                .andExpect(refusedRoleInConfirmation());
        verifyNoInteractions(livekit);
    }
}
