package io.whyrec.core.model.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpdInverseTest {

    /** A random Gram matrix X^T X + lambda I of a seeded sparse 0/1 matrix with skewed column popularity. */
    static double[] randomGram(int users, int n, double lambda, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] g = new double[n * n];
        int[] row = new int[n];
        for (int u = 0; u < users; u++) {
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (random.nextDouble() < 0.3 * (n - i) / n) {
                    row[m++] = i;
                }
            }
            for (int x = 0; x < m; x++) {
                for (int y = 0; y < m; y++) {
                    g[row[x] * n + row[y]] += 1;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            g[i * n + i] += lambda;
        }
        return g;
    }

    /** Independent reference: plain Gauss-Jordan inversion with partial pivoting, in double. */
    static double[] gaussJordan(double[] g, int n) {
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = g[i * n + j];
            }
            a[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            double d = a[c][c];
            for (int j = 0; j < 2 * n; j++) {
                a[c][j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c && a[r][c] != 0) {
                    double f = a[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        a[r][j] -= f * a[c][j];
                    }
                }
            }
        }
        double[] p = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, p, i * n, n);
        }
        return p;
    }

    @Test
    void easeWeightsMatchAnIndependentDoubleSolveOn300Items() {
        int n = 300;
        double[] g = randomGram(400, n, 20.0, 42);
        double[] ref = gaussJordan(g, n);
        for (int threads : new int[] {1, 2}) {
            double[] p = SpdInverse.invert(g.clone(), n, threads);
            // compare B = -P / diag(P) column-wise, relative to the largest |B|
            double maxB = 0;
            double maxErr = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i == j) {
                        continue;
                    }
                    double bRef = -ref[i * n + j] / ref[j * n + j];
                    double b = -p[i * n + j] / p[j * n + j];
                    maxB = Math.max(maxB, Math.abs(bRef));
                    maxErr = Math.max(maxErr, Math.abs(b - bRef));
                }
            }
            assertTrue(maxErr <= 1e-4 * maxB, "threads " + threads + ": max |B - Bref| " + maxErr + " vs max |B| " + maxB);
            // and the inverse itself is accurate to near machine precision
            assertTrue(maxErr <= 1e-10 * maxB, "threads " + threads + ": " + maxErr);
        }
    }

    @Test
    void sizesAroundTheBlockBoundariesGiveTheIdentity() {
        for (int n : new int[] {1, 2, 5, 63, 64, 65, 130, 257, 300}) {
            double[] g = randomGram(n + 50, n, 3.0, n);
            double[] p = SpdInverse.invert(g.clone(), n, 2);
            double err = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        s += g[i * n + k] * p[k * n + j];
                    }
                    err = Math.max(err, Math.abs(s - (i == j ? 1 : 0)));
                    assertEquals(p[i * n + j], p[j * n + i], 0.0, "P must be symmetric");
                }
            }
            assertTrue(err < 1e-9, "n=" + n + ": max |G P - I| = " + err);
        }
    }

    @Test
    void rejectsAnIndefiniteMatrix() {
        double[] g = {1, 2, 2, 1};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpdInverse.invert(g, 2, 1));
        assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
    }

    /** The float solve of the same matrices: G P - I within float accuracy, P symmetric, the input overwritten. */
    @Test
    void theFloatSolveGivesTheIdentityToFloatAccuracy() {
        for (int n : new int[] {1, 5, 64, 65, 257, 300}) {
            double[] g = randomGram(n + 50, n, 3.0, n);
            float[] gf = new float[n * n];
            for (int i = 0; i < gf.length; i++) {
                gf[i] = (float) g[i];
            }
            float[] p = SpdInverseFloat.invert(gf, n, 2);
            assertTrue(p == gf, "the inverse is written over the input");
            double err = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        s += g[i * n + k] * p[k * n + j];
                    }
                    err = Math.max(err, Math.abs(s - (i == j ? 1 : 0)));
                    assertEquals(p[i * n + j], p[j * n + i], 0.0, "P must be symmetric");
                }
            }
            assertTrue(err < 1e-4, "n=" + n + ": max |G P - I| = " + err);
            assertTrue(err > 0 || n == 1, "a float solve is not exact");
        }
    }

    /** Progress inside the solve: 3 steps per 64-row block, never decreasing, ending at the total. */
    @Test
    void theSolveReportsItsBlockSteps() {
        int n = 200;
        double[] g = randomGram(250, n, 3.0, 5);
        java.util.List<long[]> seen = new java.util.ArrayList<>();
        SpdInverse.invert(g, n, 2, (task, done, total) -> {
            assertEquals("inv", task);
            seen.add(new long[] {done, total});
        }, "inv");
        long blocks = (n + 63) / 64;
        assertEquals(3 * blocks, seen.get(seen.size() - 1)[0]);
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(3 * blocks, seen.get(i)[1]);
            if (i > 0) {
                assertTrue(seen.get(i)[0] >= seen.get(i - 1)[0], "progress went back at report " + i);
            }
        }
        assertTrue(seen.size() >= 3 * blocks, "one report per block step at least, got " + seen.size());
    }
}
