package dev.roomwarden.users;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.audit.FailedLogins;
import dev.roomwarden.security.Role;
import dev.roomwarden.security.StaffAccount;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static dev.roomwarden.Htmx.dialog;
import static dev.roomwarden.Htmx.errorPage;
import static dev.roomwarden.Htmx.htmx;
import static dev.roomwarden.Htmx.page;
import static dev.roomwarden.Htmx.redirectsBrowserTo;
import static dev.roomwarden.Htmx.refusedInMessageArea;
import static dev.roomwarden.Htmx.refusedRole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasToString;
import static org.hamcrest.Matchers.not;
import static org.mockito.Mockito.doThrow;
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

/**
 * StaffService needs a database, so here it is a mock: these tests check what the controller does with
 * its answers and its refusals. The role check of every POST and of the list lives in StaffService
 * (@PreAuthorize), which a mock does not have: only the controller's own @PreAuthorize, on the GET
 * confirmations, is tested here; StaffFlowTest and AuthorizationMatrixTest check the rest.
 */
@WebMvcTest(UserController.class)
@Import(SliceTestConfiguration.class)
class UserControllerTest {

    private static final String ANN = "ann.lee@example.com";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    StaffService staff;

    private static StaffAccount account(String username, Role role, String ssoSubject) {
        return new StaffAccount(1, username, username.toUpperCase(), "{noop}x", role, true, Instant.now(), null,
                ssoSubject == null ? null : "https://sso.example.com", ssoSubject);
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void theStaffPageListsAccountsWithTheirActions() throws Exception {
        when(staff.all()).thenReturn(List.of(account(ANN, Role.MODERATOR, null), account("carol", Role.VIEWER, "sub-carol")));

        mvc.perform(get("/users"))
                .andExpect(page("Staff accounts"))
                .andExpect(content().string(allOf(containsString("hx-get=\"/users/" + ANN + "/role\""),
                        containsString("href=\"/users/" + ANN + "/disable\""), containsString("href=\"/users/" + ANN + "/password\""),
                        containsString("from SSO, at the last sign-in"), not(containsString("href=\"/users/carol/password\"")),
                        containsString("New account"))));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void anAccountUnderAttackSaysHowManyFailedLoginsFromHowManyAddresses() throws Exception {
        when(staff.all()).thenReturn(List.of(account(ANN, Role.MODERATOR, null), account("carol", Role.VIEWER, null)));
        when(staff.failedLogins()).thenReturn(Map.of(ANN, new FailedLogins(12, 3), "nobody", new FailedLogins(1, 1)));

        var page = mvc.perform(get("/users")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        var row = page.substring(page.indexOf("id=\"account-" + ANN + "\""));
        assertThat(row.substring(0, row.indexOf("</tr>"))).contains("12 failed logins from 3 addresses in the last hour",
                "href=\"/audit?action=LOGIN_FAILED&amp;user=" + ANN + "\"");
        var carol = page.substring(page.indexOf("id=\"account-carol\""));
        assertThat(carol.substring(0, carol.indexOf("</tr>"))).doesNotContain("failed login");
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void eachConfirmationIsAPageOrADialogAskingAboutTheAccount() throws Exception {
        mvc.perform(get("/users/{u}/role", ANN).param("role", "VIEWER"))
                .andExpect(page("Make “" + ANN + "” VIEWER?"))
                .andExpect(content().string(containsString("<input type=\"hidden\" name=\"role\" value=\"VIEWER\">")));
        mvc.perform(get("/users/{u}/role", ANN).param("role", "VIEWER").with(htmx()))
                .andExpect(dialog("Make “" + ANN + "” VIEWER?"))
                .andExpect(content().string(allOf(containsString("action=\"/users/" + ANN + "/role\""), containsString("_csrf"))));
        mvc.perform(get("/users/{u}/disable", ANN)).andExpect(page("Disable “" + ANN + "”?"));
        mvc.perform(get("/users/{u}/disable", ANN).with(htmx()))
                .andExpect(dialog("Disable “" + ANN + "”?"))
                .andExpect(content().string(containsString("action=\"/users/" + ANN + "/disable\"")));
        mvc.perform(get("/users/{u}/password", ANN)).andExpect(page("Give “" + ANN + "” a new password?"));
        mvc.perform(get("/users/{u}/password", ANN).with(htmx()))
                .andExpect(dialog("Give “" + ANN + "” a new password?"))
                .andExpect(content().string(containsString("action=\"/users/" + ANN + "/password\"")));
        verifyNoInteractions(staff);
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aModeratorIsRefusedTheConfirmations() throws Exception {
        for (var path : List.of("/users/ann/role?role=VIEWER", "/users/ann/disable", "/users/ann/password")) {
            mvc.perform(get(path)).andExpect(status().isForbidden());
            mvc.perform(get(path).with(htmx())).andExpect(refusedRole());
        }
        verifyNoInteractions(staff);
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void anUnknownRoleIsRefusedOnThePageOrInTheMessageArea() throws Exception {
        mvc.perform(get("/users/{u}/role", ANN).param("role", "KING")).andExpect(errorPage("Choose the new role"));
        mvc.perform(get("/users/{u}/role", ANN).with(htmx())).andExpect(refusedInMessageArea("Choose the new role"));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void aNewAccountIsShownWithItsGeneratedPasswordOnce() throws Exception {
        when(staff.create("dave", "Dave", "VIEWER", "")).thenReturn("Gen3ratedPassw0rd");
        when(staff.create("erin", "", "MODERATOR", "a long given passphrase")).thenReturn(null);

        mvc.perform(post("/users").param("username", " dave ").param("displayName", "Dave").param("role", "VIEWER")
                        .param("password", "").with(csrf()))
                .andExpect(redirectedUrl("/users"))
                .andExpect(flash().attribute("flash", hasToString(containsString(
                        "Account “dave” created. Its password, shown only this once: Gen3ratedPassw0rd"))));
        mvc.perform(post("/users").param("username", "erin").param("displayName", "").param("role", "MODERATOR")
                        .param("password", "a long given passphrase").with(csrf()).with(htmx()))
                .andExpect(redirectsBrowserTo("/users"))
                .andExpect(flash().attribute("flash", hasToString(containsString("Account “erin” created with the password you gave."))));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void eachChangeGoesBackToTheStaffPageWithWhatWasDone() throws Exception {
        when(staff.all()).thenReturn(List.of(account(ANN, Role.VIEWER, null)));
        when(staff.resetPassword(ANN)).thenReturn("N3wPassw0rdShownOnce");

        mvc.perform(post("/users/{u}/role", ANN).param("role", "VIEWER").with(csrf()))
                .andExpect(redirectedUrl("/users"))
                .andExpect(flash().attribute("flash", hasToString(containsString("“" + ANN + "” is now VIEWER."))));
        mvc.perform(post("/users/{u}/disable", ANN).with(csrf()).with(htmx()))
                .andExpect(redirectsBrowserTo("/users"))
                .andExpect(flash().attribute("flash", hasToString(containsString("“" + ANN + "” is disabled and was logged out everywhere."))));
        mvc.perform(post("/users/{u}/enable", ANN).with(csrf()))
                .andExpect(redirectedUrl("/users"))
                .andExpect(flash().attribute("flash", hasToString(containsString("“" + ANN + "” can log in again."))));
        mvc.perform(post("/users/{u}/password", ANN).with(csrf()).with(htmx()))
                .andExpect(redirectsBrowserTo("/users"))
                .andExpect(flash().attribute("flash", hasToString(containsString(
                        "New password for “" + ANN + "”, shown only this once: N3wPassw0rdShownOnce"))));
        verify(staff).changeRole(ANN, "VIEWER");
        verify(staff).disable(ANN);
        verify(staff).enable(ANN);
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void aChangeStaffServiceRefusesGoesBackToTheStaffPageSayingWhy() throws Exception {
        doThrow(new StaffService.Refused("You cannot disable your own account: another ADMIN must do it."))
                .when(staff).disable("admin");
        when(staff.create("x", null, "VIEWER", null)).thenThrow(new StaffService.Refused(
                "Usernames are 2 to 64 letters, digits, dots, dashes, underscores or @."));

        mvc.perform(post("/users/{u}/disable", "admin").with(csrf()).with(htmx()))
                .andExpect(redirectsBrowserTo("/users"))
                .andExpect(flash().attribute("flash", hasToString(allOf(containsString("danger"),
                        containsString("You cannot disable your own account")))));
        mvc.perform(post("/users").param("username", "x").param("role", "VIEWER").with(csrf()))
                .andExpect(redirectedUrl("/users"))
                .andExpect(flash().attribute("flash", hasToString(allOf(containsString("danger"), containsString("Usernames are 2 to 64")))));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void everyChangeWithoutCsrfTokenIsRefused() throws Exception {
        for (var path : List.of("/users", "/users/ann/role", "/users/ann/disable", "/users/ann/enable", "/users/ann/password")) {
            mvc.perform(post(path).param("role", "VIEWER")).andExpect(status().isForbidden());
            mvc.perform(post(path).param("role", "VIEWER").with(htmx())).andExpect(status().isForbidden());
        }
        verifyNoInteractions(staff);
    }
}
