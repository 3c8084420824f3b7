package dev.roomwarden.rooms;

import java.util.List;
import java.util.Map;

import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.live.LiveUpdates;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.pins.Pins;
import dev.roomwarden.pins.Star;
import dev.roomwarden.notes.SessionNotes;
import dev.roomwarden.notes.Tags;
import dev.roomwarden.web.LiveFragments;
import dev.roomwarden.web.LiveKitBanner;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.stream.Collectors;
import livekit.LivekitModels.Room;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The rooms table and a room's page, each as a page, as the fragment htmx refreshes, and as the event
 * stream that pushes it when LiveKit says something changed: one URL, three answers.
 */
@Controller
@RequestMapping("/rooms")
class RoomController {

    /** htmx stops polling an element when the answer has this status: the room has ended. */
    static final int STOP_POLLING = 286;

    private final LiveKitGateway livekit;
    private final RoomPageModel roomPage;
    private final LiveUpdates live;
    private final LiveFragments fragments;
    private final Pins pins;
    private final SessionNotes notes;
    private final Tags tags;

    RoomController(LiveKitGateway livekit, RoomPageModel roomPage, LiveUpdates live, LiveFragments fragments, Pins pins,
            SessionNotes notes, Tags tags) {
        this.tags = tags;
        this.livekit = livekit;
        this.roomPage = roomPage;
        this.live = live;
        this.fragments = fragments;
        this.pins = pins;
        this.notes = notes;
    }

    /** The rooms table's query parameters as typed; {@link #view()} checks them. */
    record RoomsQuery(String q, String sort, String page, String tag) {

        RoomView view() {
            return RoomView.parse(q, sort, page, tag);
        }
    }

    @GetMapping
    String rooms(RoomsQuery query, Authentication viewer, Model model) {
        addRooms(query.view(), viewer, model);
        model.addAttribute("knownTags", knownTags());
        return "rooms/list";
    }

    /**
     * The table, refreshed; or, for a new filter, sort or page (htmx targets #rooms-live), the table with
     * an event stream that follows the new view.
     */
    @HxRequest
    @GetMapping
    String roomsTable(RoomsQuery query, @RequestHeader(value = "HX-Target", required = false) String target, Authentication viewer,
            Model model) {
        addRooms(query.view(), viewer, model);
        return "rooms-live".equals(target) ? "rooms/list :: live" : "rooms/list :: table";
    }

    /** The table's Server-Sent Events: the same URL, asked for as {@code text/event-stream}. */
    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter roomsStream(RoomsQuery query, Authentication viewer, HttpSession session,
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEvent) {
        var view = query.view();
        var can = fragments.permissions(viewer);
        // Each viewer's own pins come first, so the table is rendered for the viewer, not for everyone with these rights.
        return live.subscribe(new LiveUpdates.View("rooms-table", null, "rooms " + can + " " + viewer.getName() + " " + view.path(view.page()),
                () -> fragments.render("rooms/list", "table", viewer, model -> addRooms(view, viewer, model))),
                session.getId(), lastEvent != null);
    }

    private void addRooms(RoomView view, Authentication viewer, Model model) {
        model.addAttribute("view", view);
        var pinned = pins.of(viewer.getName());
        model.addAttribute("pinned", pinned);
        LiveKitBanner.fill(model, () -> {
            var all = livekit.listRooms();
            // A tag is on a session: the rooms whose session now (LiveKit's sid) has it.
            var tagged = view.tag() == null ? null : tags.sessionsWith(view.tag());
            var matching = view.q().isEmpty() && tagged == null ? all
                    : all.stream().filter(r -> view.matches(r) && (tagged == null || tagged.contains(r.getSid()))).toList();
            var page = view.pageOf(matching, pinned);
            var live = all.stream().map(Room::getName).filter(pinned::contains).collect(Collectors.toSet());
            model.addAttribute("pinnedElsewhere", pinned.stream().filter(name -> !live.contains(name)).limit(20).toList());
            model.addAttribute("rooms", page.stream().map(RoomRow::of).toList());
            model.addAttribute("roomTags", tagsOf(page.stream().map(Room::getSid).toList()));
            model.addAttribute("matchingRooms", matching.size());
            model.addAttribute("firstShown", view.offset() + 1);
            model.addAttribute("hasNextPage", view.offset() + page.size() < matching.size());
            model.addAttribute("totalRooms", all.size());
        });
    }

    private List<String> knownTags() {
        try {
            return tags.known();
        } catch (DataAccessException e) {
            return List.of();
        }
    }

    /** The tags of the page's sessions, for their badges; none when the database cannot answer (the table still shows). */
    private Map<String, List<String>> tagsOf(List<String> sids) {
        try {
            return tags.of(sids);
        } catch (DataAccessException e) {
            return Map.of();
        }
    }

    @GetMapping("/{name}")
    String room(@PathVariable String name, Authentication viewer, Model model, HttpServletResponse response) {
        var roomName = LiveKitNames.requireRoomName(name);
        model.addAttribute("star", new Star(roomName, pins.pinned(viewer.getName(), roomName)));
        if (!roomPage.addTo(roomName, model)) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "rooms/not-found";
        }
        // The notes of the session live now, outside the live part: they change only when staff write one.
        if (model.getAttribute("room") instanceof RoomRow room) {
            notes.addTo(room.name(), room.sid(), SessionNotes.On.ROOM, viewer, model);
        }
        return "rooms/room";
    }

    /** {@code sid}: the session the page showed; once it has ended, the part says so (and polling stops). */
    @HxRequest
    @GetMapping("/{name}")
    String roomLive(@PathVariable String name, @RequestParam(required = false) String sid, Model model, HttpServletResponse response) {
        if (!roomPage.addTo(LiveKitNames.requireRoomName(name), LiveKitNames.sid(sid), model)) {
            response.setStatus(STOP_POLLING);
        }
        return "rooms/room :: live";
    }

    /** The room's Server-Sent Events: its live part, re-rendered for this viewer whenever LiveKit says it changed. */
    @GetMapping(value = "/{name}", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter roomStream(@PathVariable("name") String segment, @RequestParam(required = false) String sid, Authentication viewer,
            HttpSession session, @RequestHeader(value = "Last-Event-ID", required = false) String lastEvent) {
        var name = LiveKitNames.requireRoomName(segment);
        var watched = LiveKitNames.sid(sid);
        var can = fragments.permissions(viewer);
        // The session is part of what the page shows: once it ends, pages that followed it link to its own timeline.
        return live.subscribe(new LiveUpdates.View("room-live", name, "room " + can + " " + name + " " + watched,
                () -> fragments.render("rooms/room", "live", viewer, model -> roomPage.addTo(name, watched, model))),
                session.getId(), lastEvent != null);
    }
}
