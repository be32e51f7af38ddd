package io.whyrec.api;

import java.util.Set;

/**
 * A per-user top-K ranking metric. One class per metric says its name, whether higher is better, and computes
 * the value for one user's ranked list against that user's relevant items.
 */
public interface Metric {

    /** Display name including the cut-off, e.g. "NDCG@10". */
    String name(int k);

    /** True when larger values are better. */
    boolean higherIsBetter();

    /**
     * The metric's value for one user.
     *
     * @param ranked   recommended item indices, best first (may be shorter than k)
     * @param relevant the user's held-out relevant items (non-empty)
     * @param k        the cut-off
     */
    double value(int[] ranked, Set<Integer> relevant, int k);
}
