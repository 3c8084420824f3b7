package dev.roomwarden.rooms;

import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.web.Flash;
import dev.roomwarden.input.Metadata;
import dev.roomwarden.web.Paths;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Editing a room's metadata: the editor (JSON pretty-printed), then UpdateRoomMetadata. */
@Controller
class RoomMetadataController {

    private static final String METADATA = "/rooms/{name}/metadata";

    private final RoomActions actions;
    private final RoomPageModel roomPage;

    RoomMetadataController(RoomActions actions, RoomPageModel roomPage) {
        this.actions = actions;
        this.roomPage = roomPage;
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @GetMapping(METADATA)
    public String edit(@PathVariable String name, @RequestParam(required = false) String sid, Model model) {
        roomPage.addTo(name, model);
        var room = (RoomRow) model.getAttribute("room");
        model.addAttribute("metadata", room == null ? "" : Metadata.pretty(room.metadata()));
        model.addAttribute("maxKiB", Metadata.MAX_BYTES / 1024);
        model.addAttribute("sid", LiveKitNames.sid(sid));
        model.addAttribute("actionPath", Paths.roomMetadata(name, null));
        return "rooms/metadata";
    }

    @PreAuthorize("hasRole('MODERATOR')")
    @HxRequest
    @GetMapping(METADATA)
    public String editDialog(@PathVariable String name, @RequestParam(required = false) String sid, Model model) {
        edit(name, sid, model);
        return "rooms/metadata :: dialog";
    }

    @PostMapping(METADATA)
    String save(@PathVariable String name, @RequestParam(required = false) String sid, @RequestParam(required = false) String metadata,
            @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", save(name, sid, metadata, reason));
        return "redirect:/rooms/{name}";
    }

    @HxRequest
    @PostMapping(METADATA)
    String saveFromPage(@PathVariable String name, @RequestParam(required = false) String sid,
            @RequestParam(required = false) String metadata, @RequestParam(required = false) String reason, Model model) {
        model.addAttribute("flash", save(name, sid, metadata, reason));
        roomPage.addTo(name, model);
        return "rooms/room :: actionResult";
    }

    private Flash save(String room, String sid, String metadata, String reason) {
        LiveKitNames.requireRoomName(room);
        var roomSid = LiveKitNames.sid(sid);
        var why = LiveKitNames.reason(reason);
        return Flash.after(() -> actions.updateMetadata(room, roomSid, metadata, why), "The metadata of “" + room + "” is saved.",
                "“" + room + "” has ended; its metadata was not changed.", "The metadata of “" + room + "” was not changed");
    }
}
