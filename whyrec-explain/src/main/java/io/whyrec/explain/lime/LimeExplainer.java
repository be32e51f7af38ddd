package io.whyrec.explain.lime;

import io.whyrec.api.Fidelity;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.ItemScorer;
import io.whyrec.api.Shuffle;
import io.whyrec.explain.SeededExplainer;
import io.whyrec.explain.DenseSolver;
import io.whyrec.explain.GramAccumulator;
import io.whyrec.explain.MaskedScore;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * LIME attributions over history events (Ribeiro et al., KDD 2016). Each sample removes r events, r uniform in
 * 1..T, chosen uniformly at random (plus one sample with nothing removed); it is weighted by
 * {@code exp(-(r/T)^2 / sigma^2)}. A ridge regression of the item's score on the kept-event indicators, with
 * an unpenalised intercept and the kernel weights normalised to sum to 1, gives one coefficient per event: the
 * attribution. The surrogate's kernel-weighted R^2 on its own samples is reported as {@link Fidelity#LIME_R2};
 * it lies in [0, 1] because the ridge fit never does worse than the intercept alone.
 *
 * <p>Randomness: see {@link SeededExplainer}; results do not depend on the order explanations are asked in.
 */
public final class LimeExplainer extends SeededExplainer {

    private final LimeConfig config;

    /**
     * @param model  the model to explain (any {@link ItemScorer})
     * @param info   titles and facets for facet attributions; null for none
     * @param config samples, kernel width and ridge
     * @param random source of the explainer's seed
     */
    public LimeExplainer(ItemScorer model, ItemInfo info, LimeConfig config, SplittableRandom random) {
        super(model, info, random);
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String method() {
        return "lime";
    }

    @Override
    protected Attribution attribute(History history, int item) {
        MaskedScore f = adapter.masked(history, item);
        int n = history.size();
        if (n == 0) {
            double s = f.none();
            return new Attribution(new double[0], s, s, Fidelity.of(Fidelity.LIME_R2, 1.0));
        }
        SplittableRandom rnd = randomFor(history, item);
        GramAccumulator acc = new GramAccumulator(n);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        double inv2 = 1.0 / (config.kernelWidth() * config.kernelWidth());
        double all = f.all();
        acc.add(perm, 0, true, 1.0, all);
        for (int s = 1; s < config.samples(); s++) {
            int removed = 1 + rnd.nextInt(n);
            int m = Math.min(removed, n - removed);
            Shuffle.front(perm, m, rnd);
            // the listed (front) positions are the removed events when they are the smaller side, else the kept
            boolean listedAreRemoved = removed <= n - removed;
            double d = (double) removed / n;
            double w = Math.exp(-d * d * inv2);
            acc.add(perm, m, listedAreRemoved, w, f.applyListed(perm, m, !listedAreRemoved));
        }
        Surrogate fit = fit(acc, n, config.ridge());
        Fidelity fid = Fidelity.of(Fidelity.LIME_R2, fit.r2()).with(Fidelity.EVALUATIONS, f.evaluations());
        return new Attribution(fit.coefficients(), all, fit.intercept(), fid);
    }

    /** A fitted surrogate: coefficients, intercept and weighted R^2. */
    record Surrogate(double[] coefficients, double intercept, double r2) {
    }

    /** Weighted ridge with an unpenalised intercept, on weights normalised to sum to 1. */
    static Surrogate fit(GramAccumulator acc, int n, double ridge) {
        double w = acc.sumW();
        double[] a = acc.gram();
        double[] b = acc.moment();
        double[] zs = acc.zSum();
        double ybar = acc.sumWY() / w;
        double[] zbar = new double[n];
        for (int i = 0; i < n; i++) {
            zbar[i] = zs[i] / w;
        }
        double[] ac = new double[n * n];
        double[] bc = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                ac[i * n + j] = a[i * n + j] / w - zbar[i] * zbar[j];
            }
            bc[i] = b[i] / w - zbar[i] * ybar;
        }
        double[] l = ac.clone();
        for (int i = 0; i < n; i++) {
            l[i * n + i] += ridge;
        }
        DenseSolver.cholesky(l, n);
        double[] beta = DenseSolver.solveFactored(l, n, bc);
        double intercept = ybar;
        for (int i = 0; i < n; i++) {
            intercept -= zbar[i] * beta[i];
        }
        // residual sum of squares from the normal equations: TSS - 2 beta.bc + beta' Ac beta (all per unit weight)
        double tss = acc.sumWYY() / w - ybar * ybar;
        double quad = 0;
        double lin = 0;
        for (int i = 0; i < n; i++) {
            lin += beta[i] * bc[i];
            double row = 0;
            for (int j = 0; j < n; j++) {
                row += ac[i * n + j] * beta[j];
            }
            quad += beta[i] * row;
        }
        double rss = Math.max(0, tss - 2 * lin + quad);
        double r2 = tss <= 1e-300 ? 1.0 : Math.max(0.0, Math.min(1.0, 1.0 - rss / tss));
        return new Surrogate(beta, intercept, r2);
    }
}
