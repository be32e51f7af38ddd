package io.whyrec.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.whyrec.api.ScoredItem;
import io.whyrec.api.History;
import java.util.List;
import org.junit.jupiter.api.Test;

class PopularityTest {

    /*
     * Tiny fixture: users per item = [2, 3, 3]; repeated events of one user count once.
     * Ranking: item 1 (3), item 2 (3, tie broken by the smaller index), item 0 (2).
     * With item 1 in the history and excluded: item 2, item 0.
     */
    @Test
    void ranksByDistinctUsersAndExcludesSeenItems() {
        Popularity pop = Popularity.fit(BinaryMatrix.of(3, new int[][] {{0, 1, 1}, {1, 2}, {0, 1, 2}, {2, 2}}));
        assertEquals(2, pop.count(0));
        assertEquals(3, pop.count(1));
        History none = Fixtures.history(new int[0], new double[0]);
        assertEquals(List.of(new ScoredItem(1, 3), new ScoredItem(2, 3), new ScoredItem(0, 2)), pop.recommend(none, 3, null));
        History seen = Fixtures.history(new int[] {1}, new double[] {1});
        assertEquals(List.of(new ScoredItem(2, 3), new ScoredItem(0, 2)), pop.recommend(seen, 5, Seen.itemsOf(seen)));
    }
}
