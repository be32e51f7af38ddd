package io.whyrec.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.IntPredicate;

/**
 * The ranking role: a scorer with a name and parameters that returns the full-ranking top-K items, excluding
 * the ones the caller says (usually the items already in the history).
 */
public interface Recommender extends ItemScorer {

    /** Short model name used on the command line and in reports ("pop", "itemknn", "ease", "profile"). */
    String name();

    /** The hyper-parameters this model was built with, with stable keys, for reports. */
    Map<String, Object> params();

    /**
     * The top-K items by score among those not excluded, best first; ties broken by item index.
     *
     * @param history the weighted history to recommend for
     * @param k       how many items to return
     * @param exclude items that must not be returned (e.g. already seen); may be null
     */
    default List<ScoredItem> recommend(History history, int k, IntPredicate exclude) {
        double[] scores = new double[numItems()];
        score(history, scores);
        return topK(scores, k, exclude);
    }

    /** Selects the top-K entries of a score array with a bounded heap: O(n log k); ties by item index. */
    static List<ScoredItem> topK(double[] scores, int k, IntPredicate exclude) {
        return topK(scores, k, exclude, null);
    }

    /**
     * Selects the top-K entries of a score array with a bounded heap, O(n log k), breaking ties of the score by
     * a second key: the item with the larger {@code tieBreak} value first (the served lists pass each item's
     * number of events, so equal scores are ordered by popularity), then the lower item index. NaN scores are
     * never returned.
     *
     * @param scores   one score per item
     * @param k        how many items to return
     * @param exclude  items that must not be returned; may be null
     * @param tieBreak one value per item deciding equal scores (larger first); null orders ties by index alone
     */
    static List<ScoredItem> topK(double[] scores, int k, IntPredicate exclude, long[] tieBreak) {
        if (k <= 0) {
            return List.of();
        }
        java.util.Comparator<ScoredItem> better = tieBreak == null ? java.util.Comparator.naturalOrder()
                : (a, b) -> {
                    int c = Double.compare(b.score(), a.score());
                    if (c != 0) {
                        return c;
                    }
                    c = Long.compare(tieBreak[b.item()], tieBreak[a.item()]);
                    return c != 0 ? c : Integer.compare(a.item(), b.item());
                };
        PriorityQueue<ScoredItem> heap = new PriorityQueue<>(k + 1, better.reversed());
        // the exclusion test runs only for items that would enter the heap: once it is full, most items score
        // below its worst and are passed over by one comparison
        double worstScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i];
            if (Double.isNaN(s) || (heap.size() == k && s < worstScore)) {
                continue;
            }
            if (exclude != null && exclude.test(i)) {
                continue;
            }
            if (heap.size() < k) {
                heap.add(new ScoredItem(i, s));
            } else {
                ScoredItem worst = heap.peek();
                if (s > worst.score()) {
                    heap.poll();
                    heap.add(new ScoredItem(i, s));
                } else {
                    ScoredItem candidate = new ScoredItem(i, s);
                    if (better.compare(candidate, worst) < 0) {
                        heap.poll();
                        heap.add(candidate);
                    }
                }
            }
            if (heap.size() == k) {
                worstScore = heap.peek().score();
            }
        }
        List<ScoredItem> out = new ArrayList<>(heap);
        out.sort(better);
        return out;
    }
}
