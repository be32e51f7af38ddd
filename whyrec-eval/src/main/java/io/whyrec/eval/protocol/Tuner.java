package io.whyrec.eval.protocol;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.model.ModelSpec;
import io.whyrec.eval.metric.Ndcg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Chooses hyper-parameters on validation data only. The validation protocol is carved from the outer
 * protocol's training part ({@link EvaluationProtocol#validation(long)}: a seeded 80/20 per-user split for the
 * given split, the second-to-last events for leave-one-out). Every configuration of
 * {@link ModelSpec#tuningGrid()} is fitted on the inner training part and scored by NDCG@K on the validation
 * part; the best one (the first on ties) is refitted on the full training part. Test events are never seen.
 */
public final class Tuner {

    private final EvaluationProtocol outer;
    private final long seed;
    private EvaluationProtocol validation;

    /**
     * A tuner for models evaluated by a protocol.
     *
     * @param outer the protocol the chosen model will be evaluated with
     * @param seed  seed of the validation split
     */
    public Tuner(EvaluationProtocol outer, long seed) {
        this.outer = Objects.requireNonNull(outer, "outer");
        this.seed = seed;
    }

    /** Name of the metric configurations are chosen by. */
    public String tuningMetric() {
        return new Ndcg().name(outer.k());
    }

    /** The validation protocol (built once, on first use). */
    public synchronized EvaluationProtocol validation() {
        if (validation == null) {
            validation = outer.validation(seed);
        }
        return validation;
    }

    /**
     * Fits a model, choosing its configuration on validation when asked.
     *
     * @param spec     the model
     * @param tune     true: try the spec's grid on validation (a one-element grid is used without validating);
     *                 false: use the spec's defaults
     * @param progress receives fitting and evaluation progress
     */
    public <C> TunedModel fit(ModelSpec<C> spec, boolean tune, Progress progress) {
        Choice<C> choice = tune ? choose(spec, progress) : new Choice<>(spec.defaults(), List.of());
        C best = choice.config();
        List<Trial> trials = choice.trials();
        long start = System.nanoTime();
        Recommender model = spec.fit(outer.train(), best, progress);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new TunedModel(model, model.params(), trials, seconds);
    }

    /**
     * The configuration chosen on validation: every configuration of {@link ModelSpec#tuningGrid()} is fitted on
     * the validation protocol's training part and scored by NDCG@K; the best one (the first on ties) is chosen. A
     * one-element grid is chosen without validating.
     *
     * @param config the chosen configuration
     * @param trials every configuration tried with its validation metric (empty when nothing was tried)
     */
    public record Choice<C>(C config, List<Trial> trials) {

        /** Copies the trials. */
        public Choice {
            trials = List.copyOf(trials);
        }
    }

    /**
     * Chooses a model's configuration on validation, as {@link #fit} does, without the final refit. A
     * configuration whose fit or scoring refuses the data (an {@link IllegalArgumentException}, such as a rating
     * heat over values outside its scale) is skipped, listed among the trials with the reason.
     *
     * @throws IllegalStateException    when the validation split has no user with a held-out item
     * @throws IllegalArgumentException when no configuration can read the data
     */
    public <C> Choice<C> choose(ModelSpec<C> spec, Progress progress) {
        List<C> grid = spec.tuningGrid();
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("model " + spec.name() + " has an empty tuning grid");
        }
        if (grid.size() == 1) {
            return new Choice<>(grid.get(0), List.of());
        }
        EvaluationProtocol val = validation();
        if (val.users().length == 0) {
            throw new IllegalStateException("cannot tune " + spec.name() + ": the validation split ("
                    + val.splitName() + ") has no user with a held-out item");
        }
        String metric = tuningMetric();
        List<Trial> trials = new ArrayList<>();
        C best = grid.get(0);
        double bestValue = Double.NEGATIVE_INFINITY;
        IllegalArgumentException firstRefusal = null;
        for (int g = 0; g < grid.size(); g++) {
            C config = grid.get(g);
            progress.update("tune " + spec.name(), g, grid.size());
            double value;
            Map<String, Object> params;
            try {
                Recommender model = spec.fit(val.train(), config, progress);
                params = model.params();
                value = val.evaluate(model, progress).mean(metric);
            } catch (IllegalArgumentException cannotRead) {
                // a configuration that cannot read this data (e.g. rating heat over play counts) is skipped and
                // reported; the data decides, never a silent default
                firstRefusal = firstRefusal == null ? cannotRead : firstRefusal;
                trials.add(new Trial(Map.of("config", String.valueOf(config), "skipped", cannotRead.getMessage()),
                        Map.of()));
                continue;
            }
            trials.add(new Trial(params, Map.of(metric, value)));
            if (value > bestValue) {
                bestValue = value;
                best = config;
            }
        }
        progress.update("tune " + spec.name(), grid.size(), grid.size());
        if (bestValue == Double.NEGATIVE_INFINITY && firstRefusal != null) {
            throw new IllegalArgumentException(spec.name() + ": no configuration of the tuning grid can read this "
                    + "data: " + firstRefusal.getMessage(), firstRefusal);
        }
        return new Choice<>(best, trials);
    }
}
