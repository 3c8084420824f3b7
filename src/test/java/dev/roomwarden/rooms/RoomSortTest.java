package dev.roomwarden.rooms;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import livekit.LivekitModels.Room;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The page of a sorted table, picked without sorting every room, is the page a full sort gives. */
class RoomSortTest {

    private static List<Room> rooms(int count, long seed) {
        var random = new Random(seed);
        var rooms = new ArrayList<Room>();
        for (int i = 0; i < count; i++) {
            var name = (random.nextBoolean() ? "Support-" : "class-") + Integer.toString(random.nextInt(1_000_000), 36) + "-" + i;
            rooms.add(Room.newBuilder().setName(name).setNumParticipants(random.nextInt(5)).setNumPublishers(random.nextInt(3))
                    .setCreationTimeMs(1_700_000_000_000L + random.nextInt(1_000) * 1000L).build());
        }
        return rooms;
    }

    @Test
    void everyOrderAndPageMatchesAFullSort() {
        var rooms = rooms(2_500, 7);
        for (var sort : RoomSort.values()) {
            for (boolean descending : new boolean[] {false, true}) {
                var order = sort.comparator(descending);
                var sorted = new ArrayList<>(rooms);
                sorted.sort(order);
                for (int count : new int[] {1, 100, 300, 1_200, 1_300, 2_500, 9_000}) {
                    assertThat(RoomSort.first(rooms, order, count)).as("%s %s first %d", sort, descending ? "desc" : "asc", count)
                            .containsExactlyElementsOf(sorted.subList(0, Math.min(count, sorted.size())));
                }
            }
        }
    }

    @Test
    void pagesOfAViewCoverTheMatchingRoomsOnceInOrder() {
        var rooms = rooms(1_050, 11);
        var seen = new ArrayList<Room>();
        for (int page = 1; page <= 12; page++) {
            var view = RoomView.parse("", "-participants", Integer.toString(page));
            seen.addAll(view.pageOf(rooms, java.util.Set.of()));
        }
        var sorted = new ArrayList<>(rooms);
        sorted.sort(RoomSort.PARTICIPANTS.comparator(true));
        assertThat(seen).containsExactlyElementsOf(sorted);
    }

    @Test
    void theFilterIgnoresCaseAndFindsTheTextAnywhere() {
        var view = RoomView.parse("PORT-", null, null);
        assertThat(view.matches(Room.newBuilder().setName("eu-support-7").build())).isTrue();
        assertThat(view.matches(Room.newBuilder().setName("eu-sports-7").build())).isFalse();
        assertThat(RoomView.parse("", null, null).matches(Room.newBuilder().setName("any").build())).isTrue();
    }
}
