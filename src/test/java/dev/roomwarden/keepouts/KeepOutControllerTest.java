package dev.roomwarden.keepouts;

import java.time.Instant;
import java.util.List;

import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.input.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

import static dev.roomwarden.Htmx.dialog;
import static dev.roomwarden.Htmx.errorPage;
import static dev.roomwarden.Htmx.fromConfirmation;
import static dev.roomwarden.Htmx.htmx;
import static dev.roomwarden.Htmx.page;
import static dev.roomwarden.Htmx.redirectsBrowserTo;
import static dev.roomwarden.Htmx.refusedInConfirmation;
import static dev.roomwarden.Htmx.refusedRole;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(KeepOutController.class)
@Import(SliceTestConfiguration.class)
class KeepOutControllerTest {

    private static final KeepOut TROLL = new KeepOut(7, "troll-<b>", "support-1", Instant.parse("2026-12-02T04:00:00Z"), "moderator",
            "spam <script>", null, 41L, "3f2a9c1e-0000-4000-8000-000000000000");

    @Autowired
    MockMvc mvc;

    @Autowired
    KeepOuts keepOuts;

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theListShowsWhoIsKeptOutEscapedAndSaysWhatItDoesNot() throws Exception {
        when(keepOuts.active()).thenReturn(List.of(TROLL));

        mvc.perform(get("/keep-outs"))
                .andExpect(page("troll-&lt;b&gt;"))
                .andExpect(content().string(allOf(containsString("spam &lt;script&gt;"), containsString("until lifted"),
                        containsString("their token still works"), containsString("/keep-outs/7/lift"),
                        containsString("/audit?batch=3f2a9c1e-0000-4000-8000-000000000000"), not(containsString("<script>")))));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void aViewerSeesNoList() throws Exception {
        mvc.perform(get("/keep-outs")).andExpect(status().isForbidden());
        mvc.perform(get("/keep-outs/7/lift").with(htmx())).andExpect(refusedRole());
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theLiftConfirmationIsAPageOrADialog() throws Exception {
        when(keepOuts.activeOrRefused(7)).thenReturn(TROLL);

        mvc.perform(get("/keep-outs/7/lift")).andExpect(page("in again?"));
        mvc.perform(get("/keep-outs/7/lift").with(htmx())).andExpect(dialog("Lift keep-out"))
                .andExpect(content().string(containsString("_csrf")));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void liftingGoesBackToTheListAsAPageOrForHtmx() throws Exception {
        when(keepOuts.lift(7, "sorry")).thenReturn(TROLL);

        mvc.perform(post("/keep-outs/7/lift").param("reason", "sorry").with(csrf())).andExpect(redirectedUrl("/keep-outs"));
        mvc.perform(post("/keep-outs/7/lift").param("reason", "sorry").with(csrf()).with(htmx()))
                .andExpect(redirectsBrowserTo("/keep-outs"));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void badInputAndAMissingCsrfTokenChangeNothing() throws Exception {
        when(keepOuts.lift(eq(8L), any())).thenThrow(new InvalidInputException("The keep-out of “x” was already lifted by ann. Nothing was changed."));

        mvc.perform(get("/keep-outs/abc/lift")).andExpect(errorPage("is not a keep-out number"));
        mvc.perform(post("/keep-outs/8/lift").with(csrf()).with(htmx()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("already lifted by ann"));
        mvc.perform(post("/keep-outs/7/lift").param("reason", "sorry")).andExpect(status().isForbidden());
    }
}
