package io.whyrec.server.live;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.Recommender;

import java.util.List;
import java.util.Map;

/**
 * One model as the server serves it, immutable and swapped atomically by the {@link ModelRegistry}: a request
 * reads the reference once and keeps that model to its end, so a refit or a newly loaded model file never fails
 * a request in flight. A model covers the first {@link #numItems()} items of the catalogue (dense indices never
 * change; items added after the fit score 0 and their events are ignored until the next fit).
 *
 * @param name        the served name ("ease", "itemknn", "profile", "pop", or a module's model)
 * @param version     increases with every fit or load of this name; per-user cached inputs are keyed by it
 * @param model       the fitted model
 * @param users       users in the training data (0 for a model loaded from a file)
 * @param eventsAtFit the engine's change counter when the training data was read (a refit is needed once it
 *                    moves); -1 for a model loaded from a file, which is never refitted
 * @param fitMillis   wall time of the fit (with tuning) in milliseconds
 * @param source      "fitted", "fitted, tuned on validation" or the model file it was loaded from
 * @param trials      the validation NDCG@10 of every configuration tried when tuned (params and value), else empty
 * @param deletionRatios for a model that is not additive, the deletion ratio of each explanation method measured
 *                    on a sample when it was built ({@link SampledFidelity}); empty for an additive model
 * @param builtAtMillis when this version was built (fitted, loaded, or for the live model rebuilt from the
 *                    catalogue), in milliseconds since the epoch; the model age and last-fit gauges read it
 */
public record ServedModel(String name, long version, Recommender model, int users, long eventsAtFit, long fitMillis,
                          String source, List<Map<String, Object>> trials, Map<String, Double> deletionRatios,
                          long builtAtMillis) {

    /** Copies the trials and ratios. */
    public ServedModel {
        trials = List.copyOf(trials);
        deletionRatios = Map.copyOf(deletionRatios);
    }

    /** Number of catalogue items the model scores. */
    public int numItems() {
        return model.numItems();
    }

    /** Whether the model's scores are exact sums of per-event contributions (exact explanations). */
    public boolean additive() {
        return model instanceof AdditiveScorer;
    }

    /** Whether this model was loaded from a file (and so is not refitted by the server). */
    public boolean loaded() {
        return eventsAtFit < 0;
    }
}
