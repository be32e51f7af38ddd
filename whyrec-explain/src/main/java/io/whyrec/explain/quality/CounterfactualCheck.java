package io.whyrec.explain.quality;

import io.whyrec.api.Counterfactual;
import io.whyrec.api.History;
import io.whyrec.api.ItemScorer;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Counterfactual necessity and sufficiency (Tan, Xu, Geng, Fu, Li and Zhang, "Counterfactual explainable
 * recommendation", CIKM 2021), checked by an independent re-ranking: this class scores the edited histories
 * itself with {@link ItemScorer#score} and {@link Recommender#topK}, not through the search that built the
 * set. For one explanation with removed event set S:
 * <ul>
 *   <li>necessary: the item is NOT in the top-K of the history without S;</li>
 *   <li>sufficient: the item IS in the top-K of the history with only S;</li>
 * </ul>
 * both among the items not in the original history. Over many explanations, PN and PS are the shares of
 * necessary and sufficient ones and FNS is their harmonic mean {@code 2 PN PS / (PN + PS)}. Add every
 * explanation, including those whose search failed: their set is then judged like any other.
 */
public final class CounterfactualCheck {

    /** The verdict on one counterfactual. */
    public record Outcome(boolean necessary, boolean sufficient) {
    }

    private final ItemScorer model;
    private long count;
    private long necessary;
    private long sufficient;

    /** A check against a model's rankings. */
    public CounterfactualCheck(ItemScorer model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** Checks one counterfactual of {@code item} for {@code history} and adds it to the totals. */
    public Outcome add(History history, int item, Counterfactual cf) {
        int n = history.size();
        boolean[] without = new boolean[n];
        boolean[] only = new boolean[n];
        java.util.Arrays.fill(without, true);
        for (int p : cf.removedPositions()) {
            if (p < 0 || p >= n) {
                throw new IllegalArgumentException("counterfactual position " + p + " outside a history of " + n);
            }
            without[p] = false;
            only[p] = true;
        }
        BitSet seen = new BitSet();
        for (int i : history.items()) {
            seen.set(i);
        }
        boolean nec = !inTopK(history.keep(without), item, cf.k(), seen);
        boolean suf = inTopK(history.keep(only), item, cf.k(), seen);
        count++;
        necessary += nec ? 1 : 0;
        sufficient += suf ? 1 : 0;
        return new Outcome(nec, suf);
    }

    private boolean inTopK(History h, int item, int k, BitSet exclude) {
        double[] scores = new double[model.numItems()];
        model.score(h, scores);
        List<ScoredItem> top = Recommender.topK(scores, k, exclude::get);
        Set<Integer> items = new HashSet<>();
        for (ScoredItem s : top) {
            items.add(s.item());
        }
        return items.contains(item);
    }

    /** Number of counterfactuals checked. */
    public long count() {
        return count;
    }

    /** Probability of necessity: share of checked sets whose removal drops the item. */
    public double pn() {
        return count == 0 ? Double.NaN : (double) necessary / count;
    }

    /** Probability of sufficiency: share of checked sets that alone keep the item in the top-K. */
    public double ps() {
        return count == 0 ? Double.NaN : (double) sufficient / count;
    }

    /** Harmonic mean of PN and PS (0 when both are 0). */
    public double fns() {
        double pn = pn();
        double ps = ps();
        return pn + ps == 0 ? 0.0 : 2 * pn * ps / (pn + ps);
    }
}
