package dev.roomwarden.overview;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.roomwarden.display.Flash;
import dev.roomwarden.live.LiveUpdates;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.web.Answers;
import dev.roomwarden.web.LiveFragments;
import dev.roomwarden.web.LiveKitBanner;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import livekit.LivekitModels.Room;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /overview}, the home page: what is live now, what needs attention (pushed again when it changes, and on
 * every webhook), and how the day went. Every member of staff sees it; a MODERATOR acknowledges items.
 */
@Controller
@RequestMapping(OverviewController.OVERVIEW)
class OverviewController {

    static final String OVERVIEW = "/overview";
    static final int SHOWN_ITEMS = 100;
    /** The id of the charts' section, which htmx names as its target when it asks for another range. */
    private static final String CHARTS = "overview-charts";

    private final Overview overview;
    private final NeedsAttention attention;
    private final Acknowledgements acknowledgements;
    private final LiveKitGateway livekit;
    private final LiveUpdates live;
    private final LiveFragments fragments;
    private final DayCharts dayCharts;

    OverviewController(Overview overview, NeedsAttention attention, Acknowledgements acknowledgements, LiveKitGateway livekit,
            LiveUpdates live, LiveFragments fragments, DayCharts dayCharts) {
        this.overview = overview;
        this.attention = attention;
        this.acknowledgements = acknowledgements;
        this.livekit = livekit;
        this.live = live;
        this.fragments = fragments;
        this.dayCharts = dayCharts;
    }

    /**
     * The page, or for htmx its live part (a refresh) or its charts (another range). A {@code range} that is neither 24h
     * nor 7d is a 400 with its sentence where the charts would be; the rest of the page is shown as ever.
     */
    @PreAuthorize("hasRole('VIEWER')")
    @GetMapping
    String overviewPage(@RequestParam(required = false) String range, HtmxRequest htmx, Model model, HttpServletResponse response) {
        if (htmx.isHtmxRequest() && !CHARTS.equals(htmx.getTarget())) {
            addLive(model);
            return "overview/overview :: part";
        }
        var day = dayCharts.view(range);
        model.addAttribute("day", day);
        if (day.problem() != null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        if (htmx.isHtmxRequest()) {
            return "overview/overview :: charts";
        }
        addLive(model);
        return "overview/overview";
    }

    /** The live part's Server-Sent Events: the same URL, asked for as {@code text/event-stream}. */
    @PreAuthorize("hasRole('VIEWER')")
    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter overviewStream(Authentication viewer, HttpSession session,
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEvent) {
        var can = fragments.permissions(viewer);
        return live.subscribe(new LiveUpdates.View("overview-part", null, "overview " + can,
                () -> fragments.render("overview/overview", "part", viewer, this::addLive)), session.getId(), lastEvent != null);
    }

    private void addLive(Model model) {
        var rooms = new AtomicReference<List<Room>>();
        LiveKitBanner.fill(model, () -> rooms.set(livekit.listRooms()));
        model.addAttribute("current", overview.now(rooms.get()));
        var items = attention.current();
        // Newest first; a list longer than this is an outage, which its first items already tell.
        model.addAttribute("items", items.stream().limit(SHOWN_ITEMS).toList());
        model.addAttribute("itemCount", items.size());
        model.addAttribute("evaluatedAt", attention.evaluatedAt());
        model.addAttribute("acknowledged", acknowledgements.recent());
    }

    /** Items that came or went (a customer alone long enough is no webhook): open overviews are pushed again. */
    @EventListener
    void attentionChanged(NeedsAttention.Changed changed) {
        live.everyChangeViewsChanged();
    }

    /** What the acknowledge button sends: the item's key. */
    record AcknowledgeForm(String key) {
    }

    /** MODERATOR and up: the service refuses others, and audits the refusal. */
    @PostMapping("/acknowledge")
    View acknowledge(AcknowledgeForm form, HtmxRequest htmx, RedirectAttributes redirect) {
        var item = acknowledgements.acknowledge(form.key() == null ? "" : form.key());
        return Answers.goTo(htmx, OVERVIEW, Flash.success("Acknowledged: " + item.rule().title().toLowerCase(java.util.Locale.ROOT)
                + (item.room() == null ? "" : " in “" + item.room() + "”") + ". It is no longer listed."), redirect);
    }
}
