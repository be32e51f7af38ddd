package io.whyrec.explain;

/**
 * Solves small dense symmetric positive-definite systems by Cholesky factorisation, for the LIME and
 * KernelSHAP surrogates (at most a few hundred unknowns). Matrices are row-major {@code double[n*n]}.
 */
public final class DenseSolver {

    private DenseSolver() {
    }

    /**
     * Factorises A = L L^T in place (the lower triangle receives L). A jitter of {@code 1e-12 * mean diagonal}
     * is added to the diagonal if a pivot is not positive, up to a few times, so that a rank-deficient
     * sample design still gives the minimum-norm-like ridge solution instead of failing.
     *
     * @return the jitter that was added (0 when none was needed)
     */
    public static double cholesky(double[] a, int n) {
        double meanDiag = 0;
        for (int i = 0; i < n; i++) {
            meanDiag += a[i * n + i];
        }
        meanDiag = Math.max(meanDiag / Math.max(n, 1), 1e-300);
        double[] copy = a.clone();
        double jitter = 0;
        for (int attempt = 0; attempt < 8; attempt++) {
            if (attempt > 0) {
                System.arraycopy(copy, 0, a, 0, copy.length);
                jitter = jitter == 0 ? 1e-12 * meanDiag : jitter * 100;
                for (int i = 0; i < n; i++) {
                    a[i * n + i] += jitter;
                }
            }
            if (factor(a, n)) {
                return jitter;
            }
        }
        throw new IllegalStateException("matrix is not positive definite even with jitter " + jitter);
    }

    private static boolean factor(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            int rj = j * n;
            double d = a[rj + j] - dot(a, rj, rj, j);
            if (!(d > 0)) {
                return false;
            }
            double ljj = Math.sqrt(d);
            a[rj + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                int ri = i * n;
                a[ri + j] = (a[ri + j] - dot(a, ri, rj, j)) / ljj;
            }
        }
        return true;
    }

    /**
     * sum_{k < len} a[x + k] * a[y + k] with four independent fused accumulators: a single running sum is one
     * long dependency chain (one add per few cycles), four chains keep the FMA units busy. This dot product is
     * the whole cost of factorising the surrogate of a long history (n^3/6 of them).
     */
    static double dot(double[] a, int x, int y, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 4 <= len; k += 4) {
            s0 = Math.fma(a[x + k], a[y + k], s0);
            s1 = Math.fma(a[x + k + 1], a[y + k + 1], s1);
            s2 = Math.fma(a[x + k + 2], a[y + k + 2], s2);
            s3 = Math.fma(a[x + k + 3], a[y + k + 3], s3);
        }
        for (; k < len; k++) {
            s0 = Math.fma(a[x + k], a[y + k], s0);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Solves L L^T x = b with a factor from {@link #cholesky}; returns x (b is not modified). */
    public static double[] solveFactored(double[] l, int n, double[] b) {
        double[] y = b.clone();
        for (int i = 0; i < n; i++) {
            double s = y[i];
            int ri = i * n;
            for (int k = 0; k < i; k++) {
                s -= l[ri + k] * y[k];
            }
            y[i] = s / l[ri + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k * n + i] * y[k];
            }
            y[i] = s / l[i * n + i];
        }
        return y;
    }
}
