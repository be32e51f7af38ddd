package io.whyrec.explain.whynot;

/**
 * Settings of the "why not X?" search; {@link #DEFAULT} holds every default.
 *
 * @param k          length of the recommendation list the item should enter (default 10)
 * @param candidates how many catalogue items the add search considers as new events: for an additive model
 *                   those whose single event raises the item most relative to the K-th item, for other models
 *                   the best-scored items (default 50)
 * @param maxAdd     most new events the add search appends; 0 turns that search off (default 5)
 * @param maxRemove  most history events the remove search may take out, which also bounds its re-rankings;
 *                   0 turns that search off (default 30)
 */
public record WhyNotConfig(int k, int candidates, int maxAdd, int maxRemove) {

    /** Top-10 lists, 50 candidate new items, at most 5 added and 30 removed events. */
    public static final WhyNotConfig DEFAULT = new WhyNotConfig(10, 50, 5, 30);

    /** Checks the ranges. */
    public WhyNotConfig {
        if (k < 1) {
            throw new IllegalArgumentException("WhyNotConfig.k must be >= 1, got " + k);
        }
        if (candidates < 1) {
            throw new IllegalArgumentException("WhyNotConfig.candidates must be >= 1, got " + candidates);
        }
        if (maxAdd < 0) {
            throw new IllegalArgumentException("WhyNotConfig.maxAdd must be >= 0, got " + maxAdd);
        }
        if (maxRemove < 0) {
            throw new IllegalArgumentException("WhyNotConfig.maxRemove must be >= 0, got " + maxRemove);
        }
    }

    /** The same settings with another list length. */
    public WhyNotConfig withK(int newK) {
        return new WhyNotConfig(newK, candidates, maxAdd, maxRemove);
    }
}
