package io.whyrec.eval.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Metric;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PerUserMetricsTest {

    private static final double EPS = 1e-9;
    private final Metric recall = new Recall();
    private final Metric ndcg = new Ndcg();
    private final Metric hr = new HitRate();
    private final Metric mrr = new Mrr();
    private final Metric precision = new Precision();

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** Row 1: hits at ranks 1 and 3, four relevant items, K = 5. */
    @Test
    void hitsAtRanksOneAndThreeWithFourRelevant() {
        int[] ranked = {7, 3, 9, 1, 5};
        Set<Integer> relevant = Set.of(7, 9, 2, 4);
        // Recall = 2 hits / min(5, 4) = 0.5
        assertEquals(0.5, recall.value(ranked, relevant, 5), EPS);
        // NDCG = (1 + 1/log2(4)) / (1 + 1/log2(3) + 1/log2(4) + 1/log2(5)) = 1.5 / 2.561606 = 0.585570
        double expected = (1 + 1 / log2(4)) / (1 + 1 / log2(3) + 1 / log2(4) + 1 / log2(5));
        assertEquals(0.585570, expected, 1e-6);
        assertEquals(expected, ndcg.value(ranked, relevant, 5), EPS);
        // HR = 1 (a hit); MRR = 1/1 (first hit at rank 1); Precision = 2 / 5 = 0.4
        assertEquals(1.0, hr.value(ranked, relevant, 5), EPS);
        assertEquals(1.0, mrr.value(ranked, relevant, 5), EPS);
        assertEquals(0.4, precision.value(ranked, relevant, 5), EPS);
    }

    /** Row 2: a single relevant item at rank 3, K = 3. */
    @Test
    void singleHitAtRankThree() {
        int[] ranked = {4, 5, 6};
        Set<Integer> relevant = Set.of(6);
        // Recall = 1 / min(3, 1) = 1; NDCG = (1/log2(4)) / 1 = 0.5; MRR = 1/3; Precision = 1/3
        assertEquals(1.0, recall.value(ranked, relevant, 3), EPS);
        assertEquals(0.5, ndcg.value(ranked, relevant, 3), EPS);
        assertEquals(1.0, hr.value(ranked, relevant, 3), EPS);
        assertEquals(1.0 / 3, mrr.value(ranked, relevant, 3), EPS);
        assertEquals(1.0 / 3, precision.value(ranked, relevant, 3), EPS);
    }

    /** Row 3: hits only beyond the cut-off count for nothing; with a larger K they count. */
    @Test
    void hitsBeyondCutOffAreIgnored() {
        int[] ranked = {1, 2, 3, 4, 5};
        Set<Integer> relevant = Set.of(4, 5);
        for (Metric m : List.of(recall, ndcg, hr, mrr, precision)) {
            assertEquals(0.0, m.value(ranked, relevant, 3), EPS, m.name(3));
        }
        // K = 5: hits at ranks 4, 5. Recall = 2 / min(5, 2) = 1.
        // NDCG = (1/log2(5) + 1/log2(6)) / (1 + 1/log2(3)) = (0.430677 + 0.386853) / 1.630930 = 0.501266
        assertEquals(1.0, recall.value(ranked, relevant, 5), EPS);
        assertEquals(0.501266, ndcg.value(ranked, relevant, 5), 1e-6);
        assertEquals(0.25, mrr.value(ranked, relevant, 5), EPS);
        assertEquals(0.4, precision.value(ranked, relevant, 5), EPS);
    }

    /** Row 4: more relevant items than K; a full top-K of hits reaches 1 for Recall, NDCG and Precision. */
    @Test
    void moreRelevantThanCutOff() {
        int[] ranked = {1, 2};
        Set<Integer> relevant = Set.of(1, 2, 3, 4);
        // Recall = 2 / min(2, 4) = 1; NDCG ideal over min(2, 4) = 2 positions, so 1; Precision = 2 / 2
        assertEquals(1.0, recall.value(ranked, relevant, 2), EPS);
        assertEquals(1.0, ndcg.value(ranked, relevant, 2), EPS);
        assertEquals(1.0, precision.value(ranked, relevant, 2), EPS);
    }

    /** Row 5: a list shorter than K (few candidates left) still divides precision by K. */
    @Test
    void shortListKeepsTheCutOffDenominators() {
        int[] ranked = {8};
        Set<Integer> relevant = Set.of(8, 9);
        // Recall = 1 / min(10, 2) = 0.5; NDCG = 1 / (1 + 1/log2(3)) = 0.613147; Precision = 1 / 10
        assertEquals(0.5, recall.value(ranked, relevant, 10), EPS);
        assertEquals(1 / (1 + 1 / log2(3)), ndcg.value(ranked, relevant, 10), EPS);
        assertEquals(0.613147, ndcg.value(ranked, relevant, 10), 1e-6);
        assertEquals(0.1, precision.value(ranked, relevant, 10), EPS);
    }

    @Test
    void namesCarryTheCutOff() {
        assertEquals("Recall@10", recall.name(10));
        assertEquals("NDCG@10", ndcg.name(10));
        assertEquals("HR@10", hr.name(10));
        assertEquals("MRR@10", mrr.name(10));
        assertEquals("Precision@10", precision.name(10));
        for (Metric m : Metrics.perUser()) {
            assertTrue(m.higherIsBetter());
        }
    }

    @Test
    void emptyRelevantSetAndBadCutOffAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ndcg.value(new int[] {1}, Set.of(), 10));
        assertTrue(e.getMessage().contains("NDCG") && e.getMessage().contains("empty"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> recall.value(new int[] {1}, Set.of(1), 0));
    }

    /** Bounds: every metric in [0, 1] on random rankings; a perfect ranking gives 1. */
    @Test
    void valuesAreBoundedAndPerfectRankingGivesOne() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 500; trial++) {
            int k = 1 + random.nextInt(20);
            int numItems = 30;
            Set<Integer> relevant = new HashSet<>();
            int nRel = 1 + random.nextInt(10);
            while (relevant.size() < nRel) {
                relevant.add(random.nextInt(numItems));
            }
            int[] perm = new int[numItems];
            for (int i = 0; i < numItems; i++) {
                perm[i] = i;
            }
            for (int i = numItems - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            int[] ranked = java.util.Arrays.copyOf(perm, k);
            for (Metric m : Metrics.perUser()) {
                double v = m.value(ranked, relevant, k);
                assertTrue(v >= 0 && v <= 1 + EPS, m.name(k) + " = " + v);
            }
            // perfect: relevant items first, then the rest
            int[] perfect = new int[numItems];
            int p = 0;
            for (int i : relevant) {
                perfect[p++] = i;
            }
            for (int i = 0; i < numItems; i++) {
                if (!relevant.contains(i)) {
                    perfect[p++] = i;
                }
            }
            assertEquals(1.0, recall.value(perfect, relevant, k), EPS);
            assertEquals(1.0, ndcg.value(perfect, relevant, k), EPS);
            assertEquals(1.0, hr.value(perfect, relevant, k), EPS);
            assertEquals(1.0, mrr.value(perfect, relevant, k), EPS);
            assertEquals(Math.min(k, relevant.size()) / (double) k, precision.value(perfect, relevant, k), EPS);
            // a perfect ranking is never beaten
            assertTrue(ndcg.value(ranked, relevant, k) <= ndcg.value(perfect, relevant, k) + EPS);
        }
    }
}
