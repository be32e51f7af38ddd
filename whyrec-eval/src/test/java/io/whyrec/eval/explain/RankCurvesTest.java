package io.whyrec.eval.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.ItemScorer;
import io.whyrec.api.WeightedEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed margin and in-top-K deletion curves, for the additive shortcut and for full re-scoring. */
class RankCurvesTest {

    /** s_j = sum_t w_t B[item_t][j] over 5 items. */
    static final class Linear implements AdditiveScorer {
        final double[][] b;

        Linear(double[][] b) {
            this.b = b;
        }

        @Override
        public int numItems() {
            return b[0].length;
        }

        @Override
        public void score(History history, double[] out) {
            java.util.Arrays.fill(out, 0);
            for (WeightedEvent e : history.events()) {
                for (int j = 0; j < out.length; j++) {
                    out[j] += e.weight() * b[e.item()][j];
                }
            }
        }

        @Override
        public double[] contributions(History history, int item) {
            double[] c = new double[history.size()];
            for (int t = 0; t < c.length; t++) {
                c[t] = history.event(t).weight() * b[history.event(t).item()][item];
            }
            return c;
        }
    }

    // rows: B[0] = [0 0 3 1 2], B[1] = [0 0 1 2 0]; history = items 0 and 1, weight 1 each
    // full scores: item2 = 4, item3 = 3, item4 = 2 -> item 2 is rank 1; K = 1; competitors of item 2: 3 and 4
    static final Linear MODEL = new Linear(new double[][] {
        {0, 0, 3, 1, 2}, {0, 0, 1, 2, 0}, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}});
    static final History H = new History(0, List.of(WeightedEvent.unit(0, 1), WeightedEvent.unit(1, 2)));

    @Test
    void removingTheStrongEventFirstDropsTheItem() {
        for (ItemScorer model : List.of(MODEL, opaque(MODEL))) {
            RankCurves.Values v = new RankCurves(model, 1, 2).curves(H, 2, new int[] {0, 1});
            // n=0: m0 = 4 - 3 = 1 -> 1.  n=1 (event 0 gone): scores 1, 2, 0 -> m = 1 - 2 = -1 -> clipped 0, rank 2.
            // n=2 (empty): all 0 -> m = 0 -> 0; ties go to the lower index, so item 2 is rank 1 again.
            assertArrayEquals(new double[] {1, 0, 0}, v.margin(), 1e-12);
            assertArrayEquals(new double[] {1, 0, 1}, v.inTopK(), 1e-12);
        }
    }

    @Test
    void removingTheWeakEventFirstKeepsTheLead() {
        for (ItemScorer model : List.of(MODEL, opaque(MODEL))) {
            RankCurves.Values v = new RankCurves(model, 1, 3).curves(H, 2, new int[] {1, 0});
            // n=1 (event 1 gone): scores 3, 1, 2 -> m = 3 - 2 = 1 -> 1; n=2: 0; n=3: the history is exhausted, flat
            assertArrayEquals(new double[] {1, 1, 0, 0}, v.margin(), 1e-12);
            assertArrayEquals(new double[] {1, 1, 1, 1}, v.inTopK(), 1e-12);
        }
    }

    @Test
    void subsampleIsSeededSortedAndComplete() {
        int[] users = {9, 3, 5, 7, 1};
        assertArrayEquals(users, ExplanationEvaluation.subsample(users, 0, 1));
        int[] a = ExplanationEvaluation.subsample(users, 3, 11);
        assertArrayEquals(a, ExplanationEvaluation.subsample(users, 3, 11));
        assertEquals(3, a.length);
        assertEquals(3, java.util.Arrays.stream(a).distinct().count());
        for (int i = 1; i < a.length; i++) {
            assertEquals(true, a[i - 1] < a[i]);
        }
    }

    /** The same model seen only as an ItemScorer, so RankCurves re-scores in full. */
    static ItemScorer opaque(ItemScorer m) {
        return new ItemScorer() {
            @Override
            public int numItems() {
                return m.numItems();
            }

            @Override
            public void score(History history, double[] out) {
                m.score(history, out);
            }
        };
    }
}
