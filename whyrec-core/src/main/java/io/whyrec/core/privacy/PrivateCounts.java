package io.whyrec.core.privacy;

import java.util.SplittableRandom;

/**
 * Per-item popularity released with user-level differential privacy. Each user counts at most once per item and
 * for at most {@code userCap} items (the caller passes each user's most recent distinct items, at most the cap),
 * so adding or removing one user changes the count vector by at most {@code userCap} in L1 norm; the Laplace
 * mechanism with scale {@code userCap / epsilon} then makes the released vector epsilon-differentially private
 * with respect to any one user. Every release spends epsilon: releasing again after the data changed composes
 * (k releases are k * epsilon private), which is why the server refreshes its release only at an interval.
 *
 * @param epsilon the privacy parameter, positive
 * @param userCap the most items one user contributes, positive
 */
public record PrivateCounts(double epsilon, int userCap) {

    /** Checks the values. */
    public PrivateCounts {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("differential privacy: epsilon must be positive and finite, got "
                    + epsilon);
        }
        if (userCap < 1) {
            throw new IllegalArgumentException("differential privacy: the user cap must be >= 1, got " + userCap);
        }
    }

    /** Default cap of items per user: 100. */
    public static final int DEFAULT_USER_CAP = 100;

    /**
     * Counts, then releases with noise.
     *
     * @param numItems  items of the catalogue
     * @param userItems per user, the distinct item indices it contributes; only the first {@code userCap} of
     *                  each are counted (pass them most recent first)
     * @param seed      seed of the noise
     * @return the noisy counts, one per item
     */
    public double[] release(int numItems, Iterable<int[]> userItems, long seed) {
        double[] counts = new double[numItems];
        for (int[] items : userItems) {
            int n = Math.min(items.length, userCap);
            for (int k = 0; k < n; k++) {
                counts[items[k]] += 1;
            }
        }
        return Laplace.release(counts, userCap, epsilon, new SplittableRandom(seed));
    }
}
