package io.whyrec.api;

import java.util.SplittableRandom;

/**
 * The seeded Fisher-Yates shuffle every random order of the project uses (splits, synthetic data, cold-start
 * items, tie breaks, batch orders): from the last position down, each swaps with a uniformly drawn position at or
 * before it, so a seed gives the same order on every machine.
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
}
