package io.whyrec.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * Figures that say how faithful an explanation is to the model it explains. Each explainer reports the
 * figures it can compute under the stable keys below; an explanation with no fidelity figure is an opinion.
 *
 * @param figures figure name to value, sorted by name
 */
public record Fidelity(Map<String, Double> figures) {

    /** |sum of contributions - score| / max(|score|, 1e-12) for exact attributions (should be ~1e-15). */
    public static final String EXACTNESS_ERROR = "exactness_error";
    /** Kernel-weighted R^2 of the LIME surrogate on its own samples, in [0, 1]. */
    public static final String LIME_R2 = "lime_r2";
    /** |sum of values - (f(all) - f(none))| for Shapley values; 0 up to rounding for exact and KernelSHAP. */
    public static final String SHAP_EFFICIENCY_GAP = "shap_efficiency_gap";
    /** |sum of leave-one-out drops - (f(all) - f(none))|: how far leave-one-out is from additive. */
    public static final String LOO_ADDITIVITY_GAP = "loo_additivity_gap";
    /** Number of model evaluations (masked histories scored) the explainer used. */
    public static final String EVALUATIONS = "evaluations";

    /** Copies the map into a sorted, immutable one. */
    public Fidelity {
        figures = java.util.Collections.unmodifiableMap(new TreeMap<>(figures));
    }

    /** No figures. */
    public static Fidelity none() {
        return new Fidelity(Map.of());
    }

    /** One figure. */
    public static Fidelity of(String name, double value) {
        return new Fidelity(Map.of(name, value));
    }

    /** The figure with that name, or NaN when absent. */
    public double get(String name) {
        Double v = figures.get(name);
        return v == null ? Double.NaN : v;
    }

    /** A copy with one more figure (replacing one of the same name). */
    public Fidelity with(String name, double value) {
        Map<String, Double> m = new TreeMap<>(figures);
        m.put(name, value);
        return new Fidelity(m);
    }
}
