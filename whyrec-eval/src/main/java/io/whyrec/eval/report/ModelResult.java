package io.whyrec.eval.report;

import io.whyrec.eval.protocol.Interval;
import io.whyrec.eval.protocol.Trial;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model's line of an evaluation report.
 *
 * @param model      the model name
 * @param params     the chosen parameters
 * @param metrics    metric name to value (per-user means, then list metrics), in report order
 * @param ci95       per-user metric name to its bootstrap 95% interval of the mean
 * @param tuning     the configurations tried on validation, in grid order (empty when not tuned)
 * @param fitSeconds wall-clock seconds of the final fit
 */
public record ModelResult(String model, Map<String, Object> params, Map<String, Double> metrics,
                          Map<String, Interval> ci95, List<Trial> tuning, double fitSeconds) {

    /** Copies the collections, keeping their order. */
    public ModelResult {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        ci95 = Collections.unmodifiableMap(new LinkedHashMap<>(ci95));
        tuning = List.copyOf(tuning);
    }
}
