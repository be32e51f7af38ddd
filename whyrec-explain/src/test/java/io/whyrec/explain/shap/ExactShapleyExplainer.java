package io.whyrec.explain.shap;

import io.whyrec.api.Fidelity;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.ItemScorer;
import io.whyrec.explain.BaseExplainer;
import io.whyrec.explain.MaskedScore;
import io.whyrec.explain.ScoringAdapter;

/**
 * Exact Shapley values of history events by enumerating all 2^M coalitions:
 * {@code phi_i = sum_{S not containing i} |S|! (M-|S|-1)! / M! * (f(S + i) - f(S))}. Feasible for short
 * histories only, so it refuses histories longer than {@link #MAX_EVENTS}; its purpose is to check KernelSHAP.
 */
public final class ExactShapleyExplainer extends BaseExplainer {

    /** Longest history enumerated: 12 events, 4,096 coalitions. */
    public static final int MAX_EVENTS = 12;

    /**
     * @param model the model to explain (any {@link ItemScorer})
     * @param info  titles and facets for facet attributions; null for none
     */
    public ExactShapleyExplainer(ItemScorer model, ItemInfo info) {
        super(new ScoringAdapter(model), info);
    }

    @Override
    public String method() {
        return "shap-exact";
    }

    @Override
    protected Attribution attribute(History history, int item) {
        int m = history.size();
        if (m > MAX_EVENTS) {
            throw new IllegalArgumentException("exact Shapley enumerates 2^M coalitions and accepts at most "
                    + MAX_EVENTS + " events; this history has " + m + ": use KernelShapExplainer");
        }
        MaskedScore f = adapter.masked(history, item);
        int n = 1 << m;
        double[] v = new double[n];
        boolean[] keep = new boolean[m];
        for (int mask = 0; mask < n; mask++) {
            for (int i = 0; i < m; i++) {
                keep[i] = (mask & (1 << i)) != 0;
            }
            v[mask] = f.apply(keep);
        }
        double[] weight = new double[m];
        for (int s = 0; s < m; s++) {
            // s! (m-s-1)! / m! = 1 / (m * C(m-1, s))
            weight[s] = 1.0 / (m * KernelShapExplainer.binomial(m - 1, s));
        }
        double[] phi = new double[m];
        for (int mask = 0; mask < n; mask++) {
            int size = Integer.bitCount(mask);
            for (int i = 0; i < m; i++) {
                if ((mask & (1 << i)) == 0) {
                    phi[i] += weight[size] * (v[mask | (1 << i)] - v[mask]);
                }
            }
        }
        double all = v[n - 1];
        double none = v[0];
        double sum = 0;
        for (double p : phi) {
            sum += p;
        }
        Fidelity fid = Fidelity.of(Fidelity.SHAP_EFFICIENCY_GAP, Math.abs(sum - (all - none)))
                .with(Fidelity.EVALUATIONS, f.evaluations());
        return new Attribution(phi, all, none, fid);
    }
}
