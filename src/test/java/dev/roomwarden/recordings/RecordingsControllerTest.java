package dev.roomwarden.recordings;

import java.time.Instant;
import java.util.List;

import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.live.LiveProperties;
import dev.roomwarden.live.LiveUpdates;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.web.LiveFragments;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.FileInfo;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitEgress.WebEgressRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.TestPropertySource;
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
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The recordings page with a download base URL configured and recording raised to ADMIN. */
@WebMvcTest(RecordingsController.class)
@Import({SliceTestConfiguration.class, LiveUpdates.class, LiveFragments.class})
@EnableConfigurationProperties({LiveProperties.class, RecordingProperties.class})
@TestPropertySource(properties = {
        "roomwarden.recording.download-base-url=https://files.example.test/recordings/",
        "roomwarden.recording.min-role=ADMIN"})
class RecordingsControllerTest {

    @Autowired
    MockMvc mvc;

    /** The kept recordings are in a database: here, the ones a test says. */
    @MockitoBean
    Recordings recordings;

    @MockitoBean
    LiveKitGateway livekit;

    private static Recordings.Kept kept(String egressId, EgressStatus status, String filename, String location) {
        var now = Instant.now();
        var nanos = now.getEpochSecond() * 1_000_000_000L;
        return new Recordings.Kept(EgressInfo.newBuilder().setEgressId(egressId).setRoomName("support-1").setStatus(status)
                .setStartedAt(nanos - 60_000_000_000L).setUpdatedAt(nanos)
                .setRoomComposite(RoomCompositeEgressRequest.newBuilder().setRoomName("support-1").setLayout("speaker"))
                .addFileResults(FileInfo.newBuilder().setFilename(filename).setLocation(location).setSize(2_500_000)
                        .setDuration(60_000_000_000L))
                .build(), null, null);
    }

    private void keeping(Recordings.Kept... rows) {
        when(recordings.search(any())).thenReturn(new Recordings.KeptPage(List.of(rows), false));
        when(livekit.listEgress(null, false)).thenReturn(List.of(rows).stream().map(Recordings.Kept::egress).toList());
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void aBadFilterIsA400WithItsSentenceAndTheFormShowsWhatWasTypedAndNothingIsSearched() throws Exception {
        mvc.perform(get("/recordings").param("from", "2026-13-01"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(allOf(containsString("The &#39;from&#39; date must look like 2026-11-25."),
                        containsString("value=\"2026-13-01\""), containsString("id=\"recordings-filter\""))));
        mvc.perform(get("/recordings").param("from", "2026-12-02").param("to", "2026-12-01"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("The &#39;from&#39; date 2026-12-02 is after the &#39;to&#39; date 2026-12-01.")));
        mvc.perform(get("/recordings").param("status", "recording").with(htmx()))
                .andExpect(refusedInMessageArea("Unknown status &#39;recording&#39;: the status is active, complete, failed, aborted or limit-reached."));
        mvc.perform(get("/recordings").param("page", "0").with(htmx()))
                .andExpect(refusedInMessageArea("The page must be a number from 1."));
        mvc.perform(get("/recordings").param("room", "r".repeat(257)))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("The room filter is too long: at most 256 characters.")));
        verify(recordings, never()).search(any());
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void withABaseUrlAFileHasADownloadLinkWhoseNameIsEncodedSegmentBySegment() throws Exception {
        keeping(kept("EG_plain0000001", EgressStatus.EGRESS_COMPLETE, "support-1/call 1?x=1#top.mp4", ""),
                kept("EG_hostile00001", EgressStatus.EGRESS_COMPLETE, "recordings/\"><script>alert(1)</script>.mp4", ""));

        mvc.perform(get("/recordings"))
                .andExpect(page("id=\"recordings-table\""))
                .andExpect(content().string(allOf(
                        containsString("href=\"https://files.example.test/recordings/support-1/call%201%3Fx=1%23top.mp4\""),
                        containsString("href=\"https://files.example.test/recordings/recordings/%22%3E%3Cscript%3Ealert(1)%3C/script%3E.mp4\""),
                        containsString("recordings/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;.mp4"),
                        not(containsString("<script>alert")), containsString("2.4 MB"), containsString("1 min 00 s"),
                        containsString("Room composite · speaker"), containsString("outside Roomwarden"))));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void noLinkForANameThatClimbsOutOfTheBaseOrALocationOnAnotherHost() throws Exception {
        keeping(kept("EG_climbs000001", EgressStatus.EGRESS_COMPLETE, "../../etc/passwd", ""),
                kept("EG_elsewhere001", EgressStatus.EGRESS_COMPLETE, "support-1.mp4", "https://bucket.s3.example.com/support-1.mp4"),
                kept("EG_samehost0001", EgressStatus.EGRESS_COMPLETE, "same.mp4", "https://files.example.test/recordings/same.mp4"));

        mvc.perform(get("/recordings"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<code>../../etc/passwd</code>"),
                        containsString("<code>https://bucket.s3.example.com/support-1.mp4</code>"),
                        not(containsString("href=\"https://bucket.s3.example.com")), not(containsString("etc/passwd\"")),
                        containsString("href=\"https://files.example.test/recordings/same.mp4\""))));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void aWebEgressShowsItsPageWithoutTheQueryThatMayHoldAToken() throws Exception {
        var web = new Recordings.Kept(EgressInfo.newBuilder().setEgressId("EG_web000000001").setStatus(EgressStatus.EGRESS_ACTIVE)
                .setStartedAt(Instant.now().getEpochSecond() * 1_000_000_000L)
                .setWeb(WebEgressRequest.newBuilder().setUrl("https://board.example/show?token=secret-Zq81#x"))
                .build(), null, null);
        keeping(web);

        mvc.perform(get("/recordings"))
                .andExpect(page("Web · https://board.example/show"))
                .andExpect(content().string(not(containsString("secret-Zq81"))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void whenRecordingNeedsAnAdministratorAModeratorIsNotOfferedStop() throws Exception {
        keeping(kept("EG_active000001", EgressStatus.EGRESS_ACTIVE, "live.mp4", ""));

        mvc.perform(get("/recordings"))
                .andExpect(page("EG_active000001"))
                .andExpect(content().string(allOf(containsString("so far"), not(containsString("/recordings/EG_active000001/stop")))));
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void anAdministratorIsOfferedStopAsTheConfirmationDialog() throws Exception {
        keeping(kept("EG_active000001", EgressStatus.EGRESS_ACTIVE, "live.mp4", ""));

        mvc.perform(get("/recordings").with(htmx()))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(not(containsString("<html")),
                        containsString("hx-get=\"/recordings/EG_active000001/stop?from=recordings\""),
                        containsString("hx-target=\"#dialog\""))));
    }
}
