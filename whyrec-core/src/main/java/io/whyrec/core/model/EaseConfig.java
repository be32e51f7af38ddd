package io.whyrec.core.model;

import io.whyrec.core.config.Params;
import io.whyrec.core.profile.EventWeighting;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Configuration of {@link Ease}.
 *
 * @param lambda     L2 regularisation added to the diagonal of the Gram matrix X^T X (unit: interactions, since
 *                   X^T X counts co-occurrences); default {@value #DEFAULT_LAMBDA}; larger values shrink the
 *                   item-item weights and favour less popular items less
 * @param weighting  how the history the fitted model scores is weighted: {@code null} (the default) for the binary
 *                   history of {@link io.whyrec.core.profile.Histories#binary}, otherwise the seed formula
 *                   {@code w_t = s_t (alpha f_t + beta h_t) exp(-lambdaPerDay age_t)} under this weighting, built by
 *                   {@link io.whyrec.core.profile.HistoryBuilder} (the fitted model is then a
 *                   {@link WeightedHistoryModel}). The weights B are learnt from the binary matrix either way; only
 *                   the scored history changes.
 * @param form       how B is computed: {@link Form#AUTO} (the default) picks by catalogue size and free heap,
 *                   the others force one form
 * @param neighbours items each column of B may use in the sparse form (count, default
 *                   {@value #DEFAULT_NEIGHBOURS}); ignored by the dense forms
 */
public record EaseConfig(double lambda, EventWeighting weighting, Form form, int neighbours) {

    /** Default regularisation (Steck 2019 reports 200-500 for ML-20M-sized data; 500 is a safe start). */
    public static final double DEFAULT_LAMBDA = 500.0;

    /**
     * Default neighbourhood of the sparse form (items per column of B). Each column costs a dense
     * {@code k x k} solve, {@code k^3 / 6} multiply-adds, so 200 keeps a 100k-item fit to minutes on two cores,
     * at an accuracy cost that docs/scale.md measures against the dense form.
     */
    public static final int DEFAULT_NEIGHBOURS = 200;

    /**
     * Largest catalogue that {@link Form#AUTO} fits in double precision (items). Above it the dense solve runs in
     * float: half the memory of the matrix and a third of what the double form needs in all (the double inverse
     * plus the float B), so 24k items fit in an 8 GB heap; the measured accuracy cost is in docs/scale.md.
     */
    public static final int DOUBLE_MAX_ITEMS = 10_000;

    /**
     * Largest catalogue that {@link Form#AUTO} solves densely (items); above it the sparse form is used unless a
     * dense form is asked for. The dense solve costs n^3/2 multiply-adds: at 16,000 items about 2e12, five
     * minutes at the float kernel's measured rate on the 2-core build machine (docs/scale.md), and the cost grows
     * with the cube (24,000 items: 17 minutes), while the sparse form grows linearly with the items.
     */
    public static final int DENSE_AUTO_MAX_ITEMS = 16_000;

    /** How the weight matrix B is computed and held. */
    public enum Form {
        /**
         * Double up to {@link #DOUBLE_MAX_ITEMS} items, float up to {@link #DENSE_AUTO_MAX_ITEMS} while the
         * matrix fits the heap, else sparse.
         */
        AUTO,
        /** The dense inverse in double precision: 12 n^2 bytes (the n x n double inverse, then the float B). */
        DOUBLE,
        /** The dense inverse in single precision, in place: 4 n^2 bytes (the matrix becomes B). */
        FLOAT,
        /**
         * Each column of B restricted to its {@code neighbours} most co-occurring items and solved as its own
         * ridge regression (the column-wise form of the EASE closed form); B is held sparse.
         */
        SPARSE;

        /** The lower-case name used on the command line and in model files. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks lambda (a positive finite number keeps X^T X + lambda I positive definite) and the neighbours. */
    public EaseConfig {
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("ease: lambda must be a finite number > 0, got " + lambda);
        }
        if (form == null) {
            form = Form.AUTO;
        }
        if (neighbours < 1) {
            throw new IllegalArgumentException("ease: neighbours must be >= 1, got " + neighbours);
        }
    }

    /** The keys {@link #from} reads: lambda, form, neighbours and the history weighting's. */
    public static final Set<String> KEYS = ModelHistories.keys("lambda", "form", "neighbours");

    /** Reads a configuration from settings, the defaults where a key is absent. */
    public static EaseConfig from(Params p) {
        return new EaseConfig(p.number("lambda", DEFAULT_LAMBDA, 0, true), ModelHistories.weighting(p),
                p.choice("form", Form.class, Form.AUTO), p.intAtLeast("neighbours", DEFAULT_NEIGHBOURS, 1));
    }

    /** The settings {@link #from} reads back into this configuration. */
    public Map<String, String> toSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("lambda", Double.toString(lambda));
        s.put("form", form.key());
        s.put("neighbours", Integer.toString(neighbours));
        s.putAll(ModelHistories.settings(weighting));
        return s;
    }

    /** A configuration that scores the binary history. */
    public EaseConfig(double lambda) {
        this(lambda, null);
    }

    /** A configuration with the automatic form and the default neighbourhood. */
    public EaseConfig(double lambda, EventWeighting weighting) {
        this(lambda, weighting, Form.AUTO, DEFAULT_NEIGHBOURS);
    }

    /** A copy with another form and neighbourhood. */
    public EaseConfig withForm(Form newForm, int newNeighbours) {
        return new EaseConfig(lambda, weighting, newForm, newNeighbours);
    }

    /** Whether the fitted model scores the binary history (no weighting). */
    public boolean binary() {
        return weighting == null;
    }

    /** The defaults: lambda {@value #DEFAULT_LAMBDA}, binary history, automatic form. */
    public static EaseConfig defaults() {
        return new EaseConfig(DEFAULT_LAMBDA);
    }
}
