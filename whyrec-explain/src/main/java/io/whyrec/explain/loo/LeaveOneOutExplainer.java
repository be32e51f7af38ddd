package io.whyrec.explain.loo;

import io.whyrec.api.Fidelity;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.ItemScorer;
import io.whyrec.explain.BaseExplainer;
import io.whyrec.explain.MaskedScore;
import io.whyrec.explain.ScoringAdapter;

import java.util.Arrays;

/**
 * Leave-one-out attribution: the contribution of event t is {@code f(all) - f(all without t)}. For an additive
 * model this equals the exact contribution; for other models the drops need not add up to the score, and the
 * gap {@code |sum of drops - (f(all) - f(none))|} is reported as {@link Fidelity#LOO_ADDITIVITY_GAP}.
 */
public final class LeaveOneOutExplainer extends BaseExplainer {

    /**
     * @param model the model to explain (any {@link ItemScorer})
     * @param info  titles and facets for facet attributions; null for none
     */
    public LeaveOneOutExplainer(ItemScorer model, ItemInfo info) {
        super(new ScoringAdapter(model), info);
    }

    @Override
    public String method() {
        return "loo";
    }

    @Override
    protected Attribution attribute(History history, int item) {
        MaskedScore f = adapter.masked(history, item);
        int n = history.size();
        boolean[] keep = new boolean[n];
        Arrays.fill(keep, true);
        double all = f.apply(keep);
        double none = f.none();
        double[] c = new double[n];
        double sum = 0;
        for (int t = 0; t < n; t++) {
            keep[t] = false;
            c[t] = all - f.apply(keep);
            keep[t] = true;
            sum += c[t];
        }
        Fidelity fid = Fidelity.of(Fidelity.LOO_ADDITIVITY_GAP, Math.abs(sum - (all - none)))
                .with(Fidelity.EVALUATIONS, f.evaluations());
        return new Attribution(c, all, none, fid);
    }
}
