package dev.roomwarden.rooms;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Collectors;

/** The orders of the rooms table; the URL value is the column, with a leading '-' for descending. */
enum RoomSort {
    NAME("name", Comparator.comparing(RoomRow::name, String.CASE_INSENSITIVE_ORDER)),
    PARTICIPANTS("participants", Comparator.comparingInt(RoomRow::participants)),
    PUBLISHERS("publishers", Comparator.comparingInt(RoomRow::publishers)),
    CREATED("created", Comparator.comparing(RoomRow::created));

    static final String ALLOWED = Arrays.stream(values())
            .map(sort -> sort.column + ", -" + sort.column)
            .collect(Collectors.joining(", "));

    private final String column;
    private final Comparator<RoomRow> comparator;

    RoomSort(String column, Comparator<RoomRow> comparator) {
        this.column = column;
        this.comparator = comparator;
    }

    String column() {
        return column;
    }

    /** Ties are broken by name so the order is stable between refreshes. */
    Comparator<RoomRow> comparator(boolean descending) {
        var primary = descending ? comparator.reversed() : comparator;
        return primary.thenComparing(NAME.comparator);
    }

    static RoomSort ofColumn(String column) {
        for (var sort : values()) {
            if (sort.column.equals(column)) {
                return sort;
            }
        }
        return null;
    }
}
