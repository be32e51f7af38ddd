package io.whyrec.text.coldstart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.Split;
import io.whyrec.core.data.Splits;
import io.whyrec.core.synth.SyntheticConfig;
import io.whyrec.core.synth.SyntheticData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColdStartSplitTest {

    @Test
    void coldItemsLoseEveryTrainingEventAndNoEventIsLost() {
        Dataset data = SyntheticData.generate(SyntheticConfig.DEFAULT.withSize(80, 100), 4).dataset();
        Split given = Splits.randomRatio(data, 0.8, 1);
        ColdStartSplit cold = ColdStartSplit.of(given, 0.2, 42);
        int active = (int) java.util.Arrays.stream(data.itemCounts()).filter(c -> c > 0).count();
        assertEquals(Math.round(0.2 * active), cold.cold().cardinality());
        int[] trainCounts = cold.split().train().itemCounts();
        int[] testCounts = cold.split().test().itemCounts();
        int[] all = data.itemCounts();
        for (int i = 0; i < data.numItems(); i++) {
            if (cold.cold().get(i)) {
                assertEquals(0, trainCounts[i]);
                assertEquals(all[i], testCounts[i], "every event of cold item " + i + " is in test");
            }
        }
        assertEquals(data.numEvents(), cold.split().train().numEvents() + cold.split().test().numEvents());
        // same seed, same items; another seed, other items
        assertEquals(cold.cold(), ColdStartSplit.of(given, 0.2, 42).cold());
        assertTrue(!cold.cold().equals(ColdStartSplit.of(given, 0.2, 43).cold()));
        ColdItemProtocol p = new ColdItemProtocol(cold, 0.2, 10, io.whyrec.eval.protocol.EvalSettings.defaults());
        assertTrue(p.users().length > 0);
        assertTrue(p.validation(7).numColdItems() > 0);
    }

    /** Scores (5, 3, 3, 3, 1): the three tied items are permuted by seed; 5 stays first and 1 last. */
    @Test
    void seededTieBreakKeepsDistinctScoresInOrderAndPermutesTies() {
        Recommender base = new Recommender() {
            @Override
            public String name() {
                return "fixed";
            }

            @Override
            public Map<String, Object> params() {
                return Map.of();
            }

            @Override
            public int numItems() {
                return 5;
            }

            @Override
            public void score(History history, double[] out) {
                System.arraycopy(new double[] {5, 3, 3, 3, 1}, 0, out, 0, 5);
            }
        };
        History empty = new History(-1, List.of());
        java.util.Set<String> orders = new java.util.HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            int[] ranked = new SeededTieBreak(base, seed).recommend(empty, 5, null).stream()
                    .mapToInt(ScoredItem::item).toArray();
            assertEquals(0, ranked[0]);
            assertEquals(4, ranked[4]);
            orders.add(java.util.Arrays.toString(ranked));
            assertArrayEquals(ranked, new SeededTieBreak(base, seed).recommend(empty, 5, null).stream()
                    .mapToInt(ScoredItem::item).toArray());
        }
        assertEquals(6, orders.size(), "all 3! orders of the tied items appear over 20 seeds: " + orders);
    }
}
