package dev.roomwarden.rooms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Collectors;

import dev.roomwarden.display.Times;
import livekit.LivekitModels.Room;

/** The orders of the rooms table; the URL value is the column, with a leading '-' for descending. */
enum RoomSort {
    NAME("name", Comparator.comparing(Room::getName, String.CASE_INSENSITIVE_ORDER)),
    PARTICIPANTS("participants", Comparator.comparingInt(Room::getNumParticipants)),
    PUBLISHERS("publishers", Comparator.comparingInt(Room::getNumPublishers)),
    CREATED("created", Comparator.comparingLong(room -> Times.epochMillis(room.getCreationTimeMs(), room.getCreationTime())));

    static final String ALLOWED = Arrays.stream(values())
            .map(sort -> sort.column + ", -" + sort.column)
            .collect(Collectors.joining(", "));

    private final String column;
    private final Comparator<Room> comparator;

    RoomSort(String column, Comparator<Room> comparator) {
        this.column = column;
        this.comparator = comparator;
    }

    String column() {
        return column;
    }

    /** Ties are broken by name so the order is stable between refreshes. */
    Comparator<Room> comparator(boolean descending) {
        var primary = descending ? comparator.reversed() : comparator;
        return primary.thenComparing(NAME.comparator);
    }

    /**
     * The first {@code count} rooms in this order, without sorting them all: a page of 100 out of 10,000
     * rooms keeps only the best 100 seen so far (a bounded heap), about ten times fewer comparisons.
     */
    static List<Room> first(List<Room> rooms, Comparator<Room> order, int count) {
        if (count >= rooms.size() / 2) {
            var all = new ArrayList<>(rooms);
            all.sort(order);
            return all.subList(0, Math.min(count, all.size()));
        }
        var worstOnTop = new PriorityQueue<Room>(count + 1, order.reversed());
        for (var room : rooms) {
            if (worstOnTop.size() < count) {
                worstOnTop.add(room);
            } else if (order.compare(room, worstOnTop.peek()) < 0) {
                worstOnTop.poll();
                worstOnTop.add(room);
            }
        }
        var best = new ArrayList<>(worstOnTop);
        best.sort(order);
        return best;
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
