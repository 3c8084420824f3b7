package dev.roomwarden.participants;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import dev.roomwarden.agents.AgentActions;
import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitFailure;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.rooms.RoomPageModel;
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

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasToString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(ParticipantController.class)
@Import({SliceTestConfiguration.class, RoomPageModel.class, ParticipantActions.class, AgentActions.class, Answers.class})
class ParticipantControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LiveKitGateway livekit;

    private void roomWithCustomerOnly() {
        when(livekit.findRoom("support-1")).thenReturn(Optional.of(Room.newBuilder().setName("support-1").setNumParticipants(1).build()));
        when(livekit.listParticipants("support-1")).thenReturn(List.of(ParticipantInfo.newBuilder()
                .setIdentity("customer-1").setKind(ParticipantInfo.Kind.STANDARD).build()));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void confirmationDialogNamesTheAgentAndTheRoom() throws Exception {
        mvc.perform(get("/rooms/support-1/participants/agent-ava/remove").param("kind", "AGENT").header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<dialog"), containsString("Remove agent"),
                        containsString("agent-ava"), containsString("support-1"), containsString("name=\"reason\""),
                        containsString("_csrf"), not(containsString("<html")))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void withoutHtmxTheConfirmationIsAWholePage() throws Exception {
        mvc.perform(get("/rooms/support-1/participants/customer-1/remove"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<html"), containsString("Remove participant"))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void removingFromTheRoomPageAnswersTheRefreshedRoomWithAMessageAndClosesTheDialog() throws Exception {
        when(livekit.removeParticipant("support-1", "agent-ava")).thenReturn(ActionOutcome.DONE);
        roomWithCustomerOnly();

        mvc.perform(post("/rooms/support-1/participants/agent-ava/remove").param("reason", "customer wants a human")
                        .with(csrf()).header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("id=\"room-live\""), containsString("customer-1"),
                        not(containsString(">agent-ava<")), containsString("was removed from"),
                        containsString("id=\"flash\" aria-live=\"polite\" hx-swap-oob=\"true\""),
                        containsString("id=\"dialog\" hx-swap-oob=\"true\""), not(containsString("<html")))));
        verify(livekit).removeParticipant("support-1", "agent-ava");
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aParticipantWhoAlreadyLeftIsReportedAsAlreadyGone() throws Exception {
        when(livekit.removeParticipant("support-1", "customer-9")).thenReturn(ActionOutcome.ALREADY_GONE);
        roomWithCustomerOnly();

        mvc.perform(post("/rooms/support-1/participants/customer-9/remove").with(csrf()).header("HX-Request", "true"))
                .andExpect(content().string(containsString("had already left")));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aLiveKitFailureIsShownAndNothingClaimsSuccess() throws Exception {
        when(livekit.removeParticipant("support-1", "customer-1")).thenThrow(new LiveKitException(
                LiveKitFailure.UNAUTHORIZED, null, "livekit.internal:7880", "RemoveParticipant", null));
        roomWithCustomerOnly();

        mvc.perform(post("/rooms/support-1/participants/customer-1/remove").with(csrf()).header("HX-Request", "true"))
                .andExpect(content().string(allOf(containsString("was not removed"), containsString("rejected Roomwarden"),
                        not(containsString("was removed from")))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void withoutHtmxRemovingRedirectsBackToTheRoomWithTheMessage() throws Exception {
        when(livekit.removeParticipant("eu/support", "a b")).thenReturn(ActionOutcome.DONE);

        mvc.perform(post(URI.create("/rooms/eu%2Fsupport/participants/a%20b/remove")).with(csrf()))
                .andExpect(redirectedUrl("/rooms/eu%2Fsupport"))
                .andExpect(flash().attribute("flash", hasToString(containsString("“a b” was removed from “eu/support”"))));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void viewerCannotRemoveAnyone() throws Exception {
        mvc.perform(post("/rooms/support-1/participants/customer-1/remove").with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/rooms/support-1/participants/customer-1/remove").with(csrf()).header("HX-Request", "true"))
                .andExpect(status().isForbidden()).andExpect(header().string("HX-Retarget", "#flash"));
        mvc.perform(get("/rooms/support-1/participants/customer-1/remove")).andExpect(status().isForbidden());
        verify(livekit, never()).removeParticipant(anyString(), anyString());
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void adminMayRemoveThroughTheRoleHierarchy() throws Exception {
        when(livekit.removeParticipant("support-1", "customer-1")).thenReturn(ActionOutcome.DONE);

        mvc.perform(post("/rooms/support-1/participants/customer-1/remove").with(csrf()))
                .andExpect(redirectedUrl("/rooms/support-1"));
        verify(livekit).removeParticipant("support-1", "customer-1");
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void removingWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/rooms/support-1/participants/customer-1/remove").header("HX-Request", "true"))
                .andExpect(status().isForbidden());
        verify(livekit, never()).removeParticipant(anyString(), anyString());
    }
}
