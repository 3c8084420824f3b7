package dev.roomwarden.audit;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The audit log for MODERATORs and ADMINs: filtered, paged, exported. */
@Controller
@PreAuthorize("hasRole('MODERATOR')")
class AuditController {

    static final int MAX_EXPORT = 100_000;
    /** A formula character at the start of a cell, or after a separator or line break (spaces and quotes between). */
    private static final Pattern FORMULA = Pattern.compile("(^|[,;\\t\\r\\n])([\\s\"]*)(?=[=+\\-@\\t\\r])");
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
        // Every cell quoted: a ';' or ',' inside one never starts a cell in a spreadsheet that splits on either.
        var format = CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.ALL)
                .setHeader("time", "user", "role", "action", "room", "room_sid", "participant", "participant_sid",
                        "account", "reason", "outcome", "detail", "client_address", "batch_id")
                .get();
        try (var printer = new CSVPrinter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), format)) {
            for (var record : records) {
                var target = record.target();
                printer.printRecord(record.at().toString(), cell(record.username()), cell(record.role()),
                        record.action().name(), cell(target.room()), cell(target.roomSid()), cell(target.participant()),
                        cell(target.participantSid()), cell(target.account()), cell(record.reason()),
                        record.outcome().name(), cell(record.detail()), cell(record.clientAddress()), cell(record.batchId()));
            }
        }
    }

    /**
     * OWASP's advice against CSV injection, for whatever separator the spreadsheet splits on: a ' before a
     * formula character (= + - @ tab CR) that starts the cell, or follows a ',' ';' tab or line break in it.
     */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return FORMULA.matcher(value).replaceAll("$1$2'");
    }
}
