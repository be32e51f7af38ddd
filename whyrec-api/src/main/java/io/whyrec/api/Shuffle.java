package io.whyrec.api;

import java.util.SplittableRandom;

/**
 * The seeded Fisher-Yates shuffle every random order of the project uses (splits, synthetic data, cold-start
 * items, tie breaks, batch orders): from the last position down, each swaps with a uniformly drawn position at or
 * before it, so a seed gives the same order on every machine. Its partial form, {@link #front}, draws the random
 * subsets (the coalitions of LIME and KernelSHAP, the subsampled users of an evaluation).
 */
public final class Shuffle {

    private Shuffle() {
    }

    /** Shuffles the first {@code n} entries of an array in place. */
    public static void inPlace(int[] a, int n, SplittableRandom random) {
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A uniformly random permutation of 0..n-1. */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        inPlace(p, n, random);
        return p;
    }

    /**
     * Moves a uniformly random {@code m}-subset of {@code a}'s entries, in random order, to its first {@code m}
     * positions (a partial Fisher-Yates shuffle from the front: position i swaps with a uniformly drawn position at
     * or after it). Whatever order {@code a} was in, the front is a uniform draw.
     */
    public static void front(int[] a, int m, SplittableRandom random) {
        if (m < 0 || m > a.length) {
            throw new IllegalArgumentException("front: m = " + m + " outside 0.." + a.length);
        }
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(a.length - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
