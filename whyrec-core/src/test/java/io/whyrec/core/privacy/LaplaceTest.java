package io.whyrec.core.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LaplaceTest {

    @Test
    void samplesFollowTheLaplaceDistribution() {
        double b = 2.5;
        int n = 200_000;
        SplittableRandom random = new SplittableRandom(17);
        double[] x = new double[n];
        double sum = 0;
        double sumAbs = 0;
        for (int i = 0; i < n; i++) {
            x[i] = Laplace.sample(b, random);
            sum += x[i];
            sumAbs += Math.abs(x[i]);
        }
        // mean 0 (standard error b * sqrt(2 / n) = 0.0079) and E|X| = b (standard error b / sqrt(n) = 0.0056)
        assertEquals(0, sum / n, 0.04);
        assertEquals(b, sumAbs / n, 0.03);
        // Kolmogorov-Smirnov against the distribution function: critical value at alpha = 0.001 is 1.95 / sqrt(n)
        Arrays.sort(x);
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = Laplace.cdf(x[i], b);
            d = Math.max(d, Math.max(Math.abs(f - (double) i / n), Math.abs((double) (i + 1) / n - f)));
        }
        assertTrue(d < 1.95 / Math.sqrt(n), "KS statistic " + d);
        // and it would reject a wrong scale
        double wrong = 0;
        for (int i = 0; i < n; i++) {
            wrong = Math.max(wrong, Math.abs(Laplace.cdf(x[i], 2 * b) - (double) i / n));
        }
        assertTrue(wrong > 1.95 / Math.sqrt(n), "KS statistic against the wrong scale " + wrong);
    }

    @Test
    void countsAreCappedPerUserAndTheNoiseScaleIsCapOverEpsilon() {
        PrivateCounts dp = new PrivateCounts(0.5, 2);
        // the third user's third item is over the cap and not counted
        List<int[]> users = List.of(new int[] {0, 1}, new int[] {1}, new int[] {2, 1, 0});
        double[] a = dp.release(3, users, 9);
        assertArrayEquals(a, dp.release(3, users, 9), 0.0, "same seed, same release");
        assertTrue(Arrays.stream(a).noneMatch(v -> v == Math.rint(v)), "noise was added");
        // the noise is the seeded Laplace(2 / 0.5) sequence added to the capped counts {1, 3, 1}
        SplittableRandom random = new SplittableRandom(9);
        double[] exact = {1, 3, 1};
        for (int i = 0; i < 3; i++) {
            assertEquals(exact[i] + Laplace.sample(4.0, random), a[i], 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> new PrivateCounts(0, 2));
        assertThrows(IllegalArgumentException.class, () -> new PrivateCounts(Double.POSITIVE_INFINITY, 2));
        assertThrows(IllegalArgumentException.class, () -> new PrivateCounts(1, 0));
    }
}
