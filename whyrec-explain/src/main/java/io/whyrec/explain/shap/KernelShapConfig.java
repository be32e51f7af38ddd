package io.whyrec.explain.shap;

/**
 * Settings of the KernelSHAP explainer; {@link #DEFAULT} holds every default.
 *
 * @param samples number of coalitions (masked histories) scored per explanation, not counting the full and
 *                the empty history (default 2048)
 * @param paired  when true every sampled coalition is scored together with its complement, which cancels
 *                much of the sampling noise (Covert and Lee, AISTATS 2021) (default true)
 */
public record KernelShapConfig(int samples, boolean paired) {

    /** 2048 coalitions, paired sampling. */
    public static final KernelShapConfig DEFAULT = new KernelShapConfig(2048, true);

    /** Checks the range. */
    public KernelShapConfig {
        if (samples < 2) {
            throw new IllegalArgumentException("KernelShapConfig.samples must be >= 2, got " + samples);
        }
    }
}
