package io.whyrec.core.model;

import io.whyrec.core.config.Params;
import io.whyrec.core.profile.EventWeighting;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Configuration of {@link Ials}.
 *
 * @param factors         dimension of the user and item factors; default {@value #DEFAULT_FACTORS}
 * @param lambda          L2 regularisation of both factor matrices, added to the diagonal of every k x k system
 *                        (unit: confidence-weighted squared errors, like the loss); default {@value #DEFAULT_LAMBDA}
 * @param confidenceAlpha the confidence scale alpha of Hu, Koren and Volinsky: an observed cell has confidence
 *                        {@code c = 1 + confidenceAlpha * |w|}, an unobserved one confidence 1; default
 *                        {@value #DEFAULT_CONFIDENCE_ALPHA}. It is not called {@code alpha} because that key is the
 *                        seed formula's frequency weight when {@code weighting=formula}.
 * @param iterations      alternating sweeps (a user half-step, then an item half-step); default
 *                        {@value #DEFAULT_ITERATIONS}
 * @param seed            seed of the random initial item factors; the same seed gives the same model bit for bit
 * @param weighting       how the history is weighted: {@code null} (the default) for the binary history of
 *                        {@link io.whyrec.core.profile.Histories#binary} (w = 1, or -1 against an item), otherwise
 *                        the seed formula under this weighting (the fitted model is then a
 *                        {@link WeightedHistoryModel}). Unlike EASE, iALS also learns from these weights: the
 *                        confidences of training and of scoring are the same.
 */
public record IalsConfig(int factors, double lambda, double confidenceAlpha, int iterations, long seed,
                         EventWeighting weighting) {

    /** Default factor dimension. */
    public static final int DEFAULT_FACTORS = 64;
    /** Default regularisation. */
    public static final double DEFAULT_LAMBDA = 50.0;
    /**
     * Default confidence scale (Hu et al. report 40 on TV watching data, where a cell sums many hours; the
     * MovieLens validation splits prefer 5-10 with one event per cell).
     */
    public static final double DEFAULT_CONFIDENCE_ALPHA = 5.0;
    /** Default number of alternating sweeps. */
    public static final int DEFAULT_ITERATIONS = 15;
    /** Default seed of the initial factors. */
    public static final long DEFAULT_SEED = 42L;

    /** Checks every value, naming the parameter that is out of range. */
    public IalsConfig {
        if (factors < 1 || factors > 1024) {
            throw new IllegalArgumentException("ials: factors must be in 1..1024, got " + factors);
        }
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("ials: lambda must be a finite number > 0, got " + lambda);
        }
        if (!(confidenceAlpha >= 0) || !Double.isFinite(confidenceAlpha)) {
            throw new IllegalArgumentException("ials: confidenceAlpha must be a finite number >= 0, got "
                    + confidenceAlpha);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("ials: iterations must be >= 1, got " + iterations);
        }
    }

    /**
     * The keys {@link #from} reads: factors, lambda, confidenceAlpha, iterations, seed and the history
     * weighting's.
     */
    public static final Set<String> KEYS = ModelHistories.keys("factors", "lambda", "confidenceAlpha", "iterations",
            "seed");

    /**
     * Reads a configuration from settings, the defaults where a key is absent.
     *
     * @throws IllegalArgumentException naming the key; {@code alpha} without {@code weighting=formula} is
     *                                  refused with a pointer to {@code confidenceAlpha}, the name it is mistaken
     *                                  for
     */
    public static IalsConfig from(Params p) {
        if (p.has("alpha") && !ModelHistories.FORMULA.equals(
                p.text(ModelHistories.WEIGHTING_KEY, "").toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(p.owner() + ": parameter 'alpha' is the seed formula's frequency "
                    + "weight and needs " + ModelHistories.WEIGHTING_KEY + "=" + ModelHistories.FORMULA
                    + "; the confidence scale of c = 1 + alpha * w is 'confidenceAlpha'");
        }
        return new IalsConfig(p.intAtLeast("factors", DEFAULT_FACTORS, 1), p.number("lambda", DEFAULT_LAMBDA, 0, true),
                p.number("confidenceAlpha", DEFAULT_CONFIDENCE_ALPHA, 0, false),
                p.intAtLeast("iterations", DEFAULT_ITERATIONS, 1), p.longValue("seed", DEFAULT_SEED),
                ModelHistories.weighting(p));
    }

    /** The settings {@link #from} reads back into this configuration. */
    public Map<String, String> toSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("factors", Integer.toString(factors));
        s.put("lambda", Double.toString(lambda));
        s.put("confidenceAlpha", Double.toString(confidenceAlpha));
        s.put("iterations", Integer.toString(iterations));
        s.put("seed", Long.toString(seed));
        s.putAll(ModelHistories.settings(weighting));
        return s;
    }

    /** A configuration that scores (and learns from) the binary history, with the default iterations and seed. */
    public IalsConfig(int factors, double lambda, double confidenceAlpha) {
        this(factors, lambda, confidenceAlpha, DEFAULT_ITERATIONS, DEFAULT_SEED, null);
    }

    /** Whether the model reads the binary history (no weighting). */
    public boolean binary() {
        return weighting == null;
    }

    /** The defaults: {@value #DEFAULT_FACTORS} factors, lambda {@value #DEFAULT_LAMBDA}, binary history. */
    public static IalsConfig defaults() {
        return new IalsConfig(DEFAULT_FACTORS, DEFAULT_LAMBDA, DEFAULT_CONFIDENCE_ALPHA);
    }
}
