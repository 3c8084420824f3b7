package dev.roomwarden.participants;

import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.agents.AgentActions;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.rooms.RoomPageModel;
import dev.roomwarden.web.Answers;
import java.util.List;
import java.util.Optional;

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
import static org.hamcrest.Matchers.not;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** roomwarden.telephony.show-numbers-to=ADMIN: a moderator's confirmation names the caller masked, and still acts on them. */
@WebMvcTest(controllers = ParticipantController.class, properties = "roomwarden.telephony.show-numbers-to=ADMIN")
@Import({SliceTestConfiguration.class, RoomPageModel.class, ParticipantActions.class, AgentActions.class, Answers.class})
class NumbersInDialogsControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LiveKitGateway livekit;

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theRemoveConfirmationNamesTheCallerMasked() throws Exception {
        mvc.perform(get("/rooms/call-1/participants/{identity}/remove", "sip_+15551234567").header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("sip_+1 555 ••• ••67"), containsString("name=\"reason\""),
                        not(containsString("“sip_+15551234567”")))));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void anAdministratorsNamesItInFull() throws Exception {
        mvc.perform(get("/rooms/call-1/participants/{identity}/remove", "sip_+15551234567"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("sip_+15551234567"), not(containsString("••")))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theMessageAfterRemovingTheCallerNamesThemMaskedWhileLiveKitIsAskedForTheRealIdentity() throws Exception {
        when(livekit.removeParticipant("call-1", "sip_+15551234567")).thenReturn(ActionOutcome.DONE);
        when(livekit.findRoom("call-1")).thenReturn(Optional.of(Room.newBuilder().setName("call-1").build()));
        when(livekit.listParticipants("call-1")).thenReturn(List.of());

        mvc.perform(post("/rooms/call-1/participants/{identity}/remove", "sip_+15551234567").param("reason", "abusive caller")
                        .with(csrf()).header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("was removed from"), containsString("sip_+1 555 ••• ••67"),
                        not(containsString("sip_+15551234567")))));
        verify(livekit).removeParticipant("call-1", "sip_+15551234567");
    }
}
