package dev.roomwarden.history;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.livekit.StaleAnswers;
import dev.roomwarden.notes.Tags;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;
import livekit.LivekitModels.Room;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The room sessions history keeps, for every member of staff: filtered, paged, the live ones marked. */
@Controller
@PreAuthorize("hasRole('VIEWER')")
class HistoryController {

    /** How far back the webhook drift is counted. */
    static final Duration DRIFT_WINDOW = Duration.ofDays(7);

    private final HistoryList history;
    private final LiveKitGateway livekit;
    private final Tags tags;
    private final Clock clock;

    HistoryController(HistoryList history, LiveKitGateway livekit, Tags tags, Clock clock) {
        this.history = history;
        this.tags = tags;
        this.livekit = livekit;
        this.clock = clock;
    }

    /** The query parameters of the history page, as typed (the form shows them again); {@link #filter()} checks them. */
    record HistoryQuery(String room, String identity, String kind, String from, String to, String min, String max, String page,
            String tag) {

        HistoryFilter filter() {
            return HistoryFilter.parse(room, identity, kind, from, to, min, max, page, tag);
        }
    }

    /**
     * The page, or for htmx (a new filter or page) its table. A bad parameter is a 400 with its message: on the page
     * above the form that still shows what was typed; for htmx in the message area (ErrorAdvice).
     */
    @GetMapping("/history")
    String history(HistoryQuery query, HtmxRequest htmx, Model model, HttpServletResponse response) {
        model.addAttribute("query", query);
        model.addAttribute("drift", history.addedByPollingSince(clock.instant().minus(DRIFT_WINDOW)));
        model.addAttribute("driftDays", DRIFT_WINDOW.toDays());
        model.addAttribute("knownTags", tags.known());
        HistoryFilter filter;
        try {
            filter = query.filter();
        } catch (InvalidInputException e) {
            if (htmx.isHtmxRequest()) {
                throw e;
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", e.getMessage());
            return "history/list";
        }
        var page = history.search(filter);
        model.addAttribute("filter", filter);
        model.addAttribute("historyPage", page);
        model.addAttribute("sessionTags", tags.of(page.sessions().stream().map(HistoryList.SessionRow::roomSid).toList()));
        if (page.sessions().stream().anyMatch(session -> session.ended() == null)) {
            model.addAttribute("liveSids", liveRoomSids());
        }
        return htmx.isHtmxRequest() ? "history/list :: table" : "history/list";
    }

    /** The sids of the rooms LiveKit lists now (the gateway's shared list), or null when it did not answer. */
    private Set<String> liveRoomSids() {
        try {
            var rooms = new AtomicReference<Set<String>>();
            var stale = StaleAnswers.during(() -> rooms.set(livekit.listRooms().stream().map(Room::getSid).collect(Collectors.toSet())));
            // The last list seen while LiveKit does not answer says what was live then, not now.
            return stale.isPresent() ? null : rooms.get();
        } catch (LiveKitException e) {
            return null;
        }
    }
}
