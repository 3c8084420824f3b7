package dev.roomwarden.recordings;

import java.util.List;
import java.util.Optional;

import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.agents.AgentActions;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.rooms.RoomPageModel;
import dev.roomwarden.web.Answers;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
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
import static dev.roomwarden.Htmx.redirectsBrowserTo;
import static dev.roomwarden.Htmx.refusedInConfirmation;
import static dev.roomwarden.Htmx.refusedInMessageArea;
import static dev.roomwarden.Htmx.refusedRole;
import static dev.roomwarden.Htmx.roomPart;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasToString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.anyBoolean;
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

@WebMvcTest({RoomRecordingController.class, StopRecordingController.class})
@Import({SliceTestConfiguration.class, RoomPageModel.class, AgentActions.class, Answers.class, RecordingActions.class, RecordingRoles.class})
class RecordingControllerTest {

    static final String RECORD = "/rooms/support-1/record";
    static final String STOP = "/recordings/EG_abc123/stop";
    static final EgressInfo ACTIVE = EgressInfo.newBuilder().setEgressId("EG_abc123").setRoomName("support-1").setRoomId("RM_support1")
            .setStatus(EgressStatus.EGRESS_ACTIVE).setRoomComposite(RoomCompositeEgressRequest.newBuilder().setLayout("grid")).build();

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LiveKitGateway livekit;

    private void roomWithAnn() {
        when(livekit.findRoom("support-1")).thenReturn(Optional.of(Room.newBuilder().setName("support-1").setSid("RM_support1").build()));
        when(livekit.listParticipants("support-1")).thenReturn(List.of(
                ParticipantInfo.newBuilder().setIdentity("ann").setKind(ParticipantInfo.Kind.STANDARD).build(),
                ParticipantInfo.newBuilder().setIdentity("agent-1").setKind(ParticipantInfo.Kind.AGENT).build()));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theRecordDialogIsAPageOrADialogAndOffersThePeopleInTheRoom() throws Exception {
        roomWithAnn();

        mvc.perform(get(RECORD)).andExpect(page("Record “"));
        mvc.perform(get(RECORD).param("sid", "RM_support1").with(htmx()))
                .andExpect(dialog("Record “"))
                .andExpect(content().string(allOf(containsString("value=\"single-speaker\""), containsString("value=\"ann\""),
                        not(containsString("value=\"agent-1\"")), containsString("recordings/{room_name}-{time}"),
                        containsString("name=\"sid\" value=\"RM_support1\""), containsString("_csrf"), not(containsString("name=\"filePath\"")))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aStartedRecordingIsAnsweredWithTheRoomOrARedirectAndItsMessage() throws Exception {
        roomWithAnn();
        when(livekit.startRoomRecording("support-1", "recordings/{room_name}-{time}", "speaker", false)).thenReturn(Optional.of(ACTIVE));
        var said = "LiveKit is starting to record “support-1” to “recordings/{room_name}-{time}” (EG_abc123).";

        mvc.perform(post(RECORD).param("what", "room").param("layout", "speaker").with(csrf()).with(fromConfirmation()))
                .andExpect(roomPart(said));
        mvc.perform(post(RECORD).param("layout", "speaker").with(csrf()))
                .andExpect(redirectedUrl("/rooms/support-1"))
                .andExpect(flash().attribute("flash", hasToString(containsString(said))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void whatWasChosenWrongIsRefusedInsideTheDialogAndNothingIsRecorded() throws Exception {
        mvc.perform(post(RECORD).param("layout", "mosaic").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("The layout “mosaic” is not one of grid, speaker, single-speaker."));
        mvc.perform(post(RECORD).param("what", "everything").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("Choose what to record: the whole room or one participant."));
        mvc.perform(post(RECORD).param("what", "participant").param("identity", " ").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("The participant identity is empty."));
        mvc.perform(post(RECORD).param("filePath", "other/{room_name}").with(csrf()))
                .andExpect(errorPage("A file path of your own is not allowed here"));
        verify(livekit, never()).startRoomRecording(anyString(), anyString(), anyString(), anyBoolean());
        verify(livekit, never()).startParticipantRecording(anyString(), anyString(), anyString());
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theStopConfirmationNamesTheRecordingAndGoesBackWhereItWasAsked() throws Exception {
        roomWithAnn();
        when(livekit.lookUpEgress("EG_abc123")).thenReturn(Optional.of(ACTIVE));
        when(livekit.stopEgress("EG_abc123")).thenReturn(ACTIVE.toBuilder().setStatus(EgressStatus.EGRESS_ENDING).build());

        mvc.perform(get(STOP)).andExpect(page("Stop recording"));
        mvc.perform(get(STOP).param("from", "recordings").with(htmx()))
                .andExpect(dialog("room composite, grid"))
                .andExpect(content().string(allOf(containsString("action=\"" + STOP + "?from=recordings\""), containsString("Keep recording"))));

        var said = "The recording EG_abc123 (room composite, grid) is stopping";
        mvc.perform(post(STOP).param("from", "room").with(csrf()).with(fromConfirmation())).andExpect(roomPart(said));
        mvc.perform(post(STOP).param("from", "recordings").with(csrf()).with(fromConfirmation()))
                .andExpect(redirectsBrowserTo("/recordings"));
        mvc.perform(post(STOP).param("from", "recordings").with(csrf()))
                .andExpect(redirectedUrl("/recordings"))
                .andExpect(flash().attribute("flash", hasToString(containsString(said))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aBadEgressIdOrReturnPageIsRefused() throws Exception {
        mvc.perform(get("/recordings/{id}/stop", "RM_notanegress")).andExpect(errorPage("is not a LiveKit egress id"));
        mvc.perform(get(STOP).param("from", "//evil.example").with(htmx()))
                .andExpect(refusedInMessageArea("A stop is asked from a room page (from=room) or the recordings page (from=recordings)."));
        mvc.perform(post(STOP).param("from", "/users").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("A stop is asked from a room page"));
        verifyNoInteractions(livekit);
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void aViewerCannotRecordNorStop() throws Exception {
        for (var path : List.of(RECORD, STOP)) {
            mvc.perform(get(path)).andExpect(status().isForbidden());
            mvc.perform(get(path).with(htmx())).andExpect(refusedRole());
            mvc.perform(post(path).with(csrf())).andExpect(status().isForbidden());
            mvc.perform(post(path).with(csrf()).with(htmx())).andExpect(refusedRole());
        }
        verifyNoInteractions(livekit);
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void recordingOrStoppingWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post(RECORD).with(htmx())).andExpect(status().isForbidden());
        mvc.perform(post(STOP)).andExpect(status().isForbidden());
        verifyNoInteractions(livekit);
    }
}
