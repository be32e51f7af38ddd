package io.whyrec.api;

/**
 * The scoring role: given a (possibly masked or edited) weighted history, score every item of the catalogue.
 * Model-agnostic explainers need nothing more than this.
 */
public interface ItemScorer {

    /** Number of items in the catalogue; scores are indexed 0..numItems()-1. */
    int numItems();

    /**
     * Scores every item for a history.
     *
     * @param history the weighted history to score for
     * @param out     array of length {@link #numItems()} that receives the scores
     */
    void score(History history, double[] out);
}
