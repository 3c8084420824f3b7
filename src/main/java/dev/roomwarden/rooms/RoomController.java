package dev.roomwarden.rooms;

import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.live.LiveUpdates;
import dev.roomwarden.web.Flash;
import dev.roomwarden.web.LiveFragments;
import dev.roomwarden.web.Paths;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRedirectView;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The rooms table, a room's page, and ending a room. */
@Controller
class RoomController {

    /** htmx stops polling an element when the answer has this status: the room has ended. */
    static final int STOP_POLLING = 286;

    private final LiveKitGateway livekit;
    private final RoomActions actions;
    private final RoomPageModel roomPage;
    private final LiveUpdates live;
    private final LiveFragments fragments;

    RoomController(LiveKitGateway livekit, RoomActions actions, RoomPageModel roomPage, LiveUpdates live,
            LiveFragments fragments) {
        this.livekit = livekit;
        this.actions = actions;
        this.roomPage = roomPage;
        this.live = live;
        this.fragments = fragments;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/rooms";
    }

    @GetMapping("/rooms")
    String rooms(@RequestParam(required = false) String q, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String page, Model model) {
        addRooms(RoomView.parse(q, sort, page), model);
        return "rooms/list";
    }

    /**
     * The table, refreshed; or, for a new filter, sort or page (htmx targets #rooms-live), the table with
     * an event stream that follows the new view.
     */
    @HxRequest
    @GetMapping("/rooms")
    String roomsTable(@RequestParam(required = false) String q, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String page, @RequestHeader(value = "HX-Target", required = false) String target,
            Model model) {
        addRooms(RoomView.parse(q, sort, page), model);
        return "rooms-live".equals(target) ? "rooms/list :: live" : "rooms/list :: table";
    }

    /** The table's Server-Sent Events: the same URL, asked for as {@code text/event-stream}. */
    @GetMapping(value = "/rooms", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter roomsStream(@RequestParam(required = false) String q, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String page, Authentication viewer, HttpSession session,
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEvent) {
        var view = RoomView.parse(q, sort, page);
        var can = fragments.permissions(viewer);
        return live.subscribe(new LiveUpdates.View("rooms-table", null, "rooms " + can + " " + view.path(view.page()),
                () -> fragments.render("rooms/list", "table", viewer, model -> addRooms(view, model))),
                session.getId(), lastEvent != null);
    }

    private void addRooms(RoomView view, Model model) {
        model.addAttribute("view", view);
        try {
            var all = livekit.listRooms();
            var matching = view.q().isEmpty() ? all : all.stream().filter(view::matches).toList();
            var page = view.pageOf(matching);
            model.addAttribute("rooms", page.stream().map(RoomRow::of).toList());
            model.addAttribute("matchingRooms", matching.size());
            model.addAttribute("firstShown", view.offset() + 1);
            model.addAttribute("hasNextPage", view.offset() + page.size() < matching.size());
            model.addAttribute("totalRooms", all.size());
        } catch (LiveKitException e) {
            model.addAttribute("livekitError", e.userMessage());
        }
    }

    @GetMapping("/rooms/{name}")
    String room(@PathVariable String name, Model model, HttpServletResponse response) {
        if (!roomPage.addTo(name, model)) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "rooms/not-found";
        }
        return "rooms/room";
    }

    @HxRequest
    @GetMapping("/rooms/{name}")
    String roomLive(@PathVariable String name, Model model, HttpServletResponse response) {
        if (!roomPage.addTo(name, model)) {
            response.setStatus(STOP_POLLING);
        }
        return "rooms/room :: live";
    }

    /** The room's Server-Sent Events: its live part, re-rendered for this viewer whenever LiveKit says it changed. */
    @GetMapping(value = "/rooms/{name}", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter roomStream(@PathVariable String name, Authentication viewer, HttpSession session,
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEvent) {
        LiveKitNames.requireRoomName(name);
        var can = fragments.permissions(viewer);
        return live.subscribe(new LiveUpdates.View("room-live", name, "room " + can + " " + name,
                () -> fragments.render("rooms/room", "live", viewer, model -> roomPage.addTo(name, model))),
                session.getId(), lastEvent != null);
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping("/rooms/{name}/delete")
    public String confirmDelete(@PathVariable String name, @RequestParam(required = false) String sid, Model model) {
        model.addAttribute("roomName", LiveKitNames.requireRoomName(name));
        model.addAttribute("sid", LiveKitNames.sid(sid));
        model.addAttribute("roomPath", Paths.room(name));
        model.addAttribute("actionPath", Paths.deleteRoom(name));
        return "rooms/delete";
    }

    @PreAuthorize("hasRole('ADMIN')")
    @HxRequest
    @GetMapping("/rooms/{name}/delete")
    public String confirmDeleteDialog(@PathVariable String name, @RequestParam(required = false) String sid, Model model) {
        confirmDelete(name, sid, model);
        return "rooms/delete :: dialog";
    }

    @PostMapping("/rooms/{name}/delete")
    String deleteRoom(@PathVariable String name, @RequestParam(required = false) String sid,
            @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        return "redirect:" + endRoom(name, sid, reason, redirect);
    }

    /** From a dialog: the whole browser goes to the next page, as after a plain form post. */
    @HxRequest
    @PostMapping("/rooms/{name}/delete")
    View deleteRoomFromPage(@PathVariable String name, @RequestParam(required = false) String sid,
            @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        // Context-relative, as a "redirect:" view is: under /roomwarden when Roomwarden is served there.
        return new HtmxRedirectView(endRoom(name, sid, reason, redirect), true);
    }

    /** Ends the room and returns where to go next: the rooms list, or back to the room on failure. */
    private String endRoom(String name, String sid, String reason, RedirectAttributes redirect) {
        LiveKitNames.requireRoomName(name);
        var roomSid = LiveKitNames.sid(sid);
        var why = LiveKitNames.reason(reason);
        try {
            var outcome = actions.deleteRoom(name, roomSid, why);
            redirect.addFlashAttribute("flash", outcome == ActionOutcome.DONE
                    ? Flash.success("Room “" + name + "” has ended for everyone in it.")
                    : Flash.info("Room “" + name + "” had already ended."));
            return "/rooms";
        } catch (LiveKitException e) {
            redirect.addFlashAttribute("flash", Flash.error("Room “" + name + "” was not ended. " + e.userMessage()));
            return "/rooms/{name}";
        } catch (DataAccessException e) {
            redirect.addFlashAttribute("flash", Flash.error("Room “" + name + "” was not ended: " + Flash.AUDIT_UNAVAILABLE));
            return "/rooms/{name}";
        }
    }
}
