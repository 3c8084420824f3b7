package dev.roomwarden.recordings;

import java.util.List;
import java.util.Optional;

import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.agents.AgentActions;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.rooms.RoomPageModel;
import dev.roomwarden.web.Answers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static dev.roomwarden.Htmx.dialog;
import static dev.roomwarden.Htmx.htmx;
import static dev.roomwarden.Htmx.refusedRole;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** {@code roomwarden.recording.min-role=ADMIN}: a MODERATOR may no longer record or stop, an ADMIN may. */
@WebMvcTest(value = {RoomRecordingController.class, StopRecordingController.class}, properties = "roomwarden.recording.min-role=ADMIN")
@Import({SliceTestConfiguration.class, RoomPageModel.class, AgentActions.class, Answers.class, RecordingActions.class, RecordingRoles.class})
class RecordingMinRoleControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LiveKitGateway livekit;

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aModeratorIsRefusedWhenRecordingNeedsAnAdmin() throws Exception {
        for (var path : List.of(RecordingControllerTest.RECORD, RecordingControllerTest.STOP)) {
            mvc.perform(get(path)).andExpect(status().isForbidden());
            mvc.perform(get(path).with(htmx())).andExpect(refusedRole());
            mvc.perform(post(path).with(csrf()).with(htmx())).andExpect(refusedRole());
        }
        verifyNoInteractions(livekit);
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void anAdminMayStill() throws Exception {
        when(livekit.lookUpEgress("EG_abc123")).thenReturn(Optional.of(RecordingControllerTest.ACTIVE));

        mvc.perform(get(RecordingControllerTest.RECORD).with(htmx())).andExpect(dialog("Record “"));
        mvc.perform(get(RecordingControllerTest.STOP).with(htmx())).andExpect(dialog("room composite, grid"));
        verify(livekit).lookUpEgress("EG_abc123");
    }
}
