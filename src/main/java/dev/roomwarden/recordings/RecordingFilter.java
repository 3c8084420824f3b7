package dev.roomwarden.recordings;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

import dev.roomwarden.display.QueryString;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import livekit.LivekitEgress.EgressStatus;

/**
 * What the recordings page shows, exactly as in its URL: {@code room} (the start of a room name), {@code status}
 * (active, complete, failed, aborted, limit-reached), {@code from} and {@code to} (dates the egress started on, UTC,
 * inclusive) and {@code page}.
 */
record RecordingFilter(String room, Status status, LocalDate from, LocalDate to, int page) {

    static final int PAGE_SIZE = 50;
    static final int MAX_PAGE = 10_000;

    /** The statuses one can filter on: active is every egress not ended yet (starting, active, ending). */
    enum Status {
        ACTIVE("active", null), COMPLETE("complete", EgressStatus.EGRESS_COMPLETE), FAILED("failed", EgressStatus.EGRESS_FAILED),
        ABORTED("aborted", EgressStatus.EGRESS_ABORTED), LIMIT_REACHED("limit-reached", EgressStatus.EGRESS_LIMIT_REACHED);

        private final String parameter;
        private final EgressStatus egressStatus;

        Status(String parameter, EgressStatus egressStatus) {
            this.parameter = parameter;
            this.egressStatus = egressStatus;
        }

        String parameter() {
            return parameter;
        }

        EgressStatus egressStatus() {
            return egressStatus;
        }
    }

    static RecordingFilter parse(String room, String status, String from, String to, String page) {
        var fromDate = Text.filterDate(from, "from");
        var toDate = Text.filterDate(to, "to");
        if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
            throw new InvalidInputException("The 'from' date " + fromDate + " is after the 'to' date " + toDate + ".");
        }
        return new RecordingFilter(Text.filterText(room, "room", Recordings.MAX_ROOM), status(status), fromDate, toDate,
                Text.pageNumber(page, MAX_PAGE));
    }

    Instant fromInstant() {
        return from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    Instant toInstantExclusive() {
        return to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public boolean isEmpty() {
        return room == null && status == null && from == null && to == null;
    }

    /** The status parameter as the form's select knows it ("" for any). */
    public String statusParameter() {
        return status == null ? "" : status.parameter();
    }

    /** The query string that shows this filter on {@code atPage} (1 = no page parameter), for links. */
    public String query(int atPage) {
        return new QueryString().add("room", room).add("status", status == null ? null : status.parameter())
                .add("from", from).add("to", to).page(atPage).toString();
    }

    private static Status status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        var wanted = value.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        for (var status : Status.values()) {
            if (status.parameter().equals(wanted)) {
                return status;
            }
        }
        throw new InvalidInputException("Unknown status '" + Text.abbreviate(value, 40)
                + "': the status is active, complete, failed, aborted or limit-reached.");
    }
}
