package dev.roomwarden.rooms;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import dev.roomwarden.notes.Tags;
import livekit.LivekitModels.Room;
import org.springframework.web.util.UriUtils;

/**
 * What the rooms table shows: the filter {@code q}, the order {@code sort} and the tag of the rooms' sessions
 * {@code tag} (null: any) as in the URL. Invalid values are refused with a message instead of being silently ignored.
 */
record RoomView(String q, String sort, int page, String tag) {

    static final int MAX_QUERY_LENGTH = 256;
    static final int PAGE_SIZE = 100;
    static final int MAX_PAGE = 1_000_000;
    static final String DEFAULT_SORT = "name";

    static RoomView parse(String q, String sort, String page) {
        return parse(q, sort, page, null);
    }

    static RoomView parse(String q, String sort, String page, String tag) {
        var query = q == null ? "" : q.strip();
        if (query.length() > MAX_QUERY_LENGTH) {
            throw new InvalidInputException("The filter is too long: at most " + MAX_QUERY_LENGTH + " characters.");
        }
        var order = sort == null || sort.isBlank() ? DEFAULT_SORT : sort.strip();
        if (RoomSort.ofColumn(order.startsWith("-") ? order.substring(1) : order) == null) {
            throw new InvalidInputException("Unknown sort order '" + Text.abbreviate(order, 40) + "'. Use one of: " + RoomSort.ALLOWED + ".");
        }
        return new RoomView(query, order, Text.pageNumber(page, MAX_PAGE), Tags.filter(tag));
    }

    /** The URL of this view on another page (the first page has no page parameter). */
    public String path(int atPage) {
        var url = "/rooms?q=" + UriUtils.encodeQueryParam(q, StandardCharsets.UTF_8)
                + "&sort=" + UriUtils.encodeQueryParam(sort, StandardCharsets.UTF_8) + (tag == null ? "" : "&tag=" + tag);
        return atPage > 1 ? url + "&page=" + atPage : url;
    }

    /** The first page of this view in the order a column header links to. */
    public String sortPath(String column) {
        return new RoomView(q, sortFor(column), 1, tag).path(1);
    }

    boolean descending() {
        return sort.startsWith("-");
    }

    RoomSort order() {
        return RoomSort.ofColumn(descending() ? sort.substring(1) : sort);
    }

    /** The sort value a column header links to: ascending first, then toggles. */
    public String sortFor(String column) {
        return column.equals(order().column()) && !descending() ? "-" + column : column;
    }

    /** "ascending", "descending" or "none" for a column, for aria-sort and the arrow. */
    public String directionOf(String column) {
        if (!column.equals(order().column())) {
            return "none";
        }
        return descending() ? "descending" : "ascending";
    }

    /** How many matching rooms come before this page's first. */
    int offset() {
        return (page - 1) * PAGE_SIZE;
    }

    /** Whether the room's name contains the filter, ignoring case (checked in place: no copy per room). */
    boolean matches(Room room) {
        var name = room.getName();
        for (int at = 0; at + q.length() <= name.length(); at++) {
            if (name.regionMatches(true, at, q, 0, q.length())) {
                return true;
            }
        }
        return false;
    }

    /** The rooms of this view's page, in its order, out of those that match its filter; the viewer's pinned rooms first. */
    List<Room> pageOf(List<Room> matching, Set<String> pinned) {
        var from = Math.min(offset(), matching.size());
        var to = Math.min(from + PAGE_SIZE, matching.size());
        var order = order().comparator(descending());
        if (!pinned.isEmpty()) {
            order = Comparator.comparing((Room room) -> !pinned.contains(room.getName())).thenComparing(order);
        }
        return RoomSort.first(matching, order, to).subList(from, to);
    }
}
