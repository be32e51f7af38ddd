package io.whyrec.eval;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.data.Split;
import io.whyrec.core.model.ModelSpec;
import io.whyrec.core.model.ModelTooLargeException;
import io.whyrec.eval.protocol.Bootstrap;
import io.whyrec.eval.protocol.EvalSettings;
import io.whyrec.eval.protocol.EvaluationProtocol;
import io.whyrec.eval.protocol.GivenSplitProtocol;
import io.whyrec.eval.protocol.Interval;
import io.whyrec.eval.protocol.RankingResult;
import io.whyrec.eval.protocol.TunedModel;
import io.whyrec.eval.protocol.Tuner;
import io.whyrec.eval.report.Comparison;
import io.whyrec.eval.report.EvaluationReport;
import io.whyrec.eval.report.ModelResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Evaluates a list of models with one protocol and returns a report: each model is tuned on validation (or
 * takes its defaults), refitted on the full training part, ranked for every evaluated user, summarised with
 * bootstrap intervals over users, and compared user by user with a baseline (the first model listed unless
 * one is named).
 */
public final class Evaluator {

    /**
     * Evaluation options, with their defaults in {@link #defaults()}.
     *
     * @param k         cut-off of every metric when the evaluator builds the protocol; default 10
     * @param seed      seed of the validation split and of the bootstrap; default 42
     * @param tune      true: choose each model's configuration from its tuning grid on validation; false: use
     *                  its defaults; default true
     * @param resamples bootstrap resamples; default {@link Bootstrap#DEFAULT_RESAMPLES} (1000)
     * @param baseline  name of the model the others are compared with, or null for the first listed; default
     *                  null
     * @param settings  history function, scoring threads and validation ratio; default
     *                  {@link EvalSettings#defaults()}
     */
    public record Options(int k, long seed, boolean tune, int resamples, String baseline, EvalSettings settings) {

        /** Checks the values. */
        public Options {
            if (k <= 0) {
                throw new IllegalArgumentException("k must be positive, got " + k);
            }
            Objects.requireNonNull(settings, "settings");
        }

        /** K=10, seed 42, tuning on, 1000 resamples, first model as baseline, default settings. */
        public static Options defaults() {
            return new Options(10, 42L, true, Bootstrap.DEFAULT_RESAMPLES, null, EvalSettings.defaults());
        }

        /** The same options with another K, seed and tuning switch. */
        public Options with(int newK, long newSeed, boolean newTune) {
            return new Options(newK, newSeed, newTune, resamples, baseline, settings);
        }

        /** The same options with a named baseline. */
        public Options withBaseline(String newBaseline) {
            return new Options(k, seed, tune, resamples, newBaseline, settings);
        }

        /** The same options with other protocol settings. */
        public Options withSettings(EvalSettings newSettings) {
            return new Options(k, seed, tune, resamples, baseline, newSettings);
        }
    }

    private final Options options;

    /** An evaluator with options. */
    public Evaluator(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Evaluates models on a given train/test split with default options otherwise.
     *
     * @param split    train and test parts sharing indices
     * @param specs    the models, baseline first
     * @param k        the cut-off
     * @param seed     seed of the validation split and the bootstrap
     * @param tune     whether to tune on validation
     * @param progress receives progress
     */
    public static EvaluationReport evaluate(Split split, List<ModelSpec<?>> specs, int k, long seed, boolean tune,
                                            Progress progress) {
        return new Evaluator(Options.defaults().with(k, seed, tune)).evaluate(split, specs, progress);
    }

    /** Evaluates models with the given-split protocol on a split, at the options' K. */
    public EvaluationReport evaluate(Split split, List<ModelSpec<?>> specs, Progress progress) {
        return evaluate(new GivenSplitProtocol(split, options.k(), options.settings()), specs, progress);
    }

    /** Evaluates models with any protocol (at the protocol's K). */
    public EvaluationReport evaluate(EvaluationProtocol protocol, List<ModelSpec<?>> specs, Progress progress) {
        return evaluate(protocol, specs, progress, null);
    }

    /**
     * Evaluates models with any protocol and hands back the fitted models (tuned, refitted on the full training
     * part), so a caller can show their recommendations without fitting again.
     *
     * @param fitted receives model name to fitted model; may be null
     */
    public EvaluationReport evaluate(EvaluationProtocol protocol, List<ModelSpec<?>> specs, Progress progress,
                                     Map<String, Recommender> fitted) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no model to evaluate");
        }
        Set<String> names = new HashSet<>();
        for (ModelSpec<?> spec : specs) {
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("model '" + spec.name() + "' is listed twice");
            }
        }
        String baseline = options.baseline() == null ? specs.get(0).name() : options.baseline();
        if (!names.contains(baseline)) {
            throw new IllegalArgumentException("baseline '" + baseline + "' is not among the models " + names);
        }
        if (protocol.users().length == 0) {
            throw new IllegalArgumentException("protocol " + protocol.name() + " on " + protocol.splitName()
                    + " has no user with a held-out item to evaluate");
        }
        Tuner tuner = new Tuner(protocol, options.seed());
        Bootstrap bootstrap = new Bootstrap(options.resamples(), options.seed());
        Map<String, RankingResult> rankings = new LinkedHashMap<>();
        List<ModelResult> results = new ArrayList<>();
        List<EvaluationReport.NotFitted> notFitted = new ArrayList<>();
        for (ModelSpec<?> spec : specs) {
            TunedModel tuned;
            try {
                tuned = tuner.fit(spec, options.tune(), progress);
            } catch (ModelTooLargeException tooLarge) {
                // refused before the work: the other models' results are kept and the report says why
                notFitted.add(new EvaluationReport.NotFitted(spec.name(), tooLarge.getMessage()));
                continue;
            }
            if (fitted != null) {
                fitted.put(spec.name(), tuned.model());
            }
            RankingResult result = protocol.evaluate(tuned.model(), progress);
            rankings.put(spec.name(), result);
            results.add(new ModelResult(spec.name(), tuned.params(), result.summary(), bootstrap.means(result),
                    tuned.tuning(), tuned.fitSeconds()));
        }
        RankingResult base = rankings.get(baseline);
        List<Comparison> comparisons = new ArrayList<>();
        for (Map.Entry<String, RankingResult> e : rankings.entrySet()) {
            if (base == null || e.getKey().equals(baseline)) {
                continue;
            }
            RankingResult r = e.getValue();
            Map<String, Interval> paired;
            try {
                paired = bootstrap.pairedDifferences(r, base);
            } catch (IllegalStateException differentUsers) {
                throw new IllegalStateException("models " + e.getKey() + " and " + baseline + ": "
                        + differentUsers.getMessage(), differentUsers);
            }
            paired.forEach((metric, ci) -> comparisons.add(new Comparison(e.getKey(), baseline, metric,
                    r.mean(metric) - base.mean(metric), ci)));
        }
        String validation = options.tune() && results.stream().anyMatch(r -> !r.tuning().isEmpty())
                ? tuner.validation().splitName() : null;
        return new EvaluationReport(protocol.name(), protocol.splitName(), protocol.k(), protocol.users().length,
                protocol.droppedUsers(), validation, results, comparisons, notFitted);
    }
}
