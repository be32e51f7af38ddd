package io.whyrec.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Item;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each preprocessing step on a fixture small enough to check by hand. */
class PreprocessTest {

    /**
     * Users u0..u2, items a..d (d has a title but no events), types view (0) and buy (1).
     * <pre>
     * u0: a@1 view 5, a@1 view 5 (duplicate), a@2 buy 3, b@3 view 4
     * u1: a@1 view 2, b@2 view 4, c@3 view 5
     * u2: c@1 buy 1
     * </pre>
     */
    static Dataset fixture() {
        IdIndex users = IdIndex.of(List.of("u0", "u1", "u2"));
        IdIndex items = IdIndex.of(List.of("a", "b", "c", "d"));
        ItemCatalog cat = ItemCatalog.of(items, Map.of("d", new Item("d", "Dee", "", List.of("t"))));
        return Dataset.fromColumns(users, cat, List.of("view", "buy"),
                new int[] {0, 0, 0, 0, 1, 1, 1, 2},
                new int[] {0, 0, 0, 1, 0, 1, 2, 2},
                new long[] {1, 1, 2, 3, 1, 2, 3, 1},
                new float[] {5, 5, 3, 4, 2, 4, 5, 1},
                new short[] {0, 0, 1, 0, 0, 0, 0, 1});
    }

    @Test
    void dedupeDropsOnlyExactRepeats() {
        Dataset d = Preprocess.dedupe(fixture());
        // only u0's second a@1 view goes; a@2 buy differs in time and type
        assertEquals(7, d.numEvents());
        assertArrayEquals(new int[] {0, 0, 1}, d.itemsOf(0));
        assertEquals(2, d.timestamp(1));
    }

    @Test
    void latestPerUserItemKeepsLastEvent() {
        Dataset d = Preprocess.latestPerUserItem(fixture());
        // u0 keeps a@2 buy and b@3; u1 all three; u2 one -> 6
        assertEquals(6, d.numEvents());
        assertArrayEquals(new int[] {0, 1}, d.itemsOf(0));
        assertEquals(2, d.timestamp(d.userStart(0)));
        assertEquals(1, d.eventType(d.userStart(0)));
    }

    @Test
    void implicitThreshold() {
        Dataset d = Preprocess.implicit(fixture(), 4);
        // values >= 4: u0 a5, a5, b4; u1 b4, c5 -> 5 events, all value 1
        assertEquals(5, d.numEvents());
        assertArrayEquals(new int[] {0, 0, 1}, d.itemsOf(0));
        assertArrayEquals(new int[] {1, 2}, d.itemsOf(1));
        assertEquals(0, d.userSize(2));
        for (int e = 0; e < d.numEvents(); e++) {
            assertEquals(1f, d.value(e));
        }
    }

    @Test
    void typeWeights() {
        Dataset d = Preprocess.typeWeights(fixture(), Map.of("view", 1.0, "buy", 5.0));
        assertEquals(8, d.numEvents());
        assertEquals(5f, d.value(2)); // u0 a@2 buy
        assertEquals(1f, d.value(3)); // u0 b@3 view
        Dataset onlyBuys = Preprocess.typeWeights(fixture(), Map.of("view", 0.0, "buy", 2.0));
        assertEquals(2, onlyBuys.numEvents());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Preprocess.typeWeights(fixture(), Map.of("view", 1.0)));
        assertTrue(e.getMessage().contains("'buy'"), e.getMessage());
    }

    @Test
    void kCoreIsIterative() {
        // k=2 for users and items. Round 1: item counts a4 b2 c2, user counts u0 4, u1 3, u2 1 -> drop u2's c@1.
        // Round 2: c now has 1 event (u1) -> drop it; u1 now has 2 (a, b). Round 3: stable.
        Dataset d = Preprocess.kCore(fixture(), 2, 2);
        assertEquals(6, d.numEvents());
        assertArrayEquals(new int[] {0, 1}, d.itemsOf(1));
        assertEquals(0, d.userSize(2));
        assertEquals(0, d.itemCounts()[2]);
        // k=3 for items: b has 2 -> dropped; then u1 has 1 (a)... u1 still >= 1 user threshold
        Dataset d3 = Preprocess.kCore(fixture(), 1, 3);
        // round 1: a4 kept, b2 and c2 dropped -> a: u0 x3, u1 x1 = 4 >= 3, stable
        assertEquals(4, d3.numEvents());
    }

    @Test
    void compactDropsEmptyUsersAndItemsKeepingContent() {
        Dataset d = Preprocess.compact(Preprocess.kCore(fixture(), 2, 2));
        assertEquals(List.of("u0", "u1"), d.users().ids());
        assertEquals(List.of("a", "b"), d.items().ids());
        assertArrayEquals(new int[] {0, 0, 0, 1}, d.itemsOf(0));
        assertArrayEquals(new int[] {0, 1}, d.itemsOf(1));
        // with d kept by a split's test part, its catalogue content survives
        Dataset full = fixture();
        Dataset withD = Dataset.fromColumns(full.users(), full.catalog(), full.eventTypes(),
                new int[] {2}, new int[] {3}, new long[] {9}, new float[] {1}, new short[] {0});
        Split s = Preprocess.compact(new Split(full, withD, "t"));
        assertEquals(List.of("a", "b", "c", "d"), s.train().items().ids());
        assertEquals("Dee", s.test().catalog().title(3));
        assertEquals(List.of("t"), s.test().catalog().item(3).tags());
    }
}
