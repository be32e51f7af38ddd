package io.whyrec.explain;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.ItemScorer;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;

import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * The explainers' view of a model: scores a (masked) history for one item or for the whole catalogue, and
 * ranks an item the way {@link Recommender#topK} does (descending score, ties by ascending item index, the
 * history's items excluded).
 *
 * <p>When the model is an {@link AdditiveScorer}, scoring one item costs O(history) instead of
 * O(history x catalogue): the score of a sub-history is the sum of its events' contributions, because the
 * contract {@code s_j = sum_t w_t * B[item_t, j]} makes each event's term independent of the others. The
 * adapter then computes the full history's contributions once per (history, item) and sums the kept ones for
 * each mask ({@link #masked}). Other models are fully re-scored for every mask, into one reused buffer.
 *
 * <p>Not thread-safe (it owns a catalogue-size scratch buffer); use one adapter per thread.
 */
public final class ScoringAdapter {

    private final ItemScorer model;
    private final AdditiveScorer additive;
    private final double[] buffer;
    private final long[] tieBreak;

    /** Wraps a model; additive models get the one-item scoring path. Equal scores are ordered by index. */
    public ScoringAdapter(ItemScorer model) {
        this(model, null);
    }

    /**
     * Wraps a model whose lists order equal scores by a tie-break value (larger first, then index), as
     * {@link Recommender#topK(double[], int, IntPredicate, long[])} does; null for index order alone.
     */
    public ScoringAdapter(ItemScorer model, long[] tieBreak) {
        this.model = Objects.requireNonNull(model, "model");
        this.additive = model instanceof AdditiveScorer a ? a : null;
        this.buffer = new double[model.numItems()];
        if (tieBreak != null && tieBreak.length != model.numItems()) {
            throw new IllegalArgumentException(tieBreak.length + " tie-break values for " + model.numItems() + " items");
        }
        this.tieBreak = tieBreak;
    }

    /** The wrapped model. */
    public ItemScorer model() {
        return model;
    }

    /** Catalogue size. */
    public int numItems() {
        return model.numItems();
    }

    /** The score of one item for a history: the sum of its contributions if additive, else a full scoring. */
    public double scoreOne(History history, int item) {
        checkItem(item);
        if (additive != null) {
            double s = 0;
            for (double c : additive.contributions(history, item)) {
                s += c;
            }
            return s;
        }
        model.score(history, buffer);
        return buffer[item];
    }

    /**
     * The item's score as a function of which events are kept, for one fixed history: what LIME, SHAP and the
     * deletion curves evaluate many times.
     */
    public MaskedScore masked(History history, int item) {
        checkItem(item);
        if (additive != null) {
            double[] c = additive.contributions(history, item);
            if (c.length != history.size()) {
                throw new IllegalStateException("model returned " + c.length + " contributions for "
                        + history.size() + " events");
            }
            return new MaskedScore(history, item, c, null);
        }
        return new MaskedScore(history, item, null, this);
    }

    /**
     * The item's 1-based rank among the items that are not excluded, by a full scoring of the history.
     *
     * @param exclude items that do not compete (usually the original history's items); may be null
     */
    public int rank(History history, int item, IntPredicate exclude) {
        checkItem(item);
        model.score(history, buffer);
        return rankOf(buffer, item, exclude, tieBreak);
    }

    /** Scores a history and returns its top-K among the items not excluded (uses the scratch buffer). */
    public List<ScoredItem> topK(History history, int k, IntPredicate exclude) {
        model.score(history, buffer);
        return Recommender.topK(buffer, k, exclude, tieBreak);
    }

    /**
     * The 1-based rank of an item in a score array among the items not excluded, with the tie rule of
     * {@link ScoredItem}: an item j is ahead when s_j > s_item, or s_j == s_item and j < item. NaN scores are
     * never ahead.
     */
    public static int rankOf(double[] scores, int item, IntPredicate exclude) {
        return rankOf(scores, item, exclude, null);
    }

    /**
     * The 1-based rank of an item with the tie rule of {@link Recommender#topK(double[], int, IntPredicate, long[])}:
     * an item j is ahead when s_j > s_item, or the scores are equal and j has the larger tie-break value, or equal
     * values and j < item. A null tie-break is the rule of {@link #rankOf(double[], int, IntPredicate)}.
     */
    public static int rankOf(double[] scores, int item, IntPredicate exclude, long[] tieBreak) {
        double s = scores[item];
        long own = tieBreak == null ? 0 : tieBreak[item];
        int ahead = 0;
        for (int j = 0; j < scores.length; j++) {
            if (j == item || (exclude != null && exclude.test(j))) {
                continue;
            }
            if (ahead(scores[j], tieBreak == null ? 0 : tieBreak[j], j, s, own, item)) {
                ahead++;
            }
        }
        return ahead + 1;
    }

    /**
     * The tie rule of {@link #rankOf(double[], int, IntPredicate, long[])} for one pair: whether item j (score
     * sj, tie-break value tj) is ranked ahead of {@code item} (score s, tie-break value own).
     */
    public static boolean ahead(double sj, long tj, int j, double s, long own, int item) {
        return sj > s || (sj == s && (tj > own || (tj == own && j < item)))
                || (Double.isNaN(s) && !Double.isNaN(sj));
    }

    /** A predicate true for the items of a history: the usual exclude set. */
    public static IntPredicate itemsOf(History history) {
        BitSet set = new BitSet();
        for (int i = 0; i < history.size(); i++) {
            set.set(history.event(i).item());
        }
        return set::get;
    }

    private void checkItem(int item) {
        if (item < 0 || item >= model.numItems()) {
            throw new IllegalArgumentException("item " + item + " is outside the catalogue 0.." + (model.numItems() - 1));
        }
    }

    double scoreBuffered(History history, int item) {
        model.score(history, buffer);
        return buffer[item];
    }
}
