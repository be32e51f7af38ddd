package io.whyrec.server.live;

import io.whyrec.server.store.StoredEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Merging new events into a user's chronological order (time, then arrival number). */
class UserStateTest {

    private static StoredEvent ev(String id, long ts, long seq) {
        return new StoredEvent(id, "u", "i" + id, ts, "view", 1, seq);
    }

    private static List<String> ids(UserState s) {
        return s.events().stream().map(StoredEvent::eventId).toList();
    }

    @Test
    void mergesIntoTimeThenArrivalOrder() {
        // existing (ts, seq): a(10,1) b(20,2) c(20,3) d(30,4) e(40,5)
        UserState s = UserState.empty("u").withEvents(List.of(ev("e", 40, 5), ev("a", 10, 1), ev("c", 20, 3),
                ev("b", 20, 2), ev("d", 30, 4)));
        assertEquals(List.of("a", "b", "c", "d", "e"), ids(s));
        // new, unsorted: x(20,6) goes after b and c (same time, later arrival), y(5,7) first, z(35,8) between d, e
        UserState t = s.withEvents(List.of(ev("z", 35, 8), ev("x", 20, 6), ev("y", 5, 7)));
        assertEquals(List.of("y", "a", "b", "c", "x", "d", "z", "e"), ids(t));
        // appending later events keeps everything before them
        assertEquals(List.of("a", "b", "c", "d", "e", "w", "v"),
                ids(s.withEvents(List.of(ev("v", 50, 10), ev("w", 40, 9)))));
        // an event equal in time and arrival to an existing one goes after it (existing first, as the merge does)
        assertEquals(List.of("a", "b", "b2", "c", "d", "e"), ids(s.withEvents(List.of(ev("b2", 20, 2)))));
        // nothing new: the same order; the original state is unchanged throughout
        assertEquals(ids(s), ids(s.withEvents(List.of())));
        assertEquals(List.of("a", "b", "c", "d", "e"), ids(s));
    }
}
