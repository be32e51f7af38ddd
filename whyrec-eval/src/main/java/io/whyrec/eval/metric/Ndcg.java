package io.whyrec.eval.metric;

import io.whyrec.api.Metric;
import java.util.Set;

/**
 * NDCG@K with binary gains (Järvelin and Kekäläinen, ACM TOIS 2002): {@code DCG = sum over hits at rank r
 * (1-based, r <= K) of 1 / log2(r + 1)}, divided by the ideal DCG, which puts the relevant items at the first
 * {@code min(K, |relevant|)} positions.
 */
public final class Ndcg implements Metric {

    @Override
    public String name(int k) {
        return "NDCG@" + k;
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double value(int[] ranked, Set<Integer> relevant, int k) {
        Hits.check("NDCG", ranked, relevant, k);
        int n = Math.min(k, ranked.length);
        double dcg = 0;
        for (int r = 0; r < n; r++) {
            if (relevant.contains(ranked[r])) {
                dcg += discount(r + 1);
            }
        }
        double ideal = 0;
        int m = Math.min(k, relevant.size());
        for (int r = 1; r <= m; r++) {
            ideal += discount(r);
        }
        return dcg / ideal;
    }

    /** 1 / log2(rank + 1) for a 1-based rank. */
    static double discount(int rank) {
        return Math.log(2) / Math.log(rank + 1.0);
    }
}
