package io.whyrec.eval.protocol;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap intervals over users (Efron and Tibshirani, An Introduction to the Bootstrap, 1993).
 * Users are resampled with replacement; the interval is the 2.5th and 97.5th percentile (linear interpolation)
 * of the resampled means. Every call restarts the generator from the seed, so two calls over the same number
 * of users draw the same resamples: intervals of models evaluated on the same users are paired, and the
 * interval of a difference resamples users, not models, which is what makes it paired.
 */
public final class Bootstrap {

    /** Default number of resamples. */
    public static final int DEFAULT_RESAMPLES = 1000;

    /** Coverage of the intervals. */
    public static final double LEVEL = 0.95;

    private final int resamples;
    private final long seed;

    /**
     * A bootstrap with a number of resamples and a seed.
     *
     * @param resamples number of resamples, at least 2
     * @param seed      seed of the resampling
     */
    public Bootstrap(int resamples, long seed) {
        if (resamples < 2) {
            throw new IllegalArgumentException("bootstrap needs at least 2 resamples, got " + resamples);
        }
        this.resamples = resamples;
        this.seed = seed;
    }

    /** {@link #DEFAULT_RESAMPLES} resamples with a seed. */
    public Bootstrap(long seed) {
        this(DEFAULT_RESAMPLES, seed);
    }

    /** The 95% interval of the mean of per-user values. */
    public Interval mean(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("bootstrap of an empty sample");
        }
        return percentile(resampledMeans(values));
    }

    /**
     * The 95% interval of the mean paired difference {@code a[u] - b[u]} over users.
     *
     * @param a per-user values of a model
     * @param b per-user values of the baseline, for the same users in the same order
     */
    public Interval pairedDifference(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired bootstrap needs the same users: " + a.length + " vs "
                    + b.length + " values");
        }
        double[] diff = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            diff[i] = a[i] - b[i];
        }
        return mean(diff);
    }

    /**
     * The 95% interval of the mean of each per-user metric of a ranking evaluation, in the result's metric order.
     */
    public Map<String, Interval> means(RankingResult result) {
        Map<String, Interval> out = new LinkedHashMap<>();
        for (String metric : result.perUserMetrics()) {
            out.put(metric, mean(result.values(metric)));
        }
        return out;
    }

    /**
     * The paired 95% interval of each per-user metric's mean difference, model minus baseline, in the model's
     * metric order.
     *
     * @throws IllegalStateException when the two were evaluated on different users (they cannot be paired)
     */
    public Map<String, Interval> pairedDifferences(RankingResult model, RankingResult baseline) {
        if (!Arrays.equals(model.users(), baseline.users())) {
            throw new IllegalStateException("the models were evaluated on different users (" + model.users().length
                    + " and " + baseline.users().length + "); cannot pair them");
        }
        Map<String, Interval> out = new LinkedHashMap<>();
        for (String metric : model.perUserMetrics()) {
            out.put(metric, pairedDifference(model.values(metric), baseline.values(metric)));
        }
        return out;
    }

    private double[] resampledMeans(double[] values) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = values.length;
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += values[random.nextInt(n)];
            }
            means[r] = sum / n;
        }
        return means;
    }

    private static Interval percentile(double[] means) {
        Arrays.sort(means);
        double alpha = (1 - LEVEL) / 2;
        return new Interval(quantile(means, alpha), quantile(means, 1 - alpha));
    }

    /** Linear-interpolation quantile of sorted values (type 7 of Hyndman and Fan). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        double frac = pos - lo;
        return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }
}
