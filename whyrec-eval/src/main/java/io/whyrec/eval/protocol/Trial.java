package io.whyrec.eval.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One configuration tried during tuning and how it did on the validation protocol.
 *
 * @param params     the fitted model's parameters ({@link io.whyrec.api.Recommender#params()})
 * @param validation validation metric name to value (the tuning metric, NDCG@K)
 */
public record Trial(Map<String, Object> params, Map<String, Double> validation) {

    /** Copies the maps, keeping their order. */
    public Trial {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        validation = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(validation));
    }
}
