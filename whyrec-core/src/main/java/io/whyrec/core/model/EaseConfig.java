package io.whyrec.core.model;

/**
 * Configuration of {@link Ease}.
 *
 * @param lambda L2 regularisation added to the diagonal of the Gram matrix X^T X (unit: interactions, since
 *               X^T X counts co-occurrences); default {@value #DEFAULT_LAMBDA}; larger values shrink the item-item
 *               weights and favour less popular items less
 */
public record EaseConfig(double lambda) {

    /** Default regularisation (Steck 2019 reports 200-500 for ML-20M-sized data; 500 is a safe start). */
    public static final double DEFAULT_LAMBDA = 500.0;

    /** Checks that lambda is a positive finite number (it keeps X^T X + lambda I positive definite). */
    public EaseConfig {
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("ease: lambda must be a finite number > 0, got " + lambda);
        }
    }

    /** The defaults. */
    public static EaseConfig defaults() {
        return new EaseConfig(DEFAULT_LAMBDA);
    }
}
