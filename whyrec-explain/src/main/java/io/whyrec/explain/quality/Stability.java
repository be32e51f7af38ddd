package io.whyrec.explain.quality;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stability of a seeded explainer: the mean pairwise Jaccard similarity of the top-m attributed events
 * (m = 3 in the acceptance) across runs with different seeds, e.g. 5. 1 means every seed names the
 * same events; deterministic methods score 1 by construction.
 */
public final class Stability {

    private Stability() {
    }

    /**
     * @param runs attribution vectors of the same (history, item) from different seeds (at least 2)
     * @param top  how many of the most attributed events to compare (m)
     */
    public static double jaccardOfTop(List<double[]> runs, int top) {
        if (runs.size() < 2) {
            throw new IllegalArgumentException("stability needs at least 2 runs, got " + runs.size());
        }
        double sum = 0;
        int pairs = 0;
        for (int a = 0; a < runs.size(); a++) {
            for (int b = a + 1; b < runs.size(); b++) {
                sum += jaccard(topSet(runs.get(a), top), topSet(runs.get(b), top));
                pairs++;
            }
        }
        return sum / pairs;
    }

    /** The positions of the {@code top} largest attributions (ties by position). */
    public static Set<Integer> topSet(double[] attributions, int top) {
        int[] order = Orders.byAttribution(attributions);
        Set<Integer> s = new HashSet<>();
        for (int i = 0; i < Math.min(top, order.length); i++) {
            s.add(order[i]);
        }
        return s;
    }

    /** |A and B| / |A or B|; 1 for two empty sets. */
    public static double jaccard(Set<Integer> a, Set<Integer> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1.0;
        }
        Set<Integer> inter = new HashSet<>(a);
        inter.retainAll(b);
        Set<Integer> union = new HashSet<>(a);
        union.addAll(b);
        return (double) inter.size() / union.size();
    }
}
