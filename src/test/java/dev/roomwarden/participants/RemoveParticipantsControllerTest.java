package dev.roomwarden.participants;

import java.util.List;
import java.util.Optional;

import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.agents.AgentActions;
import dev.roomwarden.audit.BatchResult;
import dev.roomwarden.livekit.ActionOutcome;
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

import static dev.roomwarden.Htmx.dialog;
import static dev.roomwarden.Htmx.errorPage;
import static dev.roomwarden.Htmx.fromConfirmation;
import static dev.roomwarden.Htmx.htmx;
import static dev.roomwarden.Htmx.page;
import static dev.roomwarden.Htmx.refusedInConfirmation;
import static dev.roomwarden.Htmx.refusedRole;
import static dev.roomwarden.Htmx.roomPart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(RemoveParticipantsController.class)
@Import({SliceTestConfiguration.class, RoomPageModel.class, ParticipantActions.class, AgentActions.class, Answers.class})
class RemoveParticipantsControllerTest {

    private static final String REMOVE = "/rooms/support-1/remove-participants";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LiveKitGateway livekit;

    private void roomWithAgentsAndCustomer() {
        when(livekit.findRoom("support-1")).thenReturn(Optional.of(Room.newBuilder().setName("support-1").setNumParticipants(3).build()));
        when(livekit.listParticipants("support-1")).thenReturn(List.of(participant("agent-ava", ParticipantInfo.Kind.AGENT),
                participant("agent-bob", ParticipantInfo.Kind.AGENT), participant("customer-1", ParticipantInfo.Kind.STANDARD)));
    }

    private static ParticipantInfo participant(String identity, ParticipantInfo.Kind kind) {
        return ParticipantInfo.newBuilder().setIdentity(identity).setSid("PA_" + identity.replace("-", "")).setKind(kind).build();
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theConfirmationListsTheTickedParticipantsStillThereAsAPageOrADialog() throws Exception {
        roomWithAgentsAndCustomer();

        mvc.perform(get(REMOVE).param("identity", "customer-1").param("identity", "customer-9"))
                .andExpect(page("<span>participant</span>"))
                .andExpect(content().string(allOf(containsString("value=\"customer-1\""),
                        containsString("so left out:"), containsString(">customer-9</span>"), not(containsString("agent-ava")))));
        mvc.perform(get(REMOVE).param("identity", "customer-1").param("identity", "customer-9").with(htmx()))
                .andExpect(dialog("value=\"customer-1\""))
                .andExpect(content().string(allOf(containsString(">Remove 1<"), containsString("_csrf"))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theConfirmationOfRemovingEveryAgentListsOnlyTheAgents() throws Exception {
        roomWithAgentsAndCustomer();

        mvc.perform(get(REMOVE).param("all", "agents").with(htmx()))
                .andExpect(dialog("<span>agents</span>"))
                .andExpect(content().string(allOf(containsString("value=\"agent-ava\""), containsString("value=\"agent-bob\""),
                        not(containsString("customer-1")), containsString("a human can take over"))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void removingFromTheDialogAnswersTheRoomWithWhatCameOfEach() throws Exception {
        roomWithAgentsAndCustomer();
        when(livekit.removeParticipant("support-1", "agent-ava")).thenReturn(ActionOutcome.DONE);
        when(livekit.removeParticipant("support-1", "agent-bob")).thenReturn(ActionOutcome.ALREADY_GONE);

        mvc.perform(post(REMOVE).param("identity", "agent-ava").param("identity", "agent-bob").param("reason", "a human takes over")
                        .with(csrf()).with(fromConfirmation()))
                .andExpect(roomPart("2 participants: 1 removed, 1 had already left."))
                .andExpect(content().string(containsString("rw-batch-already-gone")));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void withoutHtmxRemovingRedirectsToTheRoomWithWhatCameOfEach() throws Exception {
        when(livekit.removeParticipant("support-1", "customer-1")).thenReturn(ActionOutcome.DONE);

        var answer = mvc.perform(post(REMOVE).param("identity", "customer-1").with(csrf()))
                .andExpect(redirectedUrl("/rooms/support-1"))
                .andReturn();
        assertThat(((BatchResult) answer.getFlashMap().get("batch")).summary()).isEqualTo("1 participant: 1 removed.");
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void aViewerCannotRemoveParticipants() throws Exception {
        mvc.perform(get(REMOVE).param("all", "agents")).andExpect(status().isForbidden());
        mvc.perform(get(REMOVE).param("all", "agents").with(htmx())).andExpect(refusedRole());
        mvc.perform(post(REMOVE).param("identity", "customer-1").with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post(REMOVE).param("identity", "customer-1").with(csrf()).with(htmx())).andExpect(refusedRole());
        verifyNoInteractions(livekit);
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void removingWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post(REMOVE).param("identity", "customer-1").with(htmx())).andExpect(status().isForbidden());
        verifyNoInteractions(livekit);
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aSelectionThatMeansNothingIsRefused() throws Exception {
        mvc.perform(get(REMOVE).param("all", "everyone")).andExpect(errorPage("can only be"));
        mvc.perform(post(REMOVE).param("reason", "nobody ticked").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("Tick the participants to remove first."));
        verify(livekit, never()).removeParticipant(anyString(), anyString());
        // An identity LiveKit would refuse is that target's outcome, not the batch's.
        mvc.perform(post(REMOVE).param("identity", "x".repeat(257)).with(csrf()).with(fromConfirmation()))
                .andExpect(status().isOk()).andExpect(content().string(containsString("not removed: The participant identity is too long")));
        verify(livekit, never()).removeParticipant(anyString(), anyString());
    }
}
