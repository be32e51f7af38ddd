package io.whyrec.text.index;

import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import java.util.List;

/** Exact top-k by dot product over all vectors: the reference the HNSW recall is measured against. */
public final class BruteForce {

    private BruteForce() {
    }

    /** The exact top-k items by dot product with a query, best first, ties by item index. */
    public static int[] search(List<float[]> vectors, float[] query, int k) {
        double[] scores = new double[vectors.size()];
        for (int i = 0; i < scores.length; i++) {
            float[] v = vectors.get(i);
            double s = 0;
            for (int j = 0; j < v.length; j++) {
                s += v[j] * query[j];
            }
            scores[i] = s;
        }
        List<ScoredItem> top = Recommender.topK(scores, k, null);
        return top.stream().mapToInt(ScoredItem::item).toArray();
    }

    /** Recall@k of an approximate result: the share of the exact top-k it contains. */
    public static double recall(int[] exact, int[] approx, int k) {
        int kk = Math.min(k, exact.length);
        if (kk == 0) {
            return 1.0;
        }
        java.util.Set<Integer> truth = new java.util.HashSet<>();
        for (int i = 0; i < kk; i++) {
            truth.add(exact[i]);
        }
        int hit = 0;
        for (int i = 0; i < Math.min(k, approx.length); i++) {
            if (truth.contains(approx[i])) {
                hit++;
            }
        }
        return hit / (double) kk;
    }
}
