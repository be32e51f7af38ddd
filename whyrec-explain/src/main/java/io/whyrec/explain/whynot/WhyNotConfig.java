package io.whyrec.explain.whynot;

/**
 * Settings of the "why not X?" search; {@link #DEFAULT} holds every default.
 *
 * @param k          length of the recommendation list the item should enter (default 10)
 * @param candidates how many catalogue items the greedy search considers per kind of move: as new events, for an
 *                   additive model those whose single event raises the item most relative to the K-th item, for
 *                   other models the best-scored items; as items to mark "not interested" (additive models
 *                   only), the best-scored competitors at each step (default 100)
 * @param maxChange  most events the greedy search changes (added, dismissed and removed together); 0 turns that
 *                   search off (default 200)
 * @param maxRemove  most history events the searches may take out (the remove search's prefix and the greedy
 *                   search's candidates), which also bounds the remove search's re-rankings; 0 turns removal
 *                   off (default 100)
 */
public record WhyNotConfig(int k, int candidates, int maxChange, int maxRemove) {

    /** Top-10 lists, 100 candidates per kind of move, at most 200 changed and 100 removed events. */
    public static final WhyNotConfig DEFAULT = new WhyNotConfig(10, 100, 200, 100);

    /** Checks the ranges. */
    public WhyNotConfig {
        if (k < 1) {
            throw new IllegalArgumentException("WhyNotConfig.k must be >= 1, got " + k);
        }
        if (candidates < 1) {
            throw new IllegalArgumentException("WhyNotConfig.candidates must be >= 1, got " + candidates);
        }
        if (maxChange < 0) {
            throw new IllegalArgumentException("WhyNotConfig.maxChange must be >= 0, got " + maxChange);
        }
        if (maxRemove < 0) {
            throw new IllegalArgumentException("WhyNotConfig.maxRemove must be >= 0, got " + maxRemove);
        }
    }

    /** The same settings with another list length. */
    public WhyNotConfig withK(int newK) {
        return new WhyNotConfig(newK, candidates, maxChange, maxRemove);
    }
}
