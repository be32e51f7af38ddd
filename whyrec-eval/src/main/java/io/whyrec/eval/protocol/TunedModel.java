package io.whyrec.eval.protocol;

import io.whyrec.api.Recommender;
import java.util.List;
import java.util.Map;

/**
 * A model fitted on a protocol's full training part with the configuration chosen on validation.
 *
 * @param model      the fitted model
 * @param params     its parameters ({@link Recommender#params()})
 * @param tuning     every configuration tried, in grid order; empty when nothing was tuned
 * @param fitSeconds wall-clock seconds of the final fit on the full training part
 */
public record TunedModel(Recommender model, Map<String, Object> params, List<Trial> tuning, double fitSeconds) {

    /** Copies the list. */
    public TunedModel {
        tuning = List.copyOf(tuning);
    }
}
