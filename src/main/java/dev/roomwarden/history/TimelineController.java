package dev.roomwarden.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.roomwarden.display.SpreadsheetCsv;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.input.Text;
import dev.roomwarden.notes.SessionNotes;
import dev.roomwarden.security.Permissions;
import dev.roomwarden.phonenumbers.ShownNumbers;
import dev.roomwarden.phonenumbers.TelephonyProperties;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static dev.roomwarden.display.SpreadsheetCsv.cell;

/**
 * One room session's timeline, a page at a time, and the whole session as a support bundle (CSV, JSON). Staff
 * actions and their reasons only for those who may read the audit log, on the page and in the exports alike.
 */
@Controller
@PreAuthorize("hasRole('VIEWER')")
class TimelineController {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    static final String STAFF_HIDDEN = "Staff actions are visible to moderators and administrators.";

    private final SessionTimeline timeline;
    private final HistoryProperties properties;
    private final RoleHierarchy roles;
    private final TelephonyProperties telephony;
    private final SessionNotes notes;

    TimelineController(SessionTimeline timeline, HistoryProperties properties, RoleHierarchy roles, TelephonyProperties telephony,
            SessionNotes notes) {
        this.timeline = timeline;
        this.properties = properties;
        this.roles = roles;
        this.telephony = telephony;
        this.notes = notes;
    }

    /** The page; for htmx ("Later events") only its events. */
    @GetMapping("/history/{roomSid}")
    String timeline(@PathVariable String roomSid, @RequestParam(required = false) String after, HtmxRequest htmx,
            Authentication viewer, Model model, HttpServletResponse response) {
        var sid = LiveKitNames.requireRoomSid(roomSid);
        var cursor = SessionTimeline.Cursor.parse(after);
        var session = timeline.session(sid);
        if (session.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            model.addAttribute("roomSid", sid);
            return "history/not-found";
        }
        var page = timeline.page(session.get(), cursor, properties.timelinePage(), staffVisible(viewer));
        model.addAttribute("page", page);
        model.addAttribute("header", page.header());
        model.addAttribute("staffHidden", STAFF_HIDDEN);
        model.addAttribute("base", "/history/" + sid);
        model.addAttribute("historyPath", "/history?room=" + UriUtils.encodeQueryParam(session.get().name(), StandardCharsets.UTF_8));
        model.addAttribute("laterPath", page.next() == null ? null : "/history/" + sid + "?after=" + page.next().value());
        model.addAttribute("continued", cursor != null);
        notes.addTo(session.get().name(), sid, SessionNotes.On.HISTORY, viewer, model);
        return htmx.isHtmxRequest() && cursor != null ? "history/timeline :: events" : "history/timeline";
    }

    @GetMapping("/history/{roomSid}.csv")
    void csv(@PathVariable String roomSid, Authentication viewer, HttpServletResponse response) throws IOException {
        var page = exported(roomSid, viewer, response, "csv");
        if (page == null) {
            return;
        }
        response.setContentType("text/csv; charset=UTF-8");
        var numbers = numbersFor(viewer);
        try (var printer = SpreadsheetCsv.printer(response.getOutputStream(), "record", "time", "offset", "type", "participant",
                "words", "source")) {
            for (var fact : facts(page).entrySet()) {
                printer.printRecord("room", "", "", fact.getKey(), "", cell(String.valueOf(fact.getValue() == null ? "" : fact.getValue())), "");
            }
            for (var p : page.participants()) {
                printer.printRecord("participant", time(p.joined()), "", cell(p.kind()), cell(numbers.shown(p.identity())),
                        cell(numbers.shown(participantWords(p))), "");
            }
            for (var e : page.entries()) {
                printer.printRecord(e.isStaffAction() ? "staff_action" : e.isStaffNote() ? "staff_note" : "event", time(e.at()), e.offset(), cell(e.type()),
                        cell(numbers.shown(e.participant())), cell(numbers.shown(e.words())),
                        e.isStaffAction() ? "audit log #" + e.staff().id() : e.isStaffNote() ? "note #" + e.note().id() : e.source());
            }
            if (!page.staffVisible()) {
                printer.printRecord("note", "", "", "", "", STAFF_HIDDEN, "");
            }
            if (numbers.masked()) {
                printer.printRecord("note", "", "", "", "", numbers.why(), "");
            }
        }
    }

    @GetMapping("/history/{roomSid}.json")
    void json(@PathVariable String roomSid, Authentication viewer, HttpServletResponse response) throws IOException {
        var page = exported(roomSid, viewer, response, "json");
        if (page == null) {
            return;
        }
        response.setContentType("application/json");
        var numbers = numbersFor(viewer);
        var bundle = new LinkedHashMap<String, Object>();
        bundle.put("room", facts(page));
        bundle.put("participants", page.participants().stream().map(p -> {
            var row = new LinkedHashMap<String, Object>();
            row.put("identity", numbers.shown(p.identity()));
            row.put("name", numbers.shown(p.name()));
            row.put("kind", p.kind());
            row.put("joined", time(p.joined()));
            row.put("left", time(p.left()));
            row.put("duration", p.duration());
            row.put("disconnectReason", p.reasonCode());
            row.put("disconnectReasonWords", numbers.shown(p.reason()));
            row.put("tracksPublished", p.tracksPublished());
            return row;
        }).toList());
        bundle.put("events", page.entries().stream().filter(e -> !e.isStaffAction() && !e.isStaffNote()).map(e -> {
            var row = new LinkedHashMap<String, Object>();
            row.put("time", time(e.at()));
            row.put("offset", e.offset());
            row.put("type", e.type());
            row.put("participant", numbers.shown(e.participant()));
            row.put("words", numbers.shown(e.words()));
            row.put("source", e.source());
            return row;
        }).toList());
        bundle.put("notes", page.entries().stream().filter(SessionTimeline.Entry::isStaffNote).map(e -> {
            var row = new LinkedHashMap<String, Object>();
            row.put("time", time(e.at()));
            row.put("offset", e.offset());
            row.put("id", e.note().id());
            row.put("author", e.note().writtenBy());
            row.put("edited", time(e.note().editedAt()));
            row.put("text", numbers.shown(e.note().text()));
            return row;
        }).toList());
        if (page.staffVisible()) {
            bundle.put("staffActions", page.entries().stream().filter(SessionTimeline.Entry::isStaffAction).map(e -> {
                var r = e.staff();
                var row = new LinkedHashMap<String, Object>();
                row.put("time", time(r.at()));
                row.put("offset", e.offset());
                row.put("auditId", r.id());
                row.put("user", r.username());
                row.put("role", r.role());
                row.put("action", r.action().name());
                row.put("participant", numbers.shown(r.target().participant()));
                row.put("reason", numbers.shown(r.reason()));
                row.put("outcome", r.outcome().name());
                row.put("detail", numbers.shown(r.detail()));
                return row;
            }).toList());
        } else {
            // Left out rather than empty, so that no one reads "no staff action" into it.
            bundle.put("staffActionsNote", STAFF_HIDDEN);
        }
        if (numbers.masked()) {
            bundle.put("phoneNumbersNote", numbers.why());
        }
        JSON.writeValue(response.getOutputStream(), bundle);
    }

    /** The whole session to export, its headers set; null (and a 404 in words) when there is none. */
    private SessionTimeline.Page exported(String roomSid, Authentication viewer, HttpServletResponse response, String extension)
            throws IOException {
        var sid = LiveKitNames.requireRoomSid(roomSid);
        var session = timeline.session(sid);
        if (session.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentType("text/plain; charset=UTF-8");
            response.getWriter().println(notFound(sid));
            return null;
        }
        // The sid is checked to letters, digits, '-' and '_': safe in a file name as it is.
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename("roomwarden-history-" + sid + "." + extension).build().toString());
        return timeline.all(session.get(), staffVisible(viewer));
    }

    static String notFound(String sid) {
        return "No history for this room session (" + sid + "). It may have ended before Roomwarden kept history, "
                + "or retention removed it.";
    }

    private static Map<String, Object> facts(SessionTimeline.Page page) {
        var header = page.header();
        var session = header.session();
        var facts = new LinkedHashMap<String, Object>();
        facts.put("name", session.name());
        facts.put("sid", session.roomSid());
        facts.put("started", time(session.started()));
        facts.put("ended", session.ended() == null ? "no end seen (live, or its room_finished never arrived)" : time(session.ended()));
        facts.put("duration", header.duration());
        facts.put("peakParticipants", session.peakParticipants());
        facts.put("hadAgent", session.hadAgent());
        facts.put("hadSipCaller", session.hadSip());
        facts.put("metadataAtStart", session.metadataAtStart());
        facts.put("metadataAtEnd", session.metadataAtEnd());
        return facts;
    }

    private static String participantWords(SessionTimeline.ParticipantRow p) {
        return (p.name() == null ? "" : "name " + p.name() + "; ") + "joined " + time(p.joined())
                + (p.left() == null ? "; no leave seen" : "; left " + time(p.left()) + " after " + p.duration() + ": " + p.reason())
                + "; " + p.tracksPublished() + " track(s) published";
    }

    private static String time(Instant at) {
        return at == null ? "" : at.toString();
    }

    /** Exports mask phone numbers as the page does for this viewer. */
    private ShownNumbers numbersFor(Authentication viewer) {
        return telephony.numbersFor(Permissions.of(viewer, roles));
    }

    private boolean staffVisible(Authentication viewer) {
        return Permissions.of(viewer, roles).moderate();
    }

}
