package dev.roomwarden.recordings;

import java.util.Optional;

import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.agents.AgentActions;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.rooms.RoomPageModel;
import dev.roomwarden.web.Answers;
import livekit.LivekitModels.Room;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static dev.roomwarden.Htmx.dialog;
import static dev.roomwarden.Htmx.fromConfirmation;
import static dev.roomwarden.Htmx.htmx;
import static dev.roomwarden.Htmx.refusedInConfirmation;
import static dev.roomwarden.Htmx.roomPart;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;

/** {@code roomwarden.recording.allow-typed-path=true}: staff may type the file path, which is checked before LiveKit is asked. */
@WebMvcTest(value = {RoomRecordingController.class, StopRecordingController.class}, properties = "roomwarden.recording.allow-typed-path=true")
@Import({SliceTestConfiguration.class, RoomPageModel.class, AgentActions.class, Answers.class, RecordingActions.class, RecordingRoles.class})
class TypedRecordingPathControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LiveKitGateway livekit;

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theDialogOffersThePathToEditAndATypedOneIsRecordedTo() throws Exception {
        when(livekit.findRoom("support-1")).thenReturn(Optional.of(Room.newBuilder().setName("support-1").setSid("RM_support1").build()));
        when(livekit.startRoomRecording("support-1", "calls/2026/{room_name}-{time}", "grid", false))
                .thenReturn(Optional.of(RecordingControllerTest.ACTIVE));

        mvc.perform(get(RecordingControllerTest.RECORD).with(htmx())).andExpect(dialog("Record “"))
                .andExpect(content().string(allOf(containsString("name=\"filePath\""), containsString("value=\"recordings/{room_name}-{time}\""))));
        mvc.perform(post(RecordingControllerTest.RECORD).param("filePath", " calls/2026/{room_name}-{time} ").with(csrf()).with(fromConfirmation()))
                .andExpect(roomPart("to “calls/2026/{room_name}-{time}” (EG_abc123)."));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/var/recordings/x | must be relative to the egress worker",
            "s3://bucket/x | must be relative to the egress worker",
            "C:/recordings/x | must be relative to the egress worker",
            "recordings/../../etc/x | must not leave the egress worker",
            "..\\x | must not leave the egress worker",
            "recordings//x | has an empty part"})
    @WithMockUser(roles = "MODERATOR")
    void aBadPathIsRefusedInTheDialogAndNothingIsRecorded(String path, String problem) throws Exception {
        mvc.perform(post(RecordingControllerTest.RECORD).param("filePath", path).with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation(problem));
        verify(livekit, never()).startRoomRecording(anyString(), anyString(), anyString(), anyBoolean());
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aPathWithAControlCharacterOrTooLongIsRefused() throws Exception {
        mvc.perform(post(RecordingControllerTest.RECORD).param("filePath", "recordings/a\nb").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("The file path has a control character"));
        mvc.perform(post(RecordingControllerTest.RECORD).param("filePath", "r/" + "x".repeat(500)).with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("The file path is too long: at most 500 characters."));
        verify(livekit, never()).startRoomRecording(anyString(), anyString(), anyString(), anyBoolean());
    }
}
