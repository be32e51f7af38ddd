package io.whyrec.core.model;

import io.whyrec.api.History;
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
}
