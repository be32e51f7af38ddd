package io.whyrec.core.model.linalg;

/**
 * Cholesky factorisation {@code A = L L^T} of a small dense symmetric positive-definite matrix and the solves
 * with its factor, for the k x k systems of matrix factorisation (iALS folds a user in with one per history).
 * The matrix is row-major in a {@code double[]} of length {@code k*k}; only its lower triangle is read, and the
 * factor is written over it (the strict upper triangle is left as it was). Every loop runs in a fixed order, so
 * the same input gives the same factor and solutions bit for bit.
 */
public final class Cholesky {

    private Cholesky() {
    }

    /**
     * Factors a symmetric positive-definite matrix in place: afterwards its lower triangle holds L.
     *
     * @param a row-major {@code k*k} matrix; its lower triangle is read and overwritten with L
     * @param k order of the matrix
     * @throws IllegalArgumentException when the matrix is not positive definite (a pivot is not positive)
     */
    public static void factor(double[] a, int k) {
        if (a.length < k * k) {
            throw new IllegalArgumentException("cholesky: array of " + a.length + " entries for a " + k + "x" + k
                    + " matrix");
        }
        for (int j = 0; j < k; j++) {
            int rj = j * k;
            double d = a[rj + j];
            for (int p = 0; p < j; p++) {
                d -= a[rj + p] * a[rj + p];
            }
            if (!(d > 0) || !Double.isFinite(d)) {
                throw new IllegalArgumentException("cholesky: the matrix is not positive definite (pivot " + j
                        + " is " + d + ")");
            }
            double ljj = Math.sqrt(d);
            a[rj + j] = ljj;
            double inv = 1.0 / ljj;
            for (int i = j + 1; i < k; i++) {
                int ri = i * k;
                double s = a[ri + j];
                for (int p = 0; p < j; p++) {
                    s -= a[ri + p] * a[rj + p];
                }
                a[ri + j] = s * inv;
            }
        }
    }

    /**
     * Solves {@code L L^T x = b} with a factor from {@link #factor}.
     *
     * @param l   the factor (lower triangle, row-major {@code k*k})
     * @param k   order of the matrix
     * @param b   right-hand side, length k (not modified)
     * @param out receives x, length k (may be {@code b} itself)
     */
    public static void solve(double[] l, int k, double[] b, double[] out) {
        // forward: L y = b
        for (int i = 0; i < k; i++) {
            int ri = i * k;
            double s = b[i];
            for (int p = 0; p < i; p++) {
                s -= l[ri + p] * out[p];
            }
            out[i] = s / l[ri + i];
        }
        // backward: L^T x = y
        for (int i = k - 1; i >= 0; i--) {
            double s = out[i];
            for (int p = i + 1; p < k; p++) {
                s -= l[p * k + i] * out[p];
            }
            out[i] = s / l[i * k + i];
        }
    }
}
