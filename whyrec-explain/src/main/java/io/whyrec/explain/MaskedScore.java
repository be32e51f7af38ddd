package io.whyrec.explain;

import io.whyrec.api.History;

/**
 * The score of one item as a function of which events of one fixed history are kept:
 * {@code f(keep) = score(history.keep(keep))[item]}. For an additive model this is the sum of the kept events'
 * contributions (computed once); otherwise every call is a full model scoring. Obtained from
 * {@link ScoringAdapter#masked}; not thread-safe.
 */
public final class MaskedScore {

    private final History history;
    private final int item;
    private final double[] contributions;
    private final ScoringAdapter full;
    private final double total;
    private boolean[] scratch;
    private long evaluations;

    MaskedScore(History history, int item, double[] contributions, ScoringAdapter full) {
        this.history = history;
        this.item = item;
        this.contributions = contributions;
        this.full = full;
        double t = 0;
        if (contributions != null) {
            for (double c : contributions) {
                t += c;
            }
        }
        this.total = t;
    }

    /** Number of events of the history. */
    public int size() {
        return history.size();
    }

    /** The history whose events are masked. */
    public History history() {
        return history;
    }

    /** The scored item. */
    public int item() {
        return item;
    }

    /** How many masked histories have been scored so far. */
    public long evaluations() {
        return evaluations;
    }

    /** The item's score when only the events whose flag is true are kept. */
    public double apply(boolean[] keep) {
        if (keep.length != history.size()) {
            throw new IllegalArgumentException("mask has " + keep.length + " entries for " + history.size() + " events");
        }
        evaluations++;
        if (contributions != null) {
            double s = 0;
            for (int t = 0; t < keep.length; t++) {
                if (keep[t]) {
                    s += contributions[t];
                }
            }
            return s;
        }
        return full.scoreBuffered(history.keep(keep), item);
    }

    /**
     * The item's score for a mask given by a list of positions: the listed positions are the kept events when
     * {@code listedKept} is true, else the removed ones. For an additive model this costs O(len) instead of
     * O(history); otherwise the mask is built and the history fully scored.
     *
     * @param idx        positions (the first {@code len} entries are used; no duplicates)
     * @param len        number of listed positions
     * @param listedKept whether the listed positions are kept (true) or removed (false)
     */
    public double applyListed(int[] idx, int len, boolean listedKept) {
        if (contributions != null) {
            evaluations++;
            double s = 0;
            for (int i = 0; i < len; i++) {
                s += contributions[idx[i]];
            }
            return listedKept ? s : total - s;
        }
        if (scratch == null) {
            scratch = new boolean[history.size()];
        }
        java.util.Arrays.fill(scratch, !listedKept);
        for (int i = 0; i < len; i++) {
            scratch[idx[i]] = listedKept;
        }
        return apply(scratch);
    }

    /** The score with every event kept. */
    public double all() {
        boolean[] keep = new boolean[history.size()];
        java.util.Arrays.fill(keep, true);
        return apply(keep);
    }

    /** The score with no event kept (the empty history). */
    public double none() {
        return apply(new boolean[history.size()]);
    }
}
