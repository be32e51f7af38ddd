package io.whyrec.explain.counterfactual;

import io.whyrec.api.Counterfactual;
import io.whyrec.api.History;
import io.whyrec.api.ItemScorer;
import io.whyrec.api.ScoredItem;
import io.whyrec.explain.PrefixSearch;
import io.whyrec.explain.ScoringAdapter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Finds a small set of history events whose removal drops an item out of the top-K. Every check is a
 * re-ranking: the reduced history is scored in full and the item is ranked among the items that are not in
 * the ORIGINAL history (removing an event does not make its item recommendable again).
 *
 * <ol>
 *   <li>Greedy in attribution order: events sorted by contribution, largest first; the search looks for the
 *   shortest prefix of that order whose removal drops the item. Prefix lengths are tried by doubling
 *   (1, 2, 4, ...) and the boundary is then found by bisection, which costs O(log T) re-rankings instead of
 *   T; every answer it returns has itself been verified by re-ranking.</li>
 *   <li>Pruning: each event of the set, least attributed first, is put back when the item stays out of the
 *   top-K without removing it. The result is minimal in the sense that no single event of it can be
 *   restored.</li>
 * </ol>
 * If removing every event still leaves the item in the top-K, the result has {@code found == false}.
 */
public final class CounterfactualSearch {

    private final ScoringAdapter adapter;
    private final CounterfactualConfig config;

    /** A search over a model's rankings (equal scores ordered by index). */
    public CounterfactualSearch(ItemScorer model, CounterfactualConfig config) {
        this(model, config, null);
    }

    /**
     * A search over rankings whose equal scores are ordered by a tie-break value, larger first (the server's
     * lists pass popularity), as {@code Recommender.topK(scores, k, exclude, tieBreak)} does.
     */
    public CounterfactualSearch(ItemScorer model, CounterfactualConfig config, long[] tieBreak) {
        this.adapter = new ScoringAdapter(model, tieBreak);
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The list length the item must leave. */
    public int k() {
        return config.k();
    }

    /**
     * Searches a counterfactual for an item in the top-K.
     *
     * @param history      the user's full history
     * @param item         an item ranked within the top-K for that history
     * @param attributions one contribution per event (any explainer's), deciding the greedy order
     * @throws IllegalArgumentException when the item is not in the top-K or the attributions do not match
     */
    public Counterfactual find(History history, int item, double[] attributions) {
        return find(history, item, attributions, ScoringAdapter.itemsOf(history));
    }

    /**
     * Searches a counterfactual for an item in the top-K of a list that excludes other items than the history's
     * (the server's lists exclude every item the user has an event on, also events a muted tag keeps out of the
     * history).
     *
     * @param exclude the items the list never shows, before and after the removal
     * @throws IllegalArgumentException when the item is not in the top-K or the attributions do not match
     */
    public Counterfactual find(History history, int item, double[] attributions, IntPredicate exclude) {
        int n = history.size();
        if (attributions.length != n) {
            throw new IllegalArgumentException(attributions.length + " attributions for " + n + " events");
        }
        int k = config.k();
        int originalRank = adapter.rank(history, item, exclude);
        if (originalRank > k) {
            throw new IllegalArgumentException("item " + item + " is at rank " + originalRank
                    + ", not in the top-" + k + ": there is nothing to drop it out of");
        }
        Integer[] boxed = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, Comparator.comparingDouble((Integer t) -> -attributions[t]).thenComparingInt(t -> t));
        int[] order = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();

        // doubling then bisection over prefix lengths of the greedy order (an empty history: one check, false)
        int hi = PrefixSearch.shortest(n, len -> dropsOut(history, item, order, len, exclude));
        if (hi < 0) {
            boolean[] removeAll = new boolean[n];
            return result(history, item, removeAll, originalRank, exclude, false);
        }
        boolean[] keep = new boolean[n];
        Arrays.fill(keep, true);
        for (int i = 0; i < hi; i++) {
            keep[order[i]] = false;
        }
        // pruning: least attributed first, restore an event when the item stays out without removing it
        for (int i = hi - 1; i >= 0; i--) {
            int t = order[i];
            keep[t] = true;
            if (adapter.rank(history.keep(keep), item, exclude) <= k) {
                keep[t] = false;
            }
        }
        return result(history, item, keep, originalRank, exclude, true);
    }

    private boolean dropsOut(History history, int item, int[] order, int len, IntPredicate exclude) {
        boolean[] keep = new boolean[history.size()];
        Arrays.fill(keep, true);
        for (int i = 0; i < len; i++) {
            keep[order[i]] = false;
        }
        return adapter.rank(history.keep(keep), item, exclude) > config.k();
    }

    private Counterfactual result(History history, int item, boolean[] keep, int originalRank, IntPredicate exclude,
                                  boolean searched) {
        int k = config.k();
        History reduced = history.keep(keep);
        List<ScoredItem> before = adapter.topK(history, k, exclude);
        Set<Integer> beforeItems = new HashSet<>();
        for (ScoredItem s : before) {
            beforeItems.add(s.item());
        }
        List<ScoredItem> after = adapter.topK(reduced, k, exclude);
        List<Integer> entering = new ArrayList<>();
        for (ScoredItem s : after) {
            if (!beforeItems.contains(s.item())) {
                entering.add(s.item());
            }
        }
        int newRank = adapter.rank(reduced, item, exclude);
        List<Integer> positions = new ArrayList<>();
        List<Integer> items = new ArrayList<>();
        for (int t = 0; t < keep.length; t++) {
            if (!keep[t]) {
                positions.add(t);
                items.add(history.event(t).item());
            }
        }
        return new Counterfactual(k, positions, items, originalRank, newRank, entering, searched && newRank > k);
    }
}
