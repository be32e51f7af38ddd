package io.whyrec.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.Recommender;
import io.whyrec.api.WeightedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small shared fixtures for the model tests. */
final class Fixtures {

    private Fixtures() {
    }

    /**
     * The 4 users x 3 items fixture used by the hand computations:
     * u0 = {0, 1}, u1 = {1, 2}, u2 = {0, 1, 2}, u3 = {2}.
     * Item users: 0 -> {u0, u2} (2), 1 -> {u0, u1, u2} (3), 2 -> {u1, u2, u3} (3).
     * Common users: (0,1) = 2, (0,2) = 1, (1,2) = 2.
     */
    static BinaryMatrix tiny() {
        return BinaryMatrix.of(3, new int[][] {{0, 1}, {1, 2}, {0, 1, 2}, {2}});
    }

    /** A history of the given items with the given weights. */
    static History history(int[] items, double[] weights) {
        List<WeightedEvent> events = new ArrayList<>();
        for (int t = 0; t < items.length; t++) {
            events.add(WeightedEvent.unit(items[t], t).withWeight(weights[t]));
        }
        return new History(0, events);
    }

    /** A seeded random binary matrix with about {@code density * users * items} entries. */
    static BinaryMatrix random(int users, int items, double density, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] rows = new int[users][];
        for (int u = 0; u < users; u++) {
            List<Integer> r = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                // skewed popularity so the Gram matrix is not close to diagonal
                if (random.nextDouble() < density * 2.0 * (items - i) / items) {
                    r.add(i);
                }
            }
            rows[u] = r.stream().mapToInt(Integer::intValue).toArray();
        }
        return BinaryMatrix.of(items, rows);
    }

    /** A random history of {@code length} distinct items with weights in (0, 2). */
    static History randomHistory(int items, int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] perm = random.ints(0, items).distinct().limit(length).toArray();
        double[] w = new double[length];
        for (int t = 0; t < length; t++) {
            w[t] = 2.0 * random.nextDouble() + 1e-3;
        }
        return history(perm, w);
    }

    /** A model's scores of every item for a history. */
    static double[] scores(Recommender model, History h) {
        double[] s = new double[model.numItems()];
        model.score(h, s);
        return s;
    }

    /**
     * A seeded random history over {@code items} items with repeated items, events against their item (negative
     * weights) and muted events (weight 0), so every case of a model's rule for events is exercised.
     */
    static History messyHistory(int items, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<WeightedEvent> events = new ArrayList<>();
        int length = 1 + random.nextInt(25);
        for (int t = 0; t < length; t++) {
            double u = random.nextDouble();
            double w = u < 0.1 ? 0.0 : u < 0.25 ? -random.nextDouble() : 2.0 * random.nextDouble() + 1e-3;
            events.add(WeightedEvent.unit(random.nextInt(items), t).withWeight(w));
        }
        return new History(0, events);
    }

    /**
     * Checks one item's exact contributions: {@code model.contributions(h, item)} equals the batched row bit for
     * bit, a muted event contributes 0, and the contributions sum to the score within {@code 1e-9} of the larger
     * of {@code |score|} and the sum of their absolute values.
     *
     * @param score   the model's score of the item for h
     * @param batched the item's row of {@code model.contributions(h, items)}
     * @param label   what the failure messages name
     * @return the sum of the contributions' absolute values
     */
    static double assertExactContributions(AdditiveScorer model, History h, int item, double score,
            double[] batched, String label) {
        double[] c = model.contributions(h, item);
        assertArrayEquals(c, batched, 0.0, "batched contributions differ from the single-item ones");
        double sum = 0;
        double abs = 0;
        for (int t = 0; t < c.length; t++) {
            sum += c[t];
            abs += Math.abs(c[t]);
            if (h.event(t).weight() == 0.0) {
                assertEquals(0.0, c[t], "a muted event contributes");
            }
        }
        assertEquals(score, sum, 1e-9 * Math.max(Math.abs(score), abs), label);
        return abs;
    }
}
