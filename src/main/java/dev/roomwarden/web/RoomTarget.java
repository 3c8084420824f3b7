package dev.roomwarden.web;

import dev.roomwarden.display.Paths;
import dev.roomwarden.input.LiveKitNames;
import org.springframework.ui.Model;

/** The room an action's path names, checked, with the sid the page showed (kept in the audit log). */
public record RoomTarget(String room, String sid) {

    /** Checks the room's name and sid and adds what every confirmation shows of them: its name, sid and page. */
    public static RoomTarget of(String room, String sid, Model model) {
        var target = new RoomTarget(LiveKitNames.requireRoomName(room), LiveKitNames.sid(sid));
        model.addAttribute("roomName", target.room());
        model.addAttribute("sid", target.sid());
        model.addAttribute("roomPath", Paths.room(target.room()));
        return target;
    }

    /** “support-1” */
    public String quoted() {
        return "“" + room + "”";
    }
}
