package io.whyrec.core.model;

import io.whyrec.core.profile.EventWeighting;

/**
 * Configuration of {@link Ease}.
 *
 * @param lambda    L2 regularisation added to the diagonal of the Gram matrix X^T X (unit: interactions, since
 *                  X^T X counts co-occurrences); default {@value #DEFAULT_LAMBDA}; larger values shrink the item-item
 *                  weights and favour less popular items less
 * @param weighting how the history the fitted model scores is weighted: {@code null} (the default) for the binary
 *                  history of {@link io.whyrec.core.profile.Histories#binary}, otherwise the seed formula
 *                  {@code w_t = s_t (alpha f_t + beta h_t) exp(-lambdaPerDay age_t)} under this weighting, built by
 *                  {@link io.whyrec.core.profile.HistoryBuilder} (the fitted model is then a
 *                  {@link WeightedHistoryModel}). The weights B are learnt from the binary matrix either way; only
 *                  the scored history changes.
 */
public record EaseConfig(double lambda, EventWeighting weighting) {

    /** Default regularisation (Steck 2019 reports 200-500 for ML-20M-sized data; 500 is a safe start). */
    public static final double DEFAULT_LAMBDA = 500.0;

    /** Checks that lambda is a positive finite number (it keeps X^T X + lambda I positive definite). */
    public EaseConfig {
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("ease: lambda must be a finite number > 0, got " + lambda);
        }
    }

    /** A configuration that scores the binary history. */
    public EaseConfig(double lambda) {
        this(lambda, null);
    }

    /** Whether the fitted model scores the binary history (no weighting). */
    public boolean binary() {
        return weighting == null;
    }

    /** The defaults: lambda {@value #DEFAULT_LAMBDA}, binary history. */
    public static EaseConfig defaults() {
        return new EaseConfig(DEFAULT_LAMBDA);
    }
}
