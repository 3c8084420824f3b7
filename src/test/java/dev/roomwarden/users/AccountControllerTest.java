package dev.roomwarden.users;

import dev.roomwarden.SliceTestConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static dev.roomwarden.Htmx.page;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasToString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * StaffService needs a database, so here it is a mock: these tests check what the controller does with
 * its answers and its refusals (StaffFlowTest changes a password for real). The page is a plain form
 * that htmx never asks for, so there is no htmx answer to check.
 */
@WebMvcTest(AccountController.class)
@Import(SliceTestConfiguration.class)
class AccountControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    StaffService staff;

    @Test
    void anonymousVisitorIsSentToLogin() throws Exception {
        mvc.perform(get("/account").accept(MediaType.TEXT_HTML)).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
    }

    @Test
    @WithMockUser(username = "ann", roles = "VIEWER")
    void everyoneMayChangeTheirOwnPassword() throws Exception {
        mvc.perform(get("/account"))
                .andExpect(page("Change your password"))
                .andExpect(content().string(allOf(containsString("Your account: <span>ann</span>"),
                        containsString("action=\"/account/password\""), containsString("name=\"current\""))));
    }

    @Test
    void someoneSignedInWithTheProviderIsToldToChangeItThere() throws Exception {
        mvc.perform(get("/account").with(oidcLogin().authorities(new SimpleGrantedAuthority("ROLE_VIEWER"))))
                .andExpect(page("id=\"sso-account\""))
                .andExpect(content().string(allOf(containsString("You sign in with <span>SSO</span>"),
                        not(containsString("action=\"/account/password\"")))));
    }

    @Test
    @WithMockUser(username = "ann", roles = "VIEWER")
    void aChangedPasswordIsConfirmedOnTheAccountPage() throws Exception {
        mvc.perform(post("/account/password").param("current", "old secret").param("password", "a new long passphrase")
                        .param("confirm", "a new long passphrase").with(csrf()))
                .andExpect(redirectedUrl("/account"))
                .andExpect(flash().attribute("flash", hasToString(allOf(containsString("success"),
                        containsString("Your password has been changed.")))));
        verify(staff).changeOwnPassword("old secret", "a new long passphrase");
    }

    @Test
    @WithMockUser(username = "ann", roles = "VIEWER")
    void aConfirmationThatDiffersIsRefusedBeforeStaffServiceIsAsked() throws Exception {
        mvc.perform(post("/account/password").param("current", "old secret").param("password", "a new long passphrase")
                        .param("confirm", "a new long passphrasf").with(csrf()))
                .andExpect(redirectedUrl("/account"))
                .andExpect(flash().attribute("flash", hasToString(allOf(containsString("danger"),
                        containsString("The new password and its confirmation differ.")))));
        verify(staff, never()).changeOwnPassword(any(), any());
    }

    @Test
    @WithMockUser(username = "ann", roles = "VIEWER")
    void whatStaffServiceRefusesIsShownOnTheAccountPage() throws Exception {
        doThrow(new StaffService.Refused("The current password is not right.")).when(staff).changeOwnPassword("wrong", "a new long passphrase");

        mvc.perform(post("/account/password").param("current", "wrong").param("password", "a new long passphrase")
                        .param("confirm", "a new long passphrase").with(csrf()))
                .andExpect(redirectedUrl("/account"))
                .andExpect(flash().attribute("flash", hasToString(allOf(containsString("danger"),
                        containsString("The current password is not right.")))));
    }

    @Test
    @WithMockUser(username = "ann", roles = "VIEWER")
    void changingThePasswordWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/account/password").param("current", "old secret").param("password", "a new long passphrase")
                        .param("confirm", "a new long passphrase"))
                .andExpect(status().isForbidden());
        verifyNoInteractions(staff);
    }
}
