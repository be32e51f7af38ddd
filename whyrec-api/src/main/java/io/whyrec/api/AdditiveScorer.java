package io.whyrec.api;

/**
 * Capability of models whose score is a sum over the weighted history,
 * {@code s_j = sum_t w_t * B[item_t, j]} (EASE, ItemKNN, the profile model). For such models the contribution
 * of each event is exact: the contributions returned here sum to the model's score with no approximation.
 */
public interface AdditiveScorer extends ItemScorer {

    /**
     * Contribution of each history event to the score of one item.
     *
     * @param history the weighted history
     * @param item    dense index of the scored item
     * @return one value per event, in history order, summing to {@code score(history)[item]}
     */
    double[] contributions(History history, int item);

    /**
     * Contributions of several items, {@code out[r]} equal to {@link #contributions(History, int)
     * contributions(history, items[r])} bit for bit. The default calls that method once per item; models override
     * it to read each history event once for the whole list (what a top-K list with explanations costs on a long
     * history).
     *
     * @param history the weighted history
     * @param items   dense indices of the scored items
     * @return one array per item, in the order of {@code items}
     */
    default double[][] contributions(History history, int[] items) {
        double[][] out = new double[items.length][];
        for (int r = 0; r < items.length; r++) {
            out[r] = contributions(history, items[r]);
        }
        return out;
    }
}
