package io.whyrec.explain.exact;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.Explainer;
import io.whyrec.api.Explanation;
import io.whyrec.api.Fidelity;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.ItemScorer;
import io.whyrec.explain.BaseExplainer;
import io.whyrec.explain.ScoringAdapter;

/**
 * Exact per-event attributions read from {@link AdditiveScorer#contributions}. The capability is checked when
 * the explainer is built: a model that is not additive is refused with a message naming the model-agnostic
 * alternatives. Every explanation reports {@link Fidelity#EXACTNESS_ERROR}, the relative gap between the sum of
 * the contributions and the model's own full score of the item (one full scoring per explanation, which also
 * gives the rank).
 */
public final class ExactExplainer implements Explainer {

    private final AdditiveScorer model;
    private final ItemInfo info;
    private final double[] scores;

    /**
     * @param model the model; must implement {@link AdditiveScorer}
     * @param info  titles and facets for facet attributions; null for none
     * @throws IllegalArgumentException when the model is not additive
     */
    public ExactExplainer(ItemScorer model, ItemInfo info) {
        this.model = (AdditiveScorer) requireAdditive(model);
        this.info = info;
        this.scores = new double[model.numItems()];
    }

    private static ItemScorer requireAdditive(ItemScorer model) {
        java.util.Objects.requireNonNull(model, "model");
        if (!(model instanceof AdditiveScorer)) {
            throw new IllegalArgumentException("exact attributions need a model whose score is a sum over the "
                    + "weighted history (io.whyrec.api.AdditiveScorer); " + model.getClass().getName()
                    + " is not additive: use the loo, lime or shap explainer instead");
        }
        return model;
    }

    @Override
    public String method() {
        return "exact";
    }

    @Override
    public Explanation explain(History history, int item) {
        return explain(history, item, -1);
    }

    /** As {@link #explain(History, int)}; a rank below 1 means "compute it" (the full scoring is done anyway). */
    @Override
    public Explanation explain(History history, int item, int rank) {
        if (item < 0 || item >= model.numItems()) {
            throw new IllegalArgumentException("item " + item + " is outside the catalogue 0.." + (model.numItems() - 1));
        }
        model.score(history, scores);
        int r = rank >= 1 ? rank : ScoringAdapter.rankOf(scores, item, ScoringAdapter.itemsOf(history));
        double[] c = model.contributions(history, item);
        double score = scores[item];
        return BaseExplainer.assemble(history, item, r, method(), c, score, 0.0, exactness(c, score), info);
    }

    /**
     * The fidelity of exact contributions: {@link Fidelity#EXACTNESS_ERROR}, the relative difference between their
     * sum and the score ({@code |sum - score| / max(|score|, 1e-12)}).
     */
    public static Fidelity exactness(double[] contributions, double score) {
        double sum = 0;
        for (double v : contributions) {
            sum += v;
        }
        return Fidelity.of(Fidelity.EXACTNESS_ERROR, Math.abs(sum - score) / Math.max(Math.abs(score), 1e-12));
    }

    /**
     * Explains an item of a list the caller has already ranked, without scoring the catalogue again: the exactness
     * error compares the contributions with the score the ranking pass gave the item (the score the user was
     * shown). This is the path for serving a top-K list, where one scoring serves every item of the list.
     *
     * @param history the history the list was ranked for
     * @param scored  the item and the score the ranking gave it
     * @param rank    its 1-based rank in that list
     */
    public Explanation explainRanked(History history, io.whyrec.api.ScoredItem scored, int rank) {
        int item = scored.item();
        if (item < 0 || item >= model.numItems()) {
            throw new IllegalArgumentException("item " + item + " is outside the catalogue 0.." + (model.numItems() - 1));
        }
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be >= 1, got " + rank);
        }
        double[] c = model.contributions(history, item);
        double score = scored.score();
        return BaseExplainer.assemble(history, item, rank, method(), c, score, 0.0, exactness(c, score), info);
    }
}
