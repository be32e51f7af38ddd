package io.whyrec.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dataset fingerprint model files record: the same events in any order agree, any change disagrees. */
class FingerprintTest {

    private static final ItemCatalog CATALOG = ItemCatalog.of(IdIndex.of(List.of("a", "b", "c")), Map.of());

    private static Dataset data(List<String> users, int[] start, int[] item, long[] time, float[] value) {
        return Dataset.fromGrouped(IdIndex.of(users), CATALOG, List.of("rating"), start, item, time, value,
                new short[item.length]);
    }

    @Test
    void theSameEventsInAnotherOrderHaveTheSameFingerprint() {
        Dataset one = data(List.of("u", "v"), new int[]{0, 2, 3}, new int[]{0, 1, 2}, new long[]{10, 20, 30},
                new float[]{5, 4, 3});
        // users in the other order, u's events in the other order
        Dataset two = data(List.of("v", "u"), new int[]{0, 1, 3}, new int[]{2, 1, 0}, new long[]{30, 20, 10},
                new float[]{3, 4, 5});
        assertEquals(one.fingerprint(), two.fingerprint());

        Dataset otherValue = data(List.of("u", "v"), new int[]{0, 2, 3}, new int[]{0, 1, 2}, new long[]{10, 20, 30},
                new float[]{5, 4, 2});
        Dataset otherTime = data(List.of("u", "v"), new int[]{0, 2, 3}, new int[]{0, 1, 2}, new long[]{10, 21, 30},
                new float[]{5, 4, 3});
        Dataset otherUser = data(List.of("u", "w"), new int[]{0, 2, 3}, new int[]{0, 1, 2}, new long[]{10, 20, 30},
                new float[]{5, 4, 3});
        Dataset fewer = data(List.of("u", "v"), new int[]{0, 2, 2}, new int[]{0, 1}, new long[]{10, 20},
                new float[]{5, 4});
        for (Dataset d : List.of(otherValue, otherTime, otherUser, fewer)) {
            assertNotEquals(one.fingerprint(), d.fingerprint());
        }
        Dataset otherCatalogue = Dataset.fromGrouped(IdIndex.of(List.of("u", "v")),
                ItemCatalog.of(IdIndex.of(List.of("a", "c", "b")), Map.of()), List.of("rating"),
                new int[]{0, 2, 3}, new int[]{0, 1, 2}, new long[]{10, 20, 30}, new float[]{5, 4, 3}, new short[3]);
        assertNotEquals(one.fingerprint(), otherCatalogue.fingerprint());
    }
}
