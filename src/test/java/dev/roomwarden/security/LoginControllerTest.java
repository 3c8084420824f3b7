package dev.roomwarden.security;

import java.util.List;

import dev.roomwarden.SliceTestConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

import static dev.roomwarden.Htmx.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The login and no-access pages. htmx never asks for them: an htmx request without a session is sent
 * to its page with HX-Redirect (RoomControllerTest), so there is no htmx answer to check here.
 */
@WebMvcTest(LoginController.class)
@Import(SliceTestConfiguration.class)
class LoginControllerTest {

    @Autowired
    MockMvc mvc;

    @Test
    void aThrottledLoginIsToldHowLongToWaitAndOnlyANumberComesFromTheAddressBar() throws Exception {
        mvc.perform(get("/login").param("throttled", "12"))
                .andExpect(page("Log in to Roomwarden"))
                .andExpect(content().string(allOf(containsString("Too many attempts from your address; try again in 12 seconds."),
                        not(containsString("Invalid username or password")))));
        mvc.perform(get("/login").param("throttled", "12 seconds. Call 555-0100"))
                .andExpect(content().string(allOf(not(containsString("Too many attempts")), not(containsString("555-0100")))));
    }

    @Test
    void theLoginPageHasThePasswordFormAndNoProviderButtonWithoutSso() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(page("Log in to Roomwarden"))
                .andExpect(content().string(allOf(containsString("action=\"/login\""), containsString("name=\"password\""),
                        containsString("_csrf"), not(containsString("id=\"sso-login\"")))));
        mvc.perform(get("/login").param("logout", "")).andExpect(content().string(containsString("You have been logged out.")));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void someoneSignedInIsSentToTheRooms() throws Exception {
        mvc.perform(get("/login")).andExpect(status().isFound()).andExpect(redirectedUrl("/"));
        mvc.perform(get("/no-access")).andExpect(status().isFound()).andExpect(redirectedUrl("/"));
    }

    @Test
    void aSingleSignOnProblemIsSaidOnceOnTheLoginPage() throws Exception {
        var session = new MockHttpSession();
        session.setAttribute(SsoFailureHandler.PROBLEM, "Roomwarden cannot reach the identity provider.");

        mvc.perform(get("/login").session(session))
                .andExpect(content().string(containsString("id=\"sso-problem\" class=\"alert alert-danger\" role=\"alert\">"
                        + "Roomwarden cannot reach the identity provider.")));
        mvc.perform(get("/login").session(session)).andExpect(content().string(not(containsString("id=\"sso-problem\""))));
        assertThat(session.getAttribute(SsoFailureHandler.PROBLEM)).isNull();
    }

    @Test
    void someoneTheProviderSignedInWithoutARoleIsToldWhichValuesWereLookedAt() throws Exception {
        var session = new MockHttpSession();
        session.setAttribute(SsoFailureHandler.NO_ACCESS, NoAccess.noRole("Keycloak", "carol@example.com", "groups",
                List.of("support", "<script>"), null));

        mvc.perform(get("/no-access").session(session))
                .andExpect(status().isForbidden())
                .andExpect(content().string(allOf(containsString("<html"), containsString("No access to Roomwarden"),
                        containsString("carol@example.com"), containsString("<code class=\"text-break\">support</code>"),
                        containsString("&lt;script&gt;"), not(containsString("<code class=\"text-break\"><script>")))));
    }

    @Test
    void theNoAccessPageWithoutARefusalToExplainIsTheLoginPage() throws Exception {
        mvc.perform(get("/no-access")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
    }
}
