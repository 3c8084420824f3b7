package dev.roomwarden.audit;

import java.time.Instant;
import java.util.List;

import dev.roomwarden.SliceTestConfiguration;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static dev.roomwarden.Htmx.errorPage;
import static dev.roomwarden.Htmx.htmx;
import static dev.roomwarden.Htmx.page;
import static dev.roomwarden.Htmx.refusedInMessageArea;
import static dev.roomwarden.Htmx.refusedRole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(AuditController.class)
@Import(SliceTestConfiguration.class)
class AuditControllerTest {

    @Autowired
    MockMvc mvc;

    /** The audit log reads a database: here it answers what each test gives it. */
    @MockitoBean
    AuditLog auditLog;

    private static final AuditRecord REMOVAL = new AuditRecord(7, Instant.parse("2026-11-30T09:15:00Z"), "moderator-mia", "MODERATOR",
            AuditAction.REMOVE_PARTICIPANT, AuditTarget.participant("support-1", "customer-1"), "=HYPERLINK(\"http://evil\")",
            AuditOutcome.DONE, null, "203.0.113.9", null);

    private void oneRemoval() {
        when(auditLog.search(any())).thenAnswer(invocation -> new AuditLog.AuditPage(invocation.getArgument(0), List.of(REMOVAL), false));
        when(auditLog.all(any(), anyInt())).thenReturn(List.of(REMOVAL));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theAuditLogIsAPageWithTheFilterAsTyped() throws Exception {
        oneRemoval();

        mvc.perform(get("/audit").param("room", "support-1").param("outcome", "DONE"))
                .andExpect(page("id=\"audit-filter\""))
                .andExpect(content().string(allOf(containsString("id=\"audit-table\""), containsString("moderator-mia"),
                        containsString("customer-1"), containsString("value=\"support-1\""),
                        containsString("href=\"/audit.csv?room=support-1&amp;outcome=DONE"))));

        var filter = ArgumentCaptor.forClass(AuditFilter.class);
        verify(auditLog).search(filter.capture());
        assertThat(filter.getValue().room()).isEqualTo("support-1");
        assertThat(filter.getValue().outcome()).isEqualTo(AuditOutcome.DONE);
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aNewFilterFromHtmxGetsOnlyTheTable() throws Exception {
        oneRemoval();

        mvc.perform(get("/audit").param("user", "moderator-mia").with(htmx()))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("id=\"audit-table\""), containsString("moderator-mia"),
                        not(containsString("id=\"audit-filter\"")), not(containsString("<html")))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theExportIsACsvFileWhoseFormulaCellsArePlainText() throws Exception {
        oneRemoval();

        mvc.perform(get("/audit.csv").param("room", "support-1"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", containsString("text/csv")))
                .andExpect(header().string("Content-Disposition", matchesPattern("attachment; filename=\"roomwarden-audit-\\d{8}-\\d{6}\\.csv\"")))
                .andExpect(content().string(allOf(
                        containsString("\"time\",\"user\",\"role\",\"action\",\"room\",\"room_sid\",\"participant\",\"participant_sid\",\"account\""),
                        containsString("\"moderator-mia\",\"MODERATOR\",\"REMOVE_PARTICIPANT\",\"support-1\",\"\",\"customer-1\""),
                        containsString("\"'=HYPERLINK(\"\"http://evil\"\")\""))));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void aViewerCannotReadTheAuditLog() throws Exception {
        mvc.perform(get("/audit")).andExpect(status().isForbidden());
        mvc.perform(get("/audit").with(htmx())).andExpect(refusedRole());
        mvc.perform(get("/audit.csv")).andExpect(status().isForbidden());
        verifyNoInteractions(auditLog);
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void aFilterThatMeansNothingIsRefused() throws Exception {
        mvc.perform(get("/audit").param("outcome", "MAYBE")).andExpect(errorPage("Unknown outcome"));
        mvc.perform(get("/audit").param("from", "yesterday").with(htmx())).andExpect(refusedInMessageArea("date must look like 2026-11-25"));
        mvc.perform(get("/audit.csv").param("page", "0")).andExpect(errorPage("The page must be a number from 1."));
        verifyNoInteractions(auditLog);
    }
}
