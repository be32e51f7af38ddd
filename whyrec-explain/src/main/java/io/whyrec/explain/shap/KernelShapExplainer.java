package io.whyrec.explain.shap;

import io.whyrec.api.Fidelity;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.ItemScorer;
import io.whyrec.api.Shuffle;
import io.whyrec.explain.SeededExplainer;
import io.whyrec.explain.DenseSolver;
import io.whyrec.explain.GramAccumulator;
import io.whyrec.explain.MaskedScore;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * KernelSHAP over history events (Lundberg and Lee, NeurIPS 2017). With M events, a coalition S (the kept
 * events) of size s has the Shapley kernel weight {@code (M-1) / (C(M,s) s (M-s))}; the Shapley values are the
 * solution of {@code min sum_S k(S) (f(S) - f(none) - sum_{i in S} phi_i)^2} subject to
 * {@code sum_i phi_i = f(all) - f(none)}, solved exactly through its Lagrange conditions, so efficiency holds
 * up to rounding (reported as {@link Fidelity#SHAP_EFFICIENCY_GAP}).
 *
 * <p>Coalitions are chosen as in the reference implementation: coalition sizes are visited in pairs
 * (s, M-s) from the outside in, and a pair is enumerated completely while the remaining budget allows; the
 * remaining budget is sampled, the size drawn in proportion to its total kernel mass {@code (M-1)/(s(M-s))}
 * and the members uniformly, each sample carrying an equal share of the remaining mass, and with paired
 * sampling also its complement. When every coalition fits in the budget (M <= 11 at the default 2048) the
 * result is the exact Shapley value.
 *
 * <p>Randomness: see {@link SeededExplainer}.
 */
public final class KernelShapExplainer extends SeededExplainer {

    private final KernelShapConfig config;

    /**
     * @param model  the model to explain (any {@link ItemScorer})
     * @param info   titles and facets for facet attributions; null for none
     * @param config number of coalitions and pairing
     * @param random source of the explainer's seed
     */
    public KernelShapExplainer(ItemScorer model, ItemInfo info, KernelShapConfig config, SplittableRandom random) {
        super(model, info, random);
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String method() {
        return "shap";
    }

    @Override
    protected Attribution attribute(History history, int item) {
        MaskedScore f = adapter.masked(history, item);
        int m = history.size();
        double all = f.all();
        double none = f.none();
        double delta = all - none;
        if (m <= 1) {
            double[] phi = m == 0 ? new double[0] : new double[] {delta};
            return new Attribution(phi, all, none, Fidelity.of(Fidelity.SHAP_EFFICIENCY_GAP, 0.0)
                    .with(Fidelity.EVALUATIONS, f.evaluations()));
        }
        SplittableRandom rnd = randomFor(history, item);
        GramAccumulator acc = new GramAccumulator(m);
        long budget = config.samples();
        int s = 1;
        // enumerate whole size pairs (s, M-s) from the outside in while they fit in the budget
        for (; s <= m / 2; s++) {
            double subsets = binomial(m, s);
            double count = (s == m - s) ? subsets : 2 * subsets;
            if (count > budget) {
                break;
            }
            double w = sizeMass(m, s) / subsets;
            int[] comb = new int[s];
            for (int i = 0; i < s; i++) {
                comb[i] = i;
            }
            do {
                // kept = comb, then (for s != M-s) kept = everything but comb
                acc.add(comb, s, false, w, f.applyListed(comb, s, true) - none);
                if (s != m - s) {
                    acc.add(comb, s, true, w, f.applyListed(comb, s, false) - none);
                }
            } while (nextCombination(comb, m));
            budget -= (long) count;
        }
        int firstSampled = s;
        if (firstSampled <= m - firstSampled && budget > 0) {
            // sizes firstSampled..m-firstSampled remain; draw with probability proportional to their mass
            int lo = firstSampled;
            int hi = m - firstSampled;
            double[] cum = new double[hi - lo + 1];
            double total = 0;
            for (int k = lo; k <= hi; k++) {
                total += sizeMass(m, k);
                cum[k - lo] = total;
            }
            long draws = config.paired() ? Math.max(1, budget / 2) : budget;
            long samplesScored = config.paired() ? 2 * draws : draws;
            double w = total / samplesScored;
            int[] perm = new int[m];
            for (int i = 0; i < m; i++) {
                perm[i] = i;
            }
            for (long d = 0; d < draws; d++) {
                double u = rnd.nextDouble() * total;
                int k = lo;
                while (k < hi && cum[k - lo] < u) {
                    k++;
                }
                // choose min(k, m-k) members; listed = kept when k is the smaller side, else listed = removed
                int small = Math.min(k, m - k);
                Shuffle.front(perm, small, rnd);
                boolean listedKept = k <= m - k;
                acc.add(perm, small, !listedKept, w, f.applyListed(perm, small, listedKept) - none);
                if (config.paired()) {
                    acc.add(perm, small, listedKept, w, f.applyListed(perm, small, !listedKept) - none);
                }
            }
        }
        double[] phi = solveConstrained(acc.gram(), acc.moment(), m, delta);
        double sum = 0;
        for (double v : phi) {
            sum += v;
        }
        Fidelity fid = Fidelity.of(Fidelity.SHAP_EFFICIENCY_GAP, Math.abs(sum - delta))
                .with(Fidelity.EVALUATIONS, f.evaluations());
        return new Attribution(phi, all, none, fid);
    }

    /**
     * Minimises {@code phi' A phi - 2 b' phi} subject to {@code 1' phi = delta}: with u = A^-1 b and
     * v = A^-1 1, {@code phi = u - mu v} where {@code mu = (1'u - delta) / 1'v}.
     */
    static double[] solveConstrained(double[] a, double[] b, int m, double delta) {
        double[] l = a.clone();
        DenseSolver.cholesky(l, m);
        double[] ones = new double[m];
        Arrays.fill(ones, 1.0);
        double[] u = DenseSolver.solveFactored(l, m, b);
        double[] v = DenseSolver.solveFactored(l, m, ones);
        double su = 0;
        double sv = 0;
        for (int i = 0; i < m; i++) {
            su += u[i];
            sv += v[i];
        }
        double mu = (su - delta) / sv;
        double[] phi = new double[m];
        double sum = 0;
        for (int i = 0; i < m; i++) {
            phi[i] = u[i] - mu * v[i];
            sum += phi[i];
        }
        // remove the last rounding residue so the values add up to delta
        double fix = (delta - sum) / m;
        for (int i = 0; i < m; i++) {
            phi[i] += fix;
        }
        return phi;
    }

    /** Total Shapley-kernel mass of the coalitions of size s: (M-1) / (s (M-s)). */
    static double sizeMass(int m, int s) {
        return (m - 1.0) / ((double) s * (m - s));
    }

    /** C(n, k) as a double (exact for the sizes used here, an approximation beyond 2^53). */
    static double binomial(int n, int k) {
        double r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return Math.rint(r);
    }

    /** Advances a k-combination of 0..n-1 in lexicographic order; false after the last one. */
    static boolean nextCombination(int[] c, int n) {
        int k = c.length;
        int i = k - 1;
        while (i >= 0 && c[i] == n - k + i) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        c[i]++;
        for (int j = i + 1; j < k; j++) {
            c[j] = c[j - 1] + 1;
        }
        return true;
    }
}
