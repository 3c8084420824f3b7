package dev.roomwarden.agents;

import java.util.List;
import java.util.Optional;

import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.rooms.RoomPageModel;
import dev.roomwarden.web.Answers;
import livekit.LivekitAgentDispatch.AgentDispatch;
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
import static dev.roomwarden.Htmx.roomPart;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasToString;
import static org.mockito.ArgumentMatchers.any;
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

@WebMvcTest(AgentDispatchController.class)
@Import({SliceTestConfiguration.class, RoomPageModel.class, AgentActions.class, Answers.class})
class AgentDispatchControllerTest {

    private static final String DISPATCH = "/rooms/support-1/dispatch";
    private static final String CANCEL = "/rooms/support-1/dispatches/AD_triage1/cancel";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LiveKitGateway livekit;

    private static final AgentDispatch TRIAGE = AgentDispatch.newBuilder().setId("AD_triage1").setAgentName("triage")
            .setRoom("support-1").build();

    private void roomWithTriageDispatched() {
        when(livekit.findRoom("support-1")).thenReturn(Optional.of(Room.newBuilder().setName("support-1").build()));
        when(livekit.listDispatches("support-1")).thenReturn(List.of(TRIAGE));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theDispatchFormIsAPageOrADialog() throws Exception {
        mvc.perform(get(DISPATCH)).andExpect(page("Dispatch an agent to"));
        mvc.perform(get(DISPATCH).param("sid", "RM_support1").with(htmx()))
                .andExpect(dialog("Dispatch an agent to"))
                .andExpect(content().string(allOf(containsString("name=\"agentName\""), containsString("name=\"sid\" value=\"RM_support1\""),
                        containsString("_csrf"))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aDispatchedAgentIsAnsweredWithTheRoomOrARedirectAndItsMessage() throws Exception {
        roomWithTriageDispatched();
        when(livekit.createDispatch("support-1", "triage", "{\"ticket\":\"T-1\"}")).thenReturn(Optional.of(TRIAGE));
        var said = "Agent “triage” is dispatched to “support-1”: it joins as soon as a worker takes the job.";

        mvc.perform(post(DISPATCH).param("agentName", " triage ").param("metadata", "{ \"ticket\": \"T-1\" }").with(csrf()).with(htmx()))
                .andExpect(roomPart(said));
        mvc.perform(post(DISPATCH).param("agentName", "triage").param("metadata", "{\"ticket\":\"T-1\"}").with(csrf()))
                .andExpect(redirectedUrl("/rooms/support-1"))
                .andExpect(flash().attribute("flash", hasToString(containsString(said))));
        verify(livekit, times(2)).createDispatch("support-1", "triage", "{\"ticket\":\"T-1\"}");
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theCancelConfirmationNamesTheAgentAsAPageOrADialog() throws Exception {
        roomWithTriageDispatched();

        mvc.perform(get(CANCEL)).andExpect(page("Cancel the dispatch of agent “triage”?"));
        mvc.perform(get(CANCEL).with(htmx()))
                .andExpect(dialog("Cancel the dispatch of agent “triage”?"))
                .andExpect(content().string(allOf(containsString("Keep it"), containsString("action=\"" + CANCEL + "\""))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aCancelledDispatchIsAnsweredWithTheRoomOrARedirectAndItsMessage() throws Exception {
        roomWithTriageDispatched();
        when(livekit.deleteDispatch("support-1", "AD_triage1")).thenReturn(ActionOutcome.DONE);
        var said = "The dispatch AD_triage1 is cancelled: its agents leave “support-1”.";

        mvc.perform(post(CANCEL).param("reason", "a human took over").with(csrf()).with(fromConfirmation())).andExpect(roomPart(said));
        mvc.perform(post(CANCEL).with(csrf()))
                .andExpect(redirectedUrl("/rooms/support-1"))
                .andExpect(flash().attribute("flash", hasToString(containsString(said))));
        verify(livekit, times(2)).deleteDispatch("support-1", "AD_triage1");
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void aViewerCannotDispatchNorCancel() throws Exception {
        for (var path : List.of(DISPATCH, CANCEL)) {
            mvc.perform(get(path)).andExpect(status().isForbidden());
            mvc.perform(get(path).with(htmx())).andExpect(refusedRole());
            mvc.perform(post(path).param("agentName", "triage").with(csrf())).andExpect(status().isForbidden());
            mvc.perform(post(path).param("agentName", "triage").with(csrf()).with(htmx())).andExpect(refusedRole());
        }
        verifyNoInteractions(livekit);
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void dispatchingOrCancellingWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post(DISPATCH).param("agentName", "triage").with(htmx())).andExpect(status().isForbidden());
        mvc.perform(post(CANCEL)).andExpect(status().isForbidden());
        verifyNoInteractions(livekit);
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void whatWasTypedWrongIsRefusedInsideTheFormAndNoAgentIsDispatched() throws Exception {
        mvc.perform(post(DISPATCH).param("agentName", " ").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("The agent name is empty."));
        mvc.perform(post(DISPATCH).param("agentName", "triage").param("metadata", "[1,").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("is not valid JSON"));
        mvc.perform(post(DISPATCH).param("agentName", "").with(csrf())).andExpect(errorPage("The agent name is empty."));
        verify(livekit, never()).createDispatch(anyString(), anyString(), any());
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aDispatchIdThatIsNotOneIsRefused() throws Exception {
        mvc.perform(get("/rooms/support-1/dispatches/{id}/cancel", "not an id")).andExpect(errorPage("is not a LiveKit sid"));
        mvc.perform(get("/rooms/support-1/dispatches/{id}/cancel", "not an id").with(htmx()))
                .andExpect(refusedInMessageArea("is not a LiveKit sid"));
        mvc.perform(post("/rooms/support-1/dispatches/{id}/cancel", "not an id").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("is not a LiveKit sid"));
        verifyNoInteractions(livekit);
    }
}
