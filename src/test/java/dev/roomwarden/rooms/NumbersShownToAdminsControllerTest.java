package dev.roomwarden.rooms;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.agents.AgentActions;
import dev.roomwarden.live.LiveProperties;
import dev.roomwarden.live.LiveUpdates;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.web.LiveFragments;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** roomwarden.telephony.show-numbers-to=ADMIN: moderators too see callers' numbers masked, administrators in full. */
@WebMvcTest(controllers = RoomController.class, properties = "roomwarden.telephony.show-numbers-to=ADMIN")
@Import({SliceTestConfiguration.class, RoomPageModel.class, AgentActions.class, LiveUpdates.class, LiveFragments.class})
@EnableConfigurationProperties(LiveProperties.class)
class NumbersShownToAdminsControllerTest {

    static final String NUMBER = "+15551234567";
    static final String MASKED = "+1 555 ••• ••67";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LiveKitGateway livekit;

    /** A room with a caller as LiveKit SIP lists them. */
    static void aRoomWithACaller(LiveKitGateway livekit) {
        when(livekit.findRoom("call-1")).thenReturn(Optional.of(Room.newBuilder().setName("call-1").setSid("RM_call1")
                .setNumParticipants(1).setCreationTime(Instant.now().getEpochSecond()).build()));
        when(livekit.listParticipants("call-1")).thenReturn(List.of(ParticipantInfo.newBuilder().setIdentity("sip_" + NUMBER)
                .setName("Phone " + NUMBER).setSid("PA_caller").setKind(ParticipantInfo.Kind.SIP).setState(ParticipantInfo.State.ACTIVE)
                .setJoinedAt(Instant.now().getEpochSecond())
                .putAllAttributes(Map.of("sip.phoneNumber", NUMBER, "sip.callStatus", "active", "sip.trunkID", "ST_x")).build()));
    }

    @BeforeEach
    void aCaller() {
        aRoomWithACaller(livekit);
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aModeratorSeesTheNumberMaskedButTheButtonsStillActOnTheRealIdentity() throws Exception {
        mvc.perform(get("/rooms/call-1"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("sip_" + MASKED), containsString("Phone " + MASKED),
                        containsString("administrators only"), containsString("/participants/sip_+15551234567/remove"),
                        not(containsString("Phone " + NUMBER)), not(containsString("= " + NUMBER)))));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void anAdministratorSeesItInFull() throws Exception {
        mvc.perform(get("/rooms/call-1").header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Phone " + NUMBER), containsString("sip.phoneNumber = " + NUMBER),
                        not(containsString(MASKED)), not(containsString("Phone numbers are masked")))));
    }
}
