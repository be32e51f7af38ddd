package io.whyrec.api;

/**
 * The explaining role: says why a model scored an item as it did for a weighted history. Every explainer
 * returns the same {@link Explanation} shape; model-agnostic explainers need only an {@link ItemScorer},
 * exact ones an {@link AdditiveScorer}, and they check that capability when they are built.
 */
public interface Explainer {

    /** The method name written into every explanation ("exact", "loo", "lime", "shap", ...). */
    String method();

    /**
     * Explains one item, computing its rank among the items not in the history with one full scoring.
     *
     * @param history the weighted history the item was recommended for
     * @param item    dense index of the item to explain
     */
    Explanation explain(History history, int item);

    /**
     * Explains one item whose rank the caller already knows (e.g. from the recommendation list), which saves
     * the full scoring that computing the rank needs.
     *
     * @param history the weighted history the item was recommended for
     * @param item    dense index of the item to explain
     * @param rank    the item's 1-based rank among the items not in the history
     */
    Explanation explain(History history, int item, int rank);

    /**
     * Explains several items of one history whose ranks the caller knows, {@code out[r]} equal to
     * {@code explain(history, items[r], ranks[r])}. The default calls that method once per item; explainers
     * whose work batches across items (the transformer's gradients) override it.
     */
    default java.util.List<Explanation> explainAll(History history, int[] items, int[] ranks) {
        if (items.length != ranks.length) {
            throw new IllegalArgumentException(items.length + " items but " + ranks.length + " ranks");
        }
        java.util.List<Explanation> out = new java.util.ArrayList<>(items.length);
        for (int r = 0; r < items.length; r++) {
            out.add(explain(history, items[r], ranks[r]));
        }
        return out;
    }
}
