package io.whyrec.explain;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.Explainer;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.ItemScorer;
import io.whyrec.explain.exact.ExactExplainer;
import io.whyrec.explain.lime.LimeConfig;
import io.whyrec.explain.lime.LimeExplainer;
import io.whyrec.explain.loo.LeaveOneOutExplainer;
import io.whyrec.explain.shap.KernelShapConfig;
import io.whyrec.explain.shap.KernelShapExplainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The explanation methods by name, one registry read by {@code whyrec explain}, {@code whyrec evaluate --explain}
 * and the server, so that a method a model can give is reachable from all of them: {@code exact} (additive
 * models), {@code loo}, {@code lime} and {@code shap} (any model), and the methods a module registers for its
 * models, such as whyrec-neural's {@code ig}, {@code gradxinput} and {@code attention} for the transformer. The
 * counterfactual search is not an attribution method: callers wrap an attribution method with it.
 */
public final class ExplainerRegistry {

    /**
     * Builds an explainer for a model.
     */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param model the model to explain
         * @param info  titles and facets for facet attributions; null for none
         * @param seed  seed of the sampling methods (LIME, KernelSHAP); deterministic methods ignore it
         */
        Explainer create(ItemScorer model, ItemInfo info, long seed);
    }

    /**
     * One registered method.
     *
     * @param name    the method name explanations carry
     * @param applies which models the method can explain
     * @param factory builds the explainer
     */
    public record Method(String name, Predicate<ItemScorer> applies, Factory factory) {
    }

    private static final Map<String, Method> METHODS = new LinkedHashMap<>();

    static {
        register(new Method("exact", m -> m instanceof AdditiveScorer, (m, info, seed) -> new ExactExplainer(m, info)));
        register(new Method("loo", m -> true, (m, info, seed) -> new LeaveOneOutExplainer(m, info)));
        register(new Method("lime", m -> true, (m, info, seed) -> new LimeExplainer(m, info, LimeConfig.DEFAULT,
                new SplittableRandom(seed))));
        register(new Method("shap", m -> true, (m, info, seed) -> new KernelShapExplainer(m, info,
                KernelShapConfig.DEFAULT, new SplittableRandom(seed))));
    }

    private ExplainerRegistry() {
    }

    /** Adds (or replaces) a method, e.g. a module's gradient method for its model class. */
    public static synchronized void register(Method method) {
        METHODS.put(method.name(), method);
    }

    /** Every registered method name, built-in ones first. */
    public static synchronized List<String> names() {
        return List.copyOf(METHODS.keySet());
    }

    /** The methods that can explain a model, in registration order. */
    public static synchronized List<String> methodsFor(ItemScorer model) {
        List<String> out = new ArrayList<>();
        for (Method m : METHODS.values()) {
            if (m.applies().test(model)) {
                out.add(m.name());
            }
        }
        return out;
    }

    /** The explainer of a method for a model, if the method exists and applies to the model. */
    public static Optional<Explainer> create(String method, ItemScorer model, ItemInfo info, long seed) {
        Method m;
        synchronized (ExplainerRegistry.class) {
            m = METHODS.get(method);
        }
        if (m == null || !m.applies().test(model)) {
            return Optional.empty();
        }
        return Optional.of(m.factory().create(model, info, seed));
    }

    /**
     * The explainer of a method for a model.
     *
     * @throws IllegalArgumentException naming the method and the model's methods when it does not apply
     */
    public static Explainer require(String method, ItemScorer model, String modelName, ItemInfo info, long seed) {
        return create(method, model, info, seed).orElseThrow(() -> new IllegalArgumentException("method '" + method
                + "' cannot explain model " + modelName + " (its methods: " + String.join(", ", methodsFor(model))
                + ")"));
    }
}
