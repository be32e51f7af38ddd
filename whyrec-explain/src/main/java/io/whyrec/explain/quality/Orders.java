package io.whyrec.explain.quality;

import io.whyrec.api.Shuffle;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Orders of history positions used by the curves: by attribution, or seeded random. */
public final class Orders {

    private Orders() {
    }

    /** Positions by descending attribution; ties by ascending position. */
    public static int[] byAttribution(double[] attributions) {
        Integer[] boxed = IntStream.range(0, attributions.length).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, Comparator.comparingDouble((Integer t) -> -attributions[t]).thenComparingInt(t -> t));
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }

    /** A uniformly random permutation of 0..n-1 ({@link Shuffle#permutation}). */
    public static int[] random(int n, SplittableRandom rnd) {
        return Shuffle.permutation(n, rnd);
    }
}
