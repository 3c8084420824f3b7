package dev.roomwarden.rooms;

import java.util.Locale;

import dev.roomwarden.web.InvalidViewException;

/**
 * What the rooms table shows: the filter {@code q} and the order {@code sort} as in the URL.
 * Invalid values are refused with a message instead of being silently ignored.
 */
record RoomView(String q, String sort) {

    static final int MAX_QUERY_LENGTH = 256;
    static final String DEFAULT_SORT = "name";

    static RoomView parse(String q, String sort) {
        var query = q == null ? "" : q.strip();
        if (query.length() > MAX_QUERY_LENGTH) {
            throw new InvalidViewException("The filter is too long: at most " + MAX_QUERY_LENGTH + " characters.");
        }
        var order = sort == null || sort.isBlank() ? DEFAULT_SORT : sort.strip();
        if (RoomSort.ofColumn(order.startsWith("-") ? order.substring(1) : order) == null) {
            throw new InvalidViewException("Unknown sort order '" + abbreviate(order) + "'. Use one of: " + RoomSort.ALLOWED + ".");
        }
        return new RoomView(query, order);
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

    boolean matches(RoomRow room) {
        return q.isEmpty() || room.name().toLowerCase(Locale.ROOT).contains(q.toLowerCase(Locale.ROOT));
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
