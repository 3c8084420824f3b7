package dev.roomwarden.ingress;

import java.util.List;
import java.util.function.Supplier;

import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.live.LiveProperties;
import dev.roomwarden.live.LiveUpdates;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.web.LiveFragments;
import livekit.LivekitIngress.IngressInfo;
import livekit.LivekitIngress.IngressInput;
import livekit.LivekitIngress.IngressState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static dev.roomwarden.Htmx.dialog;
import static dev.roomwarden.Htmx.errorPage;
import static dev.roomwarden.Htmx.fromConfirmation;
import static dev.roomwarden.Htmx.htmx;
import static dev.roomwarden.Htmx.page;
import static dev.roomwarden.Htmx.refusedInConfirmation;
import static dev.roomwarden.Htmx.refusedRole;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(IngressController.class)
@Import({SliceTestConfiguration.class, IngressActions.class, LiveUpdates.class, LiveFragments.class})
@EnableConfigurationProperties(LiveProperties.class)
class IngressControllerTest {

    private static final String KEY = "sk-Hidden4711";
    private static final IngressInfo HOSTILE = IngressInfo.newBuilder().setIngressId("IN_abc123").setName("<script>x</script>")
            .setInputType(IngressInput.RTMP_INPUT).setRoomName("hall <b>").setParticipantIdentity("stage\"><img>")
            .setStreamKey(KEY).setUrl("rtmp://ingress.example/x").setEnableTranscoding(true)
            .setState(IngressState.newBuilder().setStatus(IngressState.Status.ENDPOINT_ERROR).setError("bad <i>codec</i>")).build();

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditLog auditLog;

    @MockitoBean
    LiveKitGateway livekit;

    @BeforeEach
    void theAuditLogLetsTheCallThrough() {
        Mockito.doAnswer(invocation -> invocation.<Supplier<?>>getArgument(4).get()).when(auditLog)
                .performInSteps(any(), any(), any(), any(), any(), any());
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void theListShowsEveryIngressEscapedWithItsKeyMaskedAndNoActionsForAViewer() throws Exception {
        when(livekit.listIngress()).thenReturn(List.of(HOSTILE));

        mvc.perform(get("/ingress")).andExpect(page("IN_abc123")).andExpect(content().string(allOf(
                containsString("&lt;script&gt;x&lt;/script&gt;"), containsString("hall &lt;b&gt;"), containsString("bad &lt;i&gt;codec&lt;/i&gt;"),
                containsString("rtmp://ingress.example/x"), containsString("••••••••"), containsString("href=\"/ingress\">Ingress</a>"),
                not(containsString(KEY)), not(containsString("<script>x")), not(containsString("Show key")), not(containsString("New ingress")))));
        mvc.perform(get("/ingress").with(htmx())).andExpect(status().isOk()).andExpect(content().string(allOf(
                containsString("id=\"ingress-table\""), not(containsString("<html")), not(containsString(KEY)))));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void anAdministratorSeesTheActionsAndTheForm() throws Exception {
        when(livekit.listIngress()).thenReturn(List.of(HOSTILE));

        mvc.perform(get("/ingress")).andExpect(content().string(allOf(containsString("Show key"), containsString("/ingress/IN_abc123/reveal"),
                containsString("_csrf"), containsString("/ingress/IN_abc123/delete"), containsString("New ingress"), not(containsString(KEY)))));
        mvc.perform(get("/ingress/new")).andExpect(page("Create ingress"));
        mvc.perform(get("/ingress/new").with(htmx())).andExpect(dialog("Participant identity"))
                .andExpect(content().string(containsString("_csrf")));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aModeratorIsRefusedTheFormAndTheActions() throws Exception {
        mvc.perform(get("/ingress/new").with(htmx())).andExpect(refusedRole());
        mvc.perform(get("/ingress/IN_abc123/delete")).andExpect(status().isForbidden());
        mvc.perform(post("/ingress/IN_abc123/reveal").with(csrf())).andExpect(status().isForbidden());
        verify(livekit, never()).lookUpIngress(any());
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void badInputAndAMissingCsrfTokenChangeNothing() throws Exception {
        mvc.perform(post("/ingress").param("inputType", "RTMP").param("room", "hall").param("identity", "stage")
                .param("transcoding", "off").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("Only WHIP input can skip transcoding"));
        mvc.perform(post("/ingress").param("inputType", "URL").param("room", "hall").param("identity", "stage")
                .param("url", "javascript:alert(1)").with(csrf())).andExpect(errorPage("LiveKit pulls only"));
        mvc.perform(post("/ingress/not-an-id/reveal").with(csrf())).andExpect(errorPage("not an ingress id"));
        mvc.perform(get("/ingress/RM_abc/delete")).andExpect(errorPage("not an ingress id"));
        mvc.perform(post("/ingress").param("inputType", "RTMP").param("room", "hall").param("identity", "stage"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/ingress/IN_abc123/delete")).andExpect(status().isForbidden());
        verify(livekit, never()).createIngress(any(), any(), any(), any(), any(), any(), any());
        verify(livekit, never()).deleteIngress(any());
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void theCreatedIngressIsShownOnceAndNotKept() throws Exception {
        when(livekit.createIngress(any(), any(), any(), any(), any(), any(), any())).thenReturn(HOSTILE);

        mvc.perform(post("/ingress").param("inputType", "RTMP").param("room", "hall").param("identity", "stage").with(csrf())
                        .with(htmx()))
                .andExpect(status().isOk()).andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(header().string("HX-Retarget", "#dialog"))
                .andExpect(content().string(allOf(containsString("<dialog"), containsString(KEY), containsString("Ingress created"),
                        not(containsString("<html")))));
        Mockito.verify(livekit).createIngress(IngressInput.RTMP_INPUT, "", "hall", "stage", "", null, null);
    }
}
