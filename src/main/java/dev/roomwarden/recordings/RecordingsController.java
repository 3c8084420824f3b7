package dev.roomwarden.recordings;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.live.LiveUpdates;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitFailure;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.livekit.StaleAnswers;
import dev.roomwarden.security.Permissions;
import dev.roomwarden.security.Role;
import dev.roomwarden.web.LiveFragments;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import livekit.LivekitEgress.EgressInfo;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Every egress Roomwarden has seen, for every member of staff: those not ended first, filtered, paged, pushed again
 * over Server-Sent Events when an egress webhook arrives. LiveKit's list is asked for each time and kept, so the page
 * goes on listing what LiveKit forgot, and what it showed when LiveKit does not answer.
 */
@Controller
@PreAuthorize("hasRole('VIEWER')")
class RecordingsController {

    private final Recordings recordings;
    private final LiveKitGateway livekit;
    private final RecordingProperties properties;
    private final LiveUpdates live;
    private final LiveFragments fragments;

    RecordingsController(Recordings recordings, LiveKitGateway livekit, RecordingProperties properties, LiveUpdates live,
            LiveFragments fragments) {
        this.recordings = recordings;
        this.livekit = livekit;
        this.properties = properties;
        this.live = live;
        this.fragments = fragments;
    }

    /** The query parameters as typed (the form shows them again); {@link #filter()} checks them. */
    record RecordingsQuery(String room, String status, String from, String to, String page) {

        RecordingFilter filter() {
            return RecordingFilter.parse(room, status, from, to, page);
        }
    }

    /**
     * The page, or for htmx its table (a refresh) or the table with its event stream (a new filter or page). A bad
     * parameter is a 400 with its message: on the page above the form that still shows what was typed; for htmx in
     * the message area (ErrorAdvice).
     */
    @GetMapping("/recordings")
    String recordingsPage(RecordingsQuery query, HtmxRequest htmx, Authentication viewer, Model model, HttpServletResponse response) {
        model.addAttribute("query", query);
        RecordingFilter filter;
        try {
            filter = query.filter();
        } catch (InvalidInputException e) {
            if (htmx.isHtmxRequest()) {
                throw e;
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", e.getMessage());
            return "recordings/list";
        }
        addRecordings(filter, fragments.permissions(viewer), model);
        if (!htmx.isHtmxRequest()) {
            return "recordings/list";
        }
        return "recordings-live".equals(htmx.getTarget()) ? "recordings/list :: live" : "recordings/list :: table";
    }

    /** The table's Server-Sent Events: the same URL, asked for as {@code text/event-stream}. */
    @GetMapping(value = "/recordings", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter recordingsStream(RecordingsQuery query, Authentication viewer, HttpSession session,
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEvent) {
        var filter = query.filter();
        var can = fragments.permissions(viewer);
        // Every webhook may be an egress's (they name its room): the page follows them all, as the rooms list does.
        return live.subscribe(new LiveUpdates.View("recordings-table", null, "recordings " + can + " " + filter.query(filter.page()),
                () -> fragments.render("recordings/list", "table", viewer, model -> addRecordings(filter, can, model))),
                session.getId(), lastEvent != null);
    }

    private void addRecordings(RecordingFilter filter, Permissions can, Model model) {
        var listed = listedByLiveKit(model);
        var page = recordings.search(filter);
        var answered = listed != null;
        var ids = answered ? listed : Set.<String>of();
        model.addAttribute("filter", filter);
        model.addAttribute("recordingsPage", page);
        model.addAttribute("recordings", page.recordings().stream()
                .map(kept -> ListedRecording.of(kept, properties.downloadBaseUrl(), ids.contains(kept.egress().getEgressId()), answered))
                .toList());
        model.addAttribute("canStop", can.moderate() && (properties.minRole() != Role.ADMIN || can.deleteRooms()));
    }

    /**
     * Asks LiveKit for every egress it keeps and keeps them; the ids it listed, or null when it did not answer (the
     * page then says why, and lists what Roomwarden kept).
     */
    private Set<String> listedByLiveKit(Model model) {
        try {
            var egresses = new AtomicReference<List<EgressInfo>>();
            var stale = StaleAnswers.during(() -> egresses.set(livekit.listEgress(null, false)));
            recordings.remember(egresses.get());
            if (stale.isPresent()) {
                model.addAttribute("livekitError", stale.get().userMessage());
                return null;
            }
            return egresses.get().stream().map(EgressInfo::getEgressId).collect(Collectors.toSet());
        } catch (LiveKitException e) {
            if (e.failure() == LiveKitFailure.NOT_AVAILABLE) {
                model.addAttribute("egressNotAvailable", e.explanation() != null ? e.explanation() : e.userMessage());
            } else {
                model.addAttribute("livekitError", e.userMessage());
            }
            return null;
        }
    }
}
