package io.whyrec.core.model;

import io.whyrec.core.config.Params;
import io.whyrec.core.profile.EventWeighting;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Configuration of {@link ItemKnn}.
 *
 * @param neighbours how many most similar items are kept per item (count); default {@value #DEFAULT_NEIGHBOURS}
 * @param shrinkage  added to the cosine denominator so that items with few common users get smaller similarities
 *                   (unit: users); default {@value #DEFAULT_SHRINKAGE}; 0 gives the plain cosine
 * @param weighting  how the history the fitted model scores is weighted: {@code null} (the default) for the binary
 *                   history of {@link io.whyrec.core.profile.Histories#binary}, otherwise the seed formula
 *                   {@code w_t = s_t (alpha f_t + beta h_t) exp(-lambdaPerDay age_t)} under this weighting, built by
 *                   {@link io.whyrec.core.profile.HistoryBuilder} (the fitted model is then a
 *                   {@link WeightedHistoryModel}). The similarities are learnt from the binary matrix either way;
 *                   only the scored history changes.
 */
public record ItemKnnConfig(int neighbours, double shrinkage, EventWeighting weighting) {

    /** Default number of neighbours kept per item. */
    public static final int DEFAULT_NEIGHBOURS = 100;
    /** Default shrinkage. */
    public static final double DEFAULT_SHRINKAGE = 10.0;

    /** Checks the ranges: at least one neighbour, a finite non-negative shrinkage. */
    public ItemKnnConfig {
        if (neighbours < 1) {
            throw new IllegalArgumentException("itemknn: k must be >= 1, got " + neighbours);
        }
        if (!(shrinkage >= 0) || !Double.isFinite(shrinkage)) {
            throw new IllegalArgumentException("itemknn: shrinkage must be a finite number >= 0, got " + shrinkage);
        }
    }

    /** The keys {@link #from} reads: k, shrinkage and the history weighting's. */
    public static final Set<String> KEYS = ModelHistories.keys("k", "shrinkage");

    /** Reads a configuration from settings, the defaults where a key is absent. */
    public static ItemKnnConfig from(Params p) {
        return new ItemKnnConfig(p.intAtLeast("k", DEFAULT_NEIGHBOURS, 1),
                p.number("shrinkage", DEFAULT_SHRINKAGE, 0, false), ModelHistories.weighting(p));
    }

    /** The settings {@link #from} reads back into this configuration. */
    public Map<String, String> toSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("k", Integer.toString(neighbours));
        s.put("shrinkage", Double.toString(shrinkage));
        s.putAll(ModelHistories.settings(weighting));
        return s;
    }

    /** A configuration that scores the binary history. */
    public ItemKnnConfig(int neighbours, double shrinkage) {
        this(neighbours, shrinkage, null);
    }

    /** Whether the fitted model scores the binary history (no weighting). */
    public boolean binary() {
        return weighting == null;
    }

    /** The defaults: {@value #DEFAULT_NEIGHBOURS} neighbours, shrinkage {@value #DEFAULT_SHRINKAGE}, binary history. */
    public static ItemKnnConfig defaults() {
        return new ItemKnnConfig(DEFAULT_NEIGHBOURS, DEFAULT_SHRINKAGE);
    }
}
