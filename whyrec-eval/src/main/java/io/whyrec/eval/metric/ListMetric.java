package io.whyrec.eval.metric;

import java.util.List;

/**
 * A metric over the recommendation lists of all evaluated users together (catalogue coverage, novelty), as
 * opposed to a per-user {@link io.whyrec.api.Metric} that is averaged over users. Such a value has no per-user
 * breakdown, so reports give it without a bootstrap interval.
 */
public interface ListMetric {

    /** Display name including the cut-off, e.g. "Coverage@10". */
    String name(int k);

    /** True when larger values are better. */
    boolean higherIsBetter();

    /**
     * The metric's value over all evaluated users.
     *
     * @param rankings one ranked list per evaluated user, best first (each at most k long is read)
     * @param stats    the candidate set and item popularity of the training data
     * @param k        the cut-off
     */
    double value(List<int[]> rankings, CatalogueStats stats, int k);
}
