package dev.roomwarden.participants;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.web.Answers;
import dev.roomwarden.rooms.RoomPageModel;
import dev.roomwarden.agents.AgentActions;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static dev.roomwarden.Htmx.dialog;
import static dev.roomwarden.Htmx.fromConfirmation;
import static dev.roomwarden.Htmx.htmx;
import static dev.roomwarden.Htmx.page;
import static dev.roomwarden.Htmx.refusedInConfirmation;
import static dev.roomwarden.Htmx.refusedRoleInConfirmation;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(HandOverController.class)
@Import({SliceTestConfiguration.class, RoomPageModel.class, HandOverActions.class, AgentActions.class, Answers.class})
@EnableConfigurationProperties(HandOverProperties.class)
class HandOverControllerTest {

    private static final String ID = "6f1c2a7e-0000-4000-8000-000000000001";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LiveKitGateway livekit;

    @MockitoBean
    HandOvers handOvers;

    private void anAgent() {
        when(livekit.lookUpParticipant("support-1", "agent-1")).thenReturn(Optional.of(ParticipantInfo.newBuilder()
                .setIdentity("agent-1").setSid("PA_agent").setKind(ParticipantInfo.Kind.AGENT).build()));
        when(livekit.listDispatches("support-1")).thenReturn(List.of());
        when(handOvers.start(anyString(), anyString(), anyString(), anyString())).thenReturn(Optional.of(ID));
        when(handOvers.displayName(anyString())).thenReturn("Moderator");
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theDialogExplainsWhatWillHappenAsPageOrDialog() throws Exception {
        anAgent();
        mvc.perform(get("/rooms/support-1/participants/agent-1/hand-over").with(htmx()))
                .andExpect(dialog("Hand over “"))
                .andExpect(content().string(allOf(containsString("roomwarden.hand-over"), containsString("name=\"message\""),
                        containsString("name=\"_csrf\""), not(containsString("cancelDispatch")))));
        mvc.perform(get("/rooms/support-1/participants/agent-1/hand-over")).andExpect(page("Message to the customer"));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void aViewerIsRefusedAndNothingStarts() throws Exception {
        anAgent();
        mvc.perform(post("/rooms/support-1/participants/agent-1/hand-over").with(csrf()).with(htmx()).with(fromConfirmation()))
                .andExpect(refusedRoleInConfirmation());
        verify(handOvers, never()).start(anyString(), anyString(), anyString(), anyString());
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void withoutCsrfNothingStarts() throws Exception {
        anAgent();
        mvc.perform(post("/rooms/support-1/participants/agent-1/hand-over").with(htmx())).andExpect(status().isForbidden());
        verify(handOvers, never()).start(anyString(), anyString(), anyString(), anyString());
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aMessageTooLongIsRefusedInTheDialog() throws Exception {
        anAgent();
        mvc.perform(post("/rooms/support-1/participants/agent-1/hand-over").with(csrf()).with(htmx()).with(fromConfirmation())
                        .param("message", "x".repeat(2_001)))
                .andExpect(refusedInConfirmation("The message is too long"));
        verify(handOvers, never()).start(anyString(), anyString(), anyString(), anyString());
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void startingAnswersTheProgressForHtmxAndTheStatusPageOtherwise() throws Exception {
        anAgent();
        when(handOvers.find(ID)).thenReturn(Optional.of(new HandOvers.HandOver(ID, "support-1", "agent-1", "user",
                HandOvers.State.RUNNING, "Asking “agent-1” to hand over…", null, Instant.now(), Instant.now())));

        mvc.perform(post("/rooms/support-1/participants/agent-1/hand-over").with(csrf()).with(htmx()).param("reason", "human"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<dialog"), containsString("Asking “agent-1” to hand over…"),
                        containsString("hx-get=\"/rooms/support-1/hand-overs/" + ID + "?part=progress\""), containsString("every 1s"))));
        mvc.perform(post("/rooms/support-1/participants/agent-1/hand-over").with(csrf()))
                .andExpect(redirectedUrl("/rooms/support-1/hand-overs/" + ID));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aFinishedHandOverStopsPollingAndOneOfAnotherRoomIsNotFound() throws Exception {
        when(handOvers.find(ID)).thenReturn(Optional.of(new HandOvers.HandOver(ID, "support-1", "agent-1", "user",
                HandOvers.State.LEFT, "…", "“agent-1” left by itself.", Instant.now(), Instant.now())));

        mvc.perform(get("/rooms/support-1/hand-overs/" + ID).param("part", "progress").with(htmx()))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("“agent-1” left by itself."), not(containsString("hx-get")),
                        not(containsString("<dialog")))));
        mvc.perform(get("/rooms/support-2/hand-overs/" + ID).with(htmx())).andExpect(status().isNotFound());
    }
}
