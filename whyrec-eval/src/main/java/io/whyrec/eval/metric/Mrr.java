package io.whyrec.eval.metric;

import io.whyrec.api.Metric;
import java.util.Set;

/** Reciprocal rank MRR@K: 1 / (1-based rank of the first relevant item) if it is within the top K, else 0. */
public final class Mrr implements Metric {

    @Override
    public String name(int k) {
        return "MRR@" + k;
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double value(int[] ranked, Set<Integer> relevant, int k) {
        Hits.check("MRR", ranked, relevant, k);
        int n = Math.min(k, ranked.length);
        for (int r = 0; r < n; r++) {
            if (relevant.contains(ranked[r])) {
                return 1.0 / (r + 1);
            }
        }
        return 0.0;
    }
}
