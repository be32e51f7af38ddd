package io.whyrec.eval.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    private static double[] sample(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble() < 0.3 ? random.nextDouble() : 0.0;
        }
        return v;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    @Test
    void intervalContainsTheMean() {
        for (long seed = 0; seed < 10; seed++) {
            double[] v = sample(200, seed);
            Interval ci = new Bootstrap(seed).mean(v);
            assertTrue(ci.contains(mean(v)), ci + " vs " + mean(v));
            assertTrue(ci.width() > 0);
        }
    }

    @Test
    void intervalNarrowsWithMoreUsers() {
        Bootstrap b = new Bootstrap(5);
        double small = b.mean(sample(50, 1)).width();
        double large = b.mean(sample(5000, 1)).width();
        // the width shrinks like 1/sqrt(n): 10x narrower for 100x users, allow a wide margin
        assertTrue(large < small / 4, small + " vs " + large);
    }

    @Test
    void identicalModelsHaveAZeroDifference() {
        double[] v = sample(300, 2);
        Interval ci = new Bootstrap(11).pairedDifference(v, v.clone());
        assertEquals(0.0, ci.lo(), 0.0);
        assertEquals(0.0, ci.hi(), 0.0);
    }

    @Test
    void seededAndReproducible() {
        double[] v = sample(100, 3);
        assertEquals(new Bootstrap(1000, 42).mean(v), new Bootstrap(1000, 42).mean(v));
        assertNotEquals(new Bootstrap(1000, 42).mean(v), new Bootstrap(1000, 43).mean(v));
    }

    @Test
    void pairingDetectsASmallConsistentGain() {
        // model b = a + 0.01 for every user: the separate intervals overlap, the paired one excludes 0
        double[] a = sample(400, 4);
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i] + 0.01;
        }
        Bootstrap boot = new Bootstrap(6);
        Interval ia = boot.mean(a);
        Interval ib = boot.mean(b);
        assertTrue(ia.hi() > ib.lo(), "separate intervals overlap");
        Interval diff = boot.pairedDifference(b, a);
        assertFalse(diff.contains(0.0));
        assertEquals(0.01, diff.lo(), 1e-12);
        assertEquals(0.01, diff.hi(), 1e-12);
    }

    @Test
    void quantileInterpolatesLinearly() {
        // positions (n-1) q: 0.025 * 4 = 0.1 -> 1 + 0.1 * (2 - 1) = 1.1; 0.975 * 4 = 3.9 -> 4 + 0.9 = 4.9
        double[] sorted = {1, 2, 3, 4, 5};
        assertEquals(1.1, Bootstrap.quantile(sorted, 0.025), 1e-12);
        assertEquals(4.9, Bootstrap.quantile(sorted, 0.975), 1e-12);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Bootstrap(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Bootstrap(0).mean(new double[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Bootstrap(0).pairedDifference(new double[2], new double[3]));
        assertTrue(e.getMessage().contains("same users"));
    }

    private static RankingResult result(int[] users, double[] ndcg, double[] recall) {
        java.util.Map<String, double[]> perUser = new java.util.LinkedHashMap<>();
        perUser.put("ndcg@10", ndcg);
        perUser.put("recall@10", recall);
        return new RankingResult(10, users, perUser, java.util.Map.of(), new int[users.length][0]);
    }

    @Test
    void aRankingResultsIntervalsAreThoseOfEachMetricInItsOrder() {
        int[] users = java.util.stream.IntStream.range(0, 300).toArray();
        double[] ndcg = sample(300, 1);
        double[] recall = sample(300, 2);
        double[] other = sample(300, 3);
        Bootstrap b = new Bootstrap(9);
        java.util.Map<String, Interval> means = b.means(result(users, ndcg, recall));
        assertEquals(java.util.List.of("ndcg@10", "recall@10"), java.util.List.copyOf(means.keySet()));
        assertEquals(b.mean(ndcg), means.get("ndcg@10"));
        assertEquals(b.mean(recall), means.get("recall@10"));
        java.util.Map<String, Interval> paired = b.pairedDifferences(result(users, ndcg, recall),
                result(users, other, ndcg));
        assertEquals(b.pairedDifference(ndcg, other), paired.get("ndcg@10"));
        assertEquals(b.pairedDifference(recall, ndcg), paired.get("recall@10"));
        int[] shifted = java.util.stream.IntStream.range(1, 301).toArray();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> b.pairedDifferences(result(users, ndcg, recall), result(shifted, ndcg, recall)));
        assertTrue(e.getMessage().contains("different users"), e.getMessage());
    }
}
