package io.whyrec.explain.lime;

/**
 * Settings of the LIME explainer; {@link #DEFAULT} holds every default.
 *
 * @param samples     number of masked histories scored per explanation, including the unmasked one
 *                    (default 1000)
 * @param kernelWidth sigma of the kernel {@code exp(-d^2 / sigma^2)}, where d in [0, 1] is the share of the
 *                    history's events a mask removes (default 0.25, so removing a quarter of the events weighs
 *                    exp(-1) ~ 0.37)
 * @param ridge       ridge penalty on the surrogate's coefficients, relative to the kernel weights normalised to
 *                    sum to 1 (default 1e-3; the intercept is not penalised)
 */
public record LimeConfig(int samples, double kernelWidth, double ridge) {

    /** 1000 samples, kernel width 0.25, ridge 1e-3. */
    public static final LimeConfig DEFAULT = new LimeConfig(1000, 0.25, 1e-3);

    /** Checks the ranges. */
    public LimeConfig {
        if (samples < 2) {
            throw new IllegalArgumentException("LimeConfig.samples must be >= 2, got " + samples);
        }
        if (!(kernelWidth > 0)) {
            throw new IllegalArgumentException("LimeConfig.kernelWidth must be > 0, got " + kernelWidth);
        }
        if (!(ridge >= 0)) {
            throw new IllegalArgumentException("LimeConfig.ridge must be >= 0, got " + ridge);
        }
    }
}
