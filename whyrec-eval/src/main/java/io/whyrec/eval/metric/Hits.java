package io.whyrec.eval.metric;

import java.util.Set;

/** Shared argument checks and hit counting for the per-user metrics. */
final class Hits {

    private Hits() {
    }

    /** Checks the common arguments of {@link io.whyrec.api.Metric#value}. */
    static void check(String metric, int[] ranked, Set<Integer> relevant, int k) {
        if (k <= 0) {
            throw new IllegalArgumentException(metric + ": cut-off k must be positive, got " + k);
        }
        if (ranked == null || relevant == null) {
            throw new IllegalArgumentException(metric + ": ranked list and relevant set must not be null");
        }
        if (relevant.isEmpty()) {
            throw new IllegalArgumentException(metric + ": relevant set is empty; users without held-out items"
                    + " must not be evaluated");
        }
    }

    /** Number of relevant items among the first min(k, ranked.length) positions. */
    static int count(int[] ranked, Set<Integer> relevant, int k) {
        int n = Math.min(k, ranked.length);
        int hits = 0;
        for (int r = 0; r < n; r++) {
            if (relevant.contains(ranked[r])) {
                hits++;
            }
        }
        return hits;
    }
}
