package io.whyrec.eval.explain;

import io.whyrec.explain.lime.LimeConfig;
import io.whyrec.explain.shap.KernelShapConfig;

import java.util.List;
import java.util.Objects;

/**
 * Settings of {@link ExplanationEvaluation}; {@link #DEFAULT} holds every default.
 *
 * @param k              length of the explained recommendation lists (default 10)
 * @param steps          N of the deletion and insertion curves, n = 0..N removed or inserted events (default 10)
 * @param randomOrders   seeded random orders averaged into the reference curves (default 5)
 * @param stabilityRuns  seeds per explanation for the stability of LIME and KernelSHAP (default 5)
 * @param stabilityTop   m, the number of most attributed events compared across seeds (default 3)
 * @param stabilityUsers users (a seeded subsample of the explained ones) whose top-K lists are explained
 *                       {@code stabilityRuns} times for stability; 0 = all explained users (default 100)
 * @param users          users explained (a seeded subsample of the evaluated ones); 0 = all (default 0)
 * @param seed           seed of every random choice: subsamples, random orders, explainer seeds (default 42)
 * @param methods        methods evaluated, among exact, loo, lime and shap; exact is skipped for a model that
 *                       is not additive (default all four)
 * @param lime           LIME settings (default {@link LimeConfig#DEFAULT}: 1000 samples)
 * @param shap           KernelSHAP settings (default {@link KernelShapConfig#DEFAULT}: 2048 coalitions)
 */
public record ExplanationEvaluationConfig(int k, int steps, int randomOrders, int stabilityRuns, int stabilityTop,
                                          int stabilityUsers, int users, long seed, List<String> methods,
                                          LimeConfig lime, KernelShapConfig shap) {

    /** The method names this evaluation knows. */
    public static final List<String> KNOWN_METHODS = List.of("exact", "loo", "lime", "shap");

    /** K=10, N=10, 5 random orders, 5 seeds, top-3, 100 stability users, all users, seed 42, all methods. */
    public static final ExplanationEvaluationConfig DEFAULT = new ExplanationEvaluationConfig(10, 10, 5, 5, 3, 100,
            0, 42L, KNOWN_METHODS, LimeConfig.DEFAULT, KernelShapConfig.DEFAULT);

    /** Checks the ranges and the method names. */
    public ExplanationEvaluationConfig {
        if (k < 1 || steps < 1 || randomOrders < 1 || stabilityRuns < 2 || stabilityTop < 1 || stabilityUsers < 0
                || users < 0) {
            throw new IllegalArgumentException("ExplanationEvaluationConfig needs k, steps, randomOrders, "
                    + "stabilityTop >= 1, stabilityRuns >= 2 and users, stabilityUsers >= 0; got k=" + k + " steps="
                    + steps + " randomOrders=" + randomOrders + " stabilityRuns=" + stabilityRuns + " stabilityTop="
                    + stabilityTop + " stabilityUsers=" + stabilityUsers + " users=" + users);
        }
        methods = List.copyOf(methods);
        for (String m : methods) {
            if (!KNOWN_METHODS.contains(m)) {
                throw new IllegalArgumentException("unknown explanation method '" + m + "' (known: "
                        + String.join(", ", KNOWN_METHODS) + ")");
            }
        }
        Objects.requireNonNull(lime, "lime");
        Objects.requireNonNull(shap, "shap");
    }

    /** The same settings with another K. */
    public ExplanationEvaluationConfig withK(int newK) {
        return new ExplanationEvaluationConfig(newK, steps, randomOrders, stabilityRuns, stabilityTop, stabilityUsers,
                users, seed, methods, lime, shap);
    }

    /** The same settings with other user counts (0 = all). */
    public ExplanationEvaluationConfig withUsers(int newUsers, int newStabilityUsers) {
        return new ExplanationEvaluationConfig(k, steps, randomOrders, stabilityRuns, stabilityTop, newStabilityUsers,
                newUsers, seed, methods, lime, shap);
    }

    /** The same settings with other methods. */
    public ExplanationEvaluationConfig withMethods(List<String> newMethods) {
        return new ExplanationEvaluationConfig(k, steps, randomOrders, stabilityRuns, stabilityTop, stabilityUsers,
                users, seed, newMethods, lime, shap);
    }

    /** The same settings with another seed. */
    public ExplanationEvaluationConfig withSeed(long newSeed) {
        return new ExplanationEvaluationConfig(k, steps, randomOrders, stabilityRuns, stabilityTop, stabilityUsers,
                users, newSeed, methods, lime, shap);
    }
}
