package io.whyrec.explain.counterfactual;

/**
 * Settings of the counterfactual searches; {@link #DEFAULT} holds every default.
 *
 * @param k          length of the recommendation list the item must leave (default 10)
 * @param candidates how many items the "which new event changes the list most" search tries: the best-scored
 *                   items that are neither in the history nor in the current top-K (default 50)
 */
public record CounterfactualConfig(int k, int candidates) {

    /** Top-10 lists, 50 candidate new events. */
    public static final CounterfactualConfig DEFAULT = new CounterfactualConfig(10, 50);

    /** Checks the ranges. */
    public CounterfactualConfig {
        if (k < 1) {
            throw new IllegalArgumentException("CounterfactualConfig.k must be >= 1, got " + k);
        }
        if (candidates < 1) {
            throw new IllegalArgumentException("CounterfactualConfig.candidates must be >= 1, got " + candidates);
        }
    }
}
