package io.whyrec.eval.metric;

import java.util.BitSet;
import java.util.List;

/**
 * Catalogue coverage@K: the number of distinct items that appear in at least one evaluated user's top K,
 * divided by the number of candidate items. A model that recommends the same K items to everyone scores
 * {@code K / numCandidates}.
 */
public final class Coverage implements ListMetric {

    @Override
    public String name(int k) {
        return "Coverage@" + k;
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double value(List<int[]> rankings, CatalogueStats stats, int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("Coverage: cut-off k must be positive, got " + k);
        }
        BitSet seen = new BitSet();
        for (int[] ranked : rankings) {
            int n = Math.min(k, ranked.length);
            for (int r = 0; r < n; r++) {
                seen.set(ranked[r]);
            }
        }
        return (double) seen.cardinality() / stats.numCandidates();
    }
}
