package dev.roomwarden.history;

import java.util.List;

import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.notes.Tags;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static dev.roomwarden.Htmx.htmx;
import static dev.roomwarden.Htmx.page;
import static dev.roomwarden.Htmx.refusedInMessageArea;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(HistoryController.class)
@Import(SliceTestConfiguration.class)
class HistoryControllerTest {

    @Autowired
    MockMvc mvc;

    /** The sessions are in a database: here there are none. */
    @MockitoBean
    HistoryList history;

    @MockitoBean
    LiveKitGateway livekit;

    /** Notes and tags are in a database: here there are none. */
    @MockitoBean
    Tags tags;

    @Test
    @WithMockUser(roles = "VIEWER")
    void anEmptyHistorySaysWhyAndWhereItStarts() throws Exception {
        when(history.search(any())).thenReturn(new HistoryList.HistoryPage(List.of(), false));

        mvc.perform(get("/history"))
                .andExpect(page("id=\"history-filter\""))
                .andExpect(content().string(allOf(containsString("No room sessions yet"),
                        containsString("History starts when Roomwarden receives LiveKit's webhooks"), containsString("docs/history.md"),
                        containsString("Webhook drift: none in the last"), not(containsString("No room session matches")))));
        verifyNoInteractions(livekit);
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void aFilterThatMatchesNothingSaysSoAndOffersEverySession() throws Exception {
        when(history.search(any())).thenReturn(new HistoryList.HistoryPage(List.of(), false));

        mvc.perform(get("/history").param("room", "support-41130").with(htmx()))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("No room session matches this filter."),
                        not(containsString("No room sessions yet")), not(containsString("<html")))));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void aBadParameterIsRefusedWithItsMessageAndNothingIsSearched() throws Exception {
        mvc.perform(get("/history").param("to", "2026-02-30"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(allOf(containsString("The &#39;to&#39; date must look like 2026-11-25."),
                        containsString("value=\"2026-02-30\""))));
        mvc.perform(get("/history").param("max", "-1").with(htmx()))
                .andExpect(refusedInMessageArea("The longest duration is a whole number of minutes"));
        verify(history, never()).search(any());
    }
}
