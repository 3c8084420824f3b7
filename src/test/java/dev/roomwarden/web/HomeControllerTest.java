package dev.roomwarden.web;

import dev.roomwarden.SliceTestConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

import static dev.roomwarden.Htmx.htmx;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(HomeController.class)
@Import(SliceTestConfiguration.class)
class HomeControllerTest {

    @Autowired
    MockMvc mvc;

    @Test
    @WithMockUser(roles = "VIEWER")
    void theHomePageIsTheOverview() throws Exception {
        mvc.perform(get("/")).andExpect(status().isFound()).andExpect(redirectedUrl("/overview"));
    }

    @Test
    void anonymousVisitorIsSentToLogin() throws Exception {
        mvc.perform(get("/").accept(MediaType.TEXT_HTML)).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
    }

    @Test
    void anAnonymousHtmxRequestSendsTheBrowserToLogin() throws Exception {
        mvc.perform(get("/").with(htmx())).andExpect(status().isUnauthorized()).andExpect(header().string("HX-Redirect", "/login"));
    }
}
