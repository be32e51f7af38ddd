package io.whyrec.neural.explain;

import io.whyrec.api.Fidelity;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.explain.BaseExplainer;
import io.whyrec.explain.ScoringAdapter;
import io.whyrec.neural.model.SasRec;

/**
 * Gradient x input (A. Shrikumar et al., 2016) over the history's item embeddings: event t's attribution is
 * {@code sum_d x_td * df/dx_td} at the history itself, with {@code f = p(next = item | history)}. One backward
 * pass; a first-order estimate with no completeness guarantee ({@link io.whyrec.api.Explanation#baseline()} is 0).
 * Events older than the model's window get 0.
 */
public final class GradientTimesInputExplainer extends BaseExplainer {

    private final GradientCore core;

    /**
     * @param model the model
     * @param info  titles and facets for facet attributions; null for none
     */
    public GradientTimesInputExplainer(SasRec model, ItemInfo info) {
        super(new ScoringAdapter(model), info);
        this.core = new GradientCore(model);
    }

    @Override
    public String method() {
        return "gradxinput";
    }

    @Override
    protected Attribution attribute(History history, int item) {
        if (history.size() == 0) {
            return new Attribution(new double[0], adapter.scoreOne(history, item), 0.0, Fidelity.none());
        }
        return fromGradients(history, core.path(history, item, new float[] {1f}));
    }

    /** All items' gradients in one batched backward pass (what a top-k list with explanations costs). */
    @Override
    protected Attribution[] attributeAll(History history, int[] items) {
        if (history.size() == 0 || items.length < 2) {
            return super.attributeAll(history, items);
        }
        GradientCore.PathGradients[] gs = core.atInput(history, items);
        Attribution[] out = new Attribution[items.length];
        for (int r = 0; r < items.length; r++) {
            out[r] = fromGradients(history, gs[r]);
        }
        return out;
    }

    private static Attribution fromGradients(History history, GradientCore.PathGradients g) {
        double[] c = new double[history.size()];
        for (int i = 0; i < g.x().length; i++) {
            double a = 0;
            for (int dIdx = 0; dIdx < g.x()[i].length; dIdx++) {
                a += g.x()[i][dIdx] * g.grads()[0][i][dIdx];
            }
            c[g.offset() + i] = a;
        }
        return new Attribution(c, g.f()[0], 0.0, Fidelity.none());
    }
}
