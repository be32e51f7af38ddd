package io.whyrec.neural.explain;

import io.whyrec.api.Fidelity;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.explain.BaseExplainer;
import io.whyrec.explain.ScoringAdapter;
import io.whyrec.neural.model.SasRec;

/**
 * A gradient-weighted attention map over history positions (the Grad-CAM idea applied to self-attention, after
 * H. Chefer, S. Gur and L. Wolf, "Transformer Interpretability Beyond Attention Visualization", CVPR 2021): for each
 * block, the attention weights of the last position (the one that predicts) are multiplied by the gradient of
 * {@code f = p(next = item | history)} with respect to them, negative products are dropped, heads are averaged and
 * blocks are summed. The relevance of event t is non-negative and not in score units (no completeness;
 * {@link io.whyrec.api.Explanation#baseline()} is 0); it ranks events, which is what the deletion curve measures.
 * Events older than the model's window get 0.
 */
public final class AttentionGradientExplainer extends BaseExplainer {

    private final GradientCore core;

    /**
     * @param model the model
     * @param info  titles and facets for facet attributions; null for none
     */
    public AttentionGradientExplainer(SasRec model, ItemInfo info) {
        super(new ScoringAdapter(model), info);
        this.core = new GradientCore(model);
    }

    @Override
    public String method() {
        return "attention";
    }

    @Override
    protected Attribution attribute(History history, int item) {
        if (history.size() == 0) {
            return new Attribution(new double[0], adapter.scoreOne(history, item), 0.0, Fidelity.none());
        }
        double[] f = new double[1];
        double[] rel = core.attentionRelevance(history, item, f);
        double[] c = new double[history.size()];
        System.arraycopy(rel, 0, c, history.size() - rel.length, rel.length);
        return new Attribution(c, f[0], 0.0, Fidelity.none());
    }
}
