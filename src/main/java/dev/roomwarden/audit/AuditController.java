package dev.roomwarden.audit;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import dev.roomwarden.display.SpreadsheetCsv;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import static dev.roomwarden.display.SpreadsheetCsv.cell;

/** The audit log for MODERATORs and ADMINs: filtered, paged, exported. */
@Controller
@PreAuthorize("hasRole('MODERATOR')")
class AuditController {

    static final int MAX_EXPORT = 100_000;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final AuditLog auditLog;
    private final Clock clock;

    AuditController(AuditLog auditLog, Clock clock) {
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** The page, or for htmx (a new filter or page) its table. */
    @GetMapping("/audit")
    String audit(AuditQuery query, HtmxRequest htmx, Model model) {
        addPage(query.filter(), model);
        return htmx.isHtmxRequest() ? "audit/list :: table" : "audit/list";
    }

    /** The query parameters of the audit views, as typed; {@link #filter()} checks them. */
    record AuditQuery(String user, String action, String room, String outcome, String from, String to, String batch,
            String page) {

        AuditFilter filter() {
            return AuditFilter.parse(user, action, room, outcome, from, to, batch, page);
        }
    }

    private void addPage(AuditFilter filter, Model model) {
        model.addAttribute("filter", filter);
        model.addAttribute("auditPage", auditLog.search(filter));
        model.addAttribute("actions", AuditAction.values());
        model.addAttribute("outcomes", AuditOutcome.values());
    }

    /** The filtered records as CSV; cells a spreadsheet would run as formulas are made plain text. */
    @GetMapping("/audit.csv")
    void export(AuditQuery query, HttpServletResponse response) throws IOException {
        var filter = query.filter();
        var records = auditLog.all(filter, MAX_EXPORT);
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition",
                "attachment; filename=\"roomwarden-audit-" + FILE_TIME.format(clock.instant()) + ".csv\"");
        try (var printer = SpreadsheetCsv.printer(response.getOutputStream(), "time", "user", "role", "action", "room", "room_sid",
                "participant", "participant_sid", "account", "reason", "outcome", "detail", "client_address", "batch_id")) {
            for (var record : records) {
                var target = record.target();
                printer.printRecord(record.at().toString(), cell(record.username()), cell(record.role()),
                        record.action().name(), cell(target.room()), cell(target.roomSid()), cell(target.participant()),
                        cell(target.participantSid()), cell(target.account()), cell(record.reason()),
                        record.outcome().name(), cell(record.detail()), cell(record.clientAddress()), cell(record.batchId()));
            }
        }
    }
}
