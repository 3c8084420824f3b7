package dev.roomwarden.rooms;

import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.agents.AgentActions;
import dev.roomwarden.live.LiveProperties;
import dev.roomwarden.live.LiveUpdates;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.web.LiveFragments;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static dev.roomwarden.rooms.NumbersShownToAdminsControllerTest.MASKED;
import static dev.roomwarden.rooms.NumbersShownToAdminsControllerTest.NUMBER;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** roomwarden.telephony.show-numbers-to=VIEWER: everyone sees callers' numbers in full. */
@WebMvcTest(controllers = RoomController.class, properties = "roomwarden.telephony.show-numbers-to=VIEWER")
@Import({SliceTestConfiguration.class, RoomPageModel.class, AgentActions.class, LiveUpdates.class, LiveFragments.class})
@EnableConfigurationProperties(LiveProperties.class)
class NumbersShownToViewersControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LiveKitGateway livekit;

    @Test
    @WithMockUser(roles = "VIEWER")
    void aViewerSeesTheNumberInFull() throws Exception {
        NumbersShownToAdminsControllerTest.aRoomWithACaller(livekit);

        mvc.perform(get("/rooms/call-1"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Phone " + NUMBER), containsString("sip.phoneNumber = " + NUMBER),
                        containsString("in the call"), not(containsString(MASKED)), not(containsString("Phone numbers are masked")))));
    }
}
