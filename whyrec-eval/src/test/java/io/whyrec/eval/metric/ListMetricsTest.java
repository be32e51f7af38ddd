package io.whyrec.eval.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.whyrec.core.data.Dataset;
import io.whyrec.eval.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListMetricsTest {

    private static final double EPS = 1e-9;

    private final List<int[]> rankings = List.of(new int[] {0, 1}, new int[] {1, 2}, new int[] {1, 3});

    @Test
    void coverageCountsDistinctItemsWithinTheCutOff() {
        CatalogueStats stats = new CatalogueStats(5, new int[5], 4);
        // K = 2: distinct {0, 1, 2, 3} = 4 of 5 candidates = 0.8
        assertEquals(0.8, new Coverage().value(rankings, stats, 2), EPS);
        // K = 1: distinct {0, 1} = 2 of 5 = 0.4
        assertEquals(0.4, new Coverage().value(rankings, stats, 1), EPS);
        assertEquals("Coverage@2", new Coverage().name(2));
    }

    @Test
    void noveltyIsMeanSelfInformationOverSlots() {
        // 4 users; user popularity of items 0..4 = 1, 4, 2, 2, 0
        CatalogueStats stats = new CatalogueStats(5, new int[] {1, 4, 2, 2, 0}, 4);
        // slots at K = 2: item 0 -> -log2(1/4) = 2; item 1 (three times) -> -log2(4/4) = 0;
        // item 2 -> -log2(2/4) = 1; item 3 -> 1. Mean over 6 slots = (2 + 0 + 0 + 1 + 0 + 1) / 6 = 2/3
        assertEquals(2.0 / 3, new Novelty().value(rankings, stats, 2), EPS);
        // K = 1: items 0, 1, 1 -> (2 + 0 + 0) / 3
        assertEquals(2.0 / 3, new Novelty().value(rankings, stats, 1), EPS);
        // an item never seen in training counts as popularity 1: -log2(1/4) = 2
        assertEquals(2.0, new Novelty().value(List.of(new int[] {4}), stats, 1), EPS);
    }

    @Test
    void statsCountDistinctUsersPerItem() {
        // user 0 views item 1 twice and item 0 once; user 1 views item 1; user 2 has no events
        Dataset train = TestData.dataset(3, 3, new int[][] {{0, 1, 1}, {0, 1, 2}, {0, 0, 3}, {1, 1, 4}});
        CatalogueStats stats = CatalogueStats.of(train, 2);
        assertArrayEquals(new int[] {1, 2, 0}, stats.userPopularity());
        assertEquals(2, stats.numUsers());
        assertEquals(2, stats.numCandidates());
    }
}
