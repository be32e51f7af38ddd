package io.whyrec.explain.quality;

import io.whyrec.api.EventAttribution;
import io.whyrec.api.Explanation;
import io.whyrec.api.Fidelity;

import java.util.Objects;

/**
 * Coverage: the share of recommendations that received a non-empty faithful explanation. Non-empty: at least
 * one history event with a positive contribution. Faithful: every fidelity figure the explanation reports
 * passes its threshold in {@link Criterion} (figures it does not report are not judged).
 */
public final class Coverage {

    /**
     * Thresholds of faithfulness; {@link #DEFAULT} holds every default.
     *
     * @param maxExactnessError  largest relative gap between exact contributions and the score (default 1e-6)
     * @param minLimeR2          smallest acceptable LIME surrogate R^2 (default 0.5)
     * @param maxEfficiencyGap   largest |sum of Shapley values - (f(all) - f(none))|, relative to
     *                           max(|score|, 1e-12) (default 1e-6)
     */
    public record Criterion(double maxExactnessError, double minLimeR2, double maxEfficiencyGap) {

        /** 1e-6, 0.5, 1e-6. */
        public static final Criterion DEFAULT = new Criterion(1e-6, 0.5, 1e-6);
    }

    private final Criterion criterion;
    private long total;
    private long covered;

    /** An empty tally. */
    public Coverage(Criterion criterion) {
        this.criterion = Objects.requireNonNull(criterion, "criterion");
    }

    /** Adds one recommendation's explanation (null when the explainer produced none); returns whether it counts. */
    public boolean add(Explanation x) {
        total++;
        boolean ok = x != null && isCovered(x);
        covered += ok ? 1 : 0;
        return ok;
    }

    /** True when the explanation is non-empty and passes every reported fidelity threshold. */
    public boolean isCovered(Explanation x) {
        boolean nonEmpty = false;
        for (EventAttribution e : x.events()) {
            if (e.contribution() > 0) {
                nonEmpty = true;
                break;
            }
        }
        if (!nonEmpty) {
            return false;
        }
        Fidelity f = x.fidelity();
        double exact = f.get(Fidelity.EXACTNESS_ERROR);
        if (!Double.isNaN(exact) && !(exact <= criterion.maxExactnessError())) {
            return false;
        }
        double r2 = f.get(Fidelity.LIME_R2);
        if (!Double.isNaN(r2) && !(r2 >= criterion.minLimeR2())) {
            return false;
        }
        double gap = f.get(Fidelity.SHAP_EFFICIENCY_GAP);
        return Double.isNaN(gap) || gap / Math.max(Math.abs(x.score()), 1e-12) <= criterion.maxEfficiencyGap();
    }

    /** Share of added recommendations that are covered (NaN when none were added). */
    public double value() {
        return total == 0 ? Double.NaN : (double) covered / total;
    }

    /** Number of recommendations added. */
    public long total() {
        return total;
    }
}
