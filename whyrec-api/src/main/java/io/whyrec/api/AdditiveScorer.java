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
}
