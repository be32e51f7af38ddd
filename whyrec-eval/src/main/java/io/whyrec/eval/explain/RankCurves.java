package io.whyrec.eval.explain;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.ItemScorer;
import io.whyrec.api.WeightedEvent;
import io.whyrec.explain.ScoringAdapter;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Rank-aware deletion curves, reported beside the plain score curve of
 * {@link io.whyrec.explain.quality.DeletionCurve}: remove the first n events of an order, n = 0..N, re-rank
 * every item, and record
 * <ul>
 *   <li>the margin curve {@code max(0, m(n)) / m(0)}, where {@code m(n) = s_item(n) - t(n)} and {@code t(n)}
 *   is the K-th highest score among the competing items (not in the original history, not the item itself):
 *   the score lead that keeps the item in the top-K, clipped at 0 once it has left; NaN when m(0) <= 0;</li>
 *   <li>the in-top-K curve: 1 while the item's rank (tie rule of {@link ScoringAdapter#rankOf}) is at most K,
 *   else 0.</li>
 * </ul>
 * For an {@link AdditiveScorer} the scores after a removal are updated by subtracting the removed event's own
 * score vector (score of the one-event history), which is exact by the additive contract; other models are
 * fully re-scored for each n. Not thread-safe.
 */
public final class RankCurves {

    /** The two curves of one order (N + 1 values each). */
    public record Values(double[] margin, double[] inTopK) {
    }

    private final ItemScorer model;
    private final boolean additive;
    private final int k;
    private final int steps;
    private final double[] scores;
    private final double[] delta;

    /**
     * @param model the model
     * @param k     the list length
     * @param steps N, the number of removal steps
     */
    public RankCurves(ItemScorer model, int k, int steps) {
        this.model = model;
        this.additive = model instanceof AdditiveScorer;
        this.k = k;
        this.steps = steps;
        this.scores = new double[model.numItems()];
        this.delta = new double[model.numItems()];
    }

    /** The curves for removing the events of {@code history} in the given order. */
    public Values curves(History history, int item, int[] order) {
        BitSet exclude = new BitSet();
        for (int i : history.items()) {
            exclude.set(i);
        }
        double[] margin = new double[steps + 1];
        double[] top = new double[steps + 1];
        model.score(history, scores);
        boolean[] keep = new boolean[history.size()];
        Arrays.fill(keep, true);
        double m0 = margin(item, exclude);
        for (int n = 0; n <= steps; n++) {
            if (n > 0 && n <= order.length) {
                int t = order[n - 1];
                keep[t] = false;
                if (additive) {
                    WeightedEvent e = history.event(t);
                    model.score(new History(history.user(), List.of(e)), delta);
                    for (int j = 0; j < scores.length; j++) {
                        scores[j] -= delta[j];
                    }
                } else {
                    model.score(history.keep(keep), scores);
                }
            }
            double m = margin(item, exclude);
            margin[n] = m0 > 0 ? Math.max(0, m) / m0 : Double.NaN;
            top[n] = ScoringAdapter.rankOf(scores, item, exclude::get) <= k ? 1.0 : 0.0;
        }
        return new Values(margin, top);
    }

    /** s_item - (K-th highest competitor score); +infinity when there are fewer than K competitors. */
    private double margin(int item, BitSet exclude) {
        double[] best = new double[k];
        Arrays.fill(best, Double.NEGATIVE_INFINITY);
        for (int j = 0; j < scores.length; j++) {
            if (j == item || exclude.get(j)) {
                continue;
            }
            double s = scores[j];
            if (s > best[k - 1]) {
                int p = k - 1;
                while (p > 0 && best[p - 1] < s) {
                    best[p] = best[p - 1];
                    p--;
                }
                best[p] = s;
            }
        }
        return scores[item] - best[k - 1];
    }
}
