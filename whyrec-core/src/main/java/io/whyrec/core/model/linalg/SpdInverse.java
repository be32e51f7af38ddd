package io.whyrec.core.model.linalg;

import io.whyrec.api.Progress;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Inverse of a dense symmetric positive-definite matrix, {@code P = G^-1}, by a cache-blocked, multi-threaded
 * Cholesky factorisation {@code G = L L^T}, the triangular inverse {@code W = L^-1} and the product
 * {@code P = W^T W}: about {@code n^3 / 2} multiply-adds in all, half of what a general LU inverse needs.
 *
 * <p>Every heavy loop is one kernel, {@link #axpy2x4}: two target rows each receive four scaled source rows,
 * {@code x0[j] += a0*s0[j] + ... + a3*s3[j]; x1[j] += b0*s0[j] + ... + b3*s3[j]}, over contiguous row segments
 * with the sources in a different array from the targets, which HotSpot's C2 compiler turns into SIMD code
 * (measured alone, single thread: 1.9 GFMA/s for a one-row axpy, 3.3 for one row x four sources, 4.0 for one row
 * x eight sources, 5.2 for two rows x four sources). Targets are cut into row blocks of {@value #NB} and column
 * tiles of {@value #JT}, sources into chunks of {@value #KC} rows, so a source chunk stays in the L2 cache while
 * the target rows pass; the independent tiles run on a {@link ForkJoinPool} of the requested size. The matrix is
 * stored row-major in a {@code double[]} of length {@code n*n}; only its lower triangle is read, and the inverse
 * is written over it ({@link SpdInverseFloat} is the same code in single precision).
 */
public final class SpdInverse {

    /** Row-block size of the factorisation and of the inverse (rows). */
    static final int NB = 64;
    /** Column-tile width of the updates (columns). */
    static final int JT = 256;
    /** Source rows per chunk of an update (rows). */
    static final int KC = 64;

    private SpdInverse() {
    }

    /**
     * Inverts a symmetric positive-definite matrix in place.
     *
     * @param g       row-major {@code n*n} matrix; its lower triangle is read and the array is overwritten
     * @param n       order of the matrix
     * @param threads number of worker threads (1 runs everything on the calling thread's pool of one)
     * @return {@code g} itself, now holding the full symmetric inverse, row-major {@code n*n}
     * @throws IllegalArgumentException when the matrix is not positive definite (a pivot is not positive)
     */
    public static double[] invert(double[] g, int n, int threads) {
        return invert(g, n, threads, Progress.NONE, "inverse");
    }

    /**
     * Inverts a symmetric positive-definite matrix in place, with no second n x n array: the Cholesky factor,
     * its triangular inverse and the product {@code W^T W} each overwrite the array, and the only extra memory is
     * a few {@value #NB}-row panels ({@link #workspaceEntries(int)} entries). Progress is reported as block steps
     * of the three phases (factor, triangular inverse, product), {@code 3 * ceil(n / NB)} steps in all.
     *
     * @param g        row-major {@code n*n} matrix; its lower triangle is read and the array is overwritten
     * @param n        order of the matrix
     * @param threads  number of worker threads
     * @param progress receives the block steps
     * @param task     the task name progress is reported under
     * @return {@code g} itself, now holding the full symmetric inverse
     * @throws IllegalArgumentException when the matrix is not positive definite (a pivot is not positive)
     */
    public static double[] invert(double[] g, int n, int threads, Progress progress, String task) {
        if (g.length != (long) n * n) {
            throw new IllegalArgumentException("matrix array has " + g.length + " entries, expected " + n + "x" + n);
        }
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
        Steps steps = new Steps(progress, task, 3L * ((n + NB - 1) / NB));
        try {
            cholesky(g, n, pool, steps);
            zeroUpper(g, n);
            invertLower(g, n, pool, steps);
            gramOfLowerInPlace(g, n, pool, steps);
            mirrorLower(g, n);
            steps.finish();
            return g;
        } finally {
            pool.shutdown();
        }
    }

    /** Entries of workspace (beyond the n x n matrix) that {@link #invert} allocates at most at once. */
    public static long workspaceEntries(int n) {
        return 2L * NB * n + (long) NB * NB;
    }

    /** Multiply-adds of the inverse: n^3/6 for each of the factor, the triangular inverse and the product. */
    public static double multiplyAdds(int n) {
        return (double) n * n * n / 2.0;
    }

    /** Counts block steps and reports them. */
    private static final class Steps {
        private final Progress progress;
        private final String task;
        private final long total;
        private long done;

        Steps(Progress progress, String task, long total) {
            this.progress = progress;
            this.task = task;
            this.total = total;
            progress.update(task, 0, total);
        }

        void step() {
            done++;
            progress.update(task, Math.min(done, total), total);
        }

        void finish() {
            progress.update(task, total, total);
        }
    }

    /**
     * Measures the multiply-add rate of this solver's kernel on a rank-{@value #NB} update, the operation that
     * dominates the factorisation and the product: {@code X (m x m) += C (m x NB) S (NB x m)}, split into
     * 32-row bands and {@value #JT}-column tiles over the threads exactly as the trailing update of the
     * factorisation is. The best of {@code repeats} timed runs (after one untimed warm-up) is returned, in
     * multiply-adds per second; {@link #multiplyAdds(int)} divided by it is the time the solve would take at
     * this rate, its limit on this machine.
     *
     * @param m       order of the updated matrix (2048 keeps it out of the caches, as a large solve is)
     * @param threads worker threads
     * @param repeats timed runs
     */
    public static double updateRate(int m, int threads, int repeats) {
        int k = NB;
        double[] x = new double[m * m];
        double[] s = new double[k * m];
        double[] c = new double[m * k];
        for (int i = 0; i < s.length; i++) {
            s[i] = ((i * 7) % 13) / 13.0 - 0.5;
            c[i] = ((i * 5) % 11) / 11.0 - 0.5;
        }
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
        try {
            double best = Double.POSITIVE_INFINITY;
            int bands = (m + 31) / 32;
            for (int r = 0; r <= repeats; r++) {
                long t0 = System.nanoTime();
                parallel(pool, bands, band -> {
                    int r0 = band * 32;
                    int r1 = Math.min(r0 + 32, m);
                    for (int j0 = 0; j0 < m; j0 += JT) {
                        int len = Math.min(j0 + JT, m) - j0;
                        update(x, r0 * m + j0, m, r1 - r0, len, s, j0, m, k, c, r0 * k, k);
                    }
                });
                double secs = (System.nanoTime() - t0) / 1e9;
                if (r > 0) {
                    best = Math.min(best, secs);
                }
            }
            return (double) m * m * k / best;
        } finally {
            pool.shutdown();
        }
    }

    private static void parallel(ForkJoinPool pool, int tasks, java.util.function.IntConsumer body) {
        if (tasks == 1 || pool.getParallelism() == 1) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        pool.submit(() -> IntStream.range(0, tasks).parallel().forEach(body)).join();
    }

    /** In-place blocked right-looking Cholesky; the factor L replaces the lower triangle. */
    static void cholesky(double[] a, int n, ForkJoinPool pool, Steps steps) {
        double[] t = new double[NB * n];
        for (int kb = 0; kb < n; kb += NB) {
            final int e = Math.min(kb + NB, n);
            final int w = e - kb;
            final int k0 = kb;
            // (a) the diagonal block, unblocked
            for (int j = kb; j < e; j++) {
                double d = a[j * n + j];
                for (int k = kb; k < j; k++) {
                    d -= a[j * n + k] * a[j * n + k];
                }
                if (!(d > 0)) {
                    throw new IllegalArgumentException("matrix is not positive definite (pivot " + j + " is " + d + ")");
                }
                double ljj = Math.sqrt(d);
                a[j * n + j] = ljj;
                for (int i = j + 1; i < e; i++) {
                    double s = a[i * n + j];
                    for (int k = kb; k < j; k++) {
                        s -= a[i * n + k] * a[j * n + k];
                    }
                    a[i * n + j] = s / ljj;
                }
            }
            steps.step();
            if (e == n) {
                break;
            }
            // (b) the panel below: row i of L21 solves L11 x = a_i, with L11 transposed into lt (axpy form)
            final double[] lt = new double[w * w];
            for (int j = 0; j < w; j++) {
                for (int k = j; k < w; k++) {
                    lt[j * w + k] = a[(kb + k) * n + kb + j];
                }
            }
            final int m = n - e;
            int panelTasks = (m + 63) / 64;
            parallel(pool, panelTasks, task -> {
                int r0 = e + task * 64;
                int r1 = Math.min(r0 + 64, n);
                for (int i = r0; i < r1; i++) {
                    int row = i * n + k0;
                    for (int j = 0; j < w; j++) {
                        double x = a[row + j] / lt[j * w + j];
                        a[row + j] = x;
                        int base = j * w;
                        for (int k = j + 1; k < w; k++) {
                            a[row + k] -= x * lt[base + k];
                        }
                    }
                }
            });
            // (c) trailing update A22 -= L21 L21^T, lower part; L21^T packed into t (w x m)
            for (int k = 0; k < w; k++) {
                int off = k * m;
                for (int jj = 0; jj < m; jj++) {
                    t[off + jj] = -a[(e + jj) * n + kb + k];
                }
            }
            int rowTasks = (m + 31) / 32;
            parallel(pool, rowTasks, task -> {
                int r0 = e + task * 32;
                int r1 = Math.min(r0 + 32, n);
                for (int jt = e; jt < r1; jt += JT) {
                    // rows in pairs; the pair's length is that of its second row, so the first row also gets
                    // one entry above the diagonal, which is never read and is zeroed afterwards
                    int i = Math.max(r0, jt);
                    for (; i + 2 <= r1; i += 2) {
                        int len = Math.min(jt + JT, i + 2) - jt;
                        update(a, i * n + jt, n, 2, len, t, jt - e, m, w, a, i * n + k0, n);
                    }
                    if (i < r1) {
                        int len = Math.min(jt + JT, i + 1) - jt;
                        update(a, i * n + jt, n, 1, len, t, jt - e, m, w, a, i * n + k0, n);
                    }
                }
            });
        }
    }

    private static void zeroUpper(double[] a, int n) {
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(a, i * n + i + 1, i * n + n, 0.0);
        }
    }

    /** Replaces the lower-triangular L (upper triangle zero) by W = L^-1, block row by block row. */
    static void invertLower(double[] a, int n, ForkJoinPool pool, Steps steps) {
        double[] x = new double[NB * n];
        for (int ib = 0; ib < n; ib += NB) {
            final int ie = Math.min(ib + NB, n);
            final int h = ie - ib;
            final int b0 = ib;
            // the inverse of the diagonal block, from a copy of L_II
            double[] lii = new double[h * h];
            for (int i = 0; i < h; i++) {
                System.arraycopy(a, (ib + i) * n + ib, lii, i * h, i + 1);
            }
            if (ib > 0) {
                // X = L[I, 0:ib] * W[0:ib, 0:ib], column tiles in parallel
                java.util.Arrays.fill(x, 0, h * ib, 0.0);
                int tiles = (ib + JT - 1) / JT;
                parallel(pool, tiles, tile -> {
                    int j0 = tile * JT;
                    int j1 = Math.min(j0 + JT, b0);
                    int len = j1 - j0;
                    // W[k][j] = 0 for k < j0 <= j, so the sources start at row j0
                    update(x, j0, b0, h, len, a, j0 * n + j0, n, b0 - j0, a, b0 * n + j0, n);
                });
                // W[I, 0:ib] = -L_II^-1 X by forward substitution, one row at a time into a row buffer
                double[] r = new double[ib];
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < ib; j++) {
                        r[j] = -x[i * ib + j];
                    }
                    for (int k = 0; k < i; k++) {
                        axpy1(r, 0, ib, a, (ib + k) * n, -lii[i * h + k]);
                    }
                    double inv = 1.0 / lii[i * h + i];
                    int row = (ib + i) * n;
                    for (int j = 0; j < ib; j++) {
                        a[row + j] = r[j] * inv;
                    }
                }
            }
            // W_II = L_II^-1 (small, scalar)
            for (int i = 0; i < h; i++) {
                int row = (ib + i) * n + ib;
                double inv = 1.0 / lii[i * h + i];
                for (int j = 0; j < i; j++) {
                    double s = 0;
                    for (int k = j; k < i; k++) {
                        s += lii[i * h + k] * a[(ib + k) * n + ib + j];
                    }
                    a[row + j] = -s * inv;
                }
                a[row + i] = inv;
            }
            steps.step();
        }
    }

    /**
     * P = W^T W for lower-triangular W (upper triangle zero), in place: the lower triangle of P replaces W. Row
     * block I of P needs only the rows k &gt;= I of W ({@code P[i][j] = sum_{k >= i} W[k][i] W[k][j]}), so the
     * blocks are done top to bottom, each into a panel buffer that is copied back once the block is complete; the
     * rows it overwrites are never read again.
     */
    static void gramOfLowerInPlace(double[] a, int n, ForkJoinPool pool, Steps steps) {
        double[] c = new double[NB * n];
        double[] buf = new double[NB * n];
        for (int ib = 0; ib < n; ib += NB) {
            final int ie = Math.min(ib + NB, n);
            final int h = ie - ib;
            final int len = n - ib;
            final int b0 = ib;
            // the coefficients W[k, i] for k >= ib, i in the block: c[(i - ib) * len + (k - ib)]
            for (int k = ib; k < n; k++) {
                int top = Math.min(h, k - ib + 1);
                for (int i = 0; i < top; i++) {
                    c[i * len + k - ib] = a[k * n + ib + i];
                }
                for (int i = top; i < h; i++) {
                    c[i * len + k - ib] = 0.0;
                }
            }
            java.util.Arrays.fill(buf, 0, h * ie, 0.0);
            int tiles = (ie + JT - 1) / JT;
            parallel(pool, tiles, tile -> {
                int j0 = tile * JT;
                int tl = Math.min(j0 + JT, ie) - j0;
                update(buf, j0, ie, h, tl, a, b0 * n + j0, n, len, c, 0, len);
            });
            for (int r = 0; r < h; r++) {
                System.arraycopy(buf, r * ie, a, (ib + r) * n, ib + r + 1);
            }
            steps.step();
        }
    }

    /** Copies the lower triangle into the upper one, in square tiles so that both sides stay in cache. */
    static void mirrorLower(double[] a, int n) {
        final int t = 64;
        for (int ib = 0; ib < n; ib += t) {
            int ie = Math.min(ib + t, n);
            for (int jb = 0; jb <= ib; jb += t) {
                int je = Math.min(jb + t, n);
                for (int i = ib; i < ie; i++) {
                    int jEnd = Math.min(je, i);
                    for (int j = jb; j < jEnd; j++) {
                        a[j * n + i] = a[i * n + j];
                    }
                }
            }
        }
    }

    /**
     * The inner kernel, two target rows by four source rows: for j in [0, len),
     * {@code x[x0 + j] += sum_r c[c0 + r] * s[o + r * stride + j]} and the same for {@code x1} with {@code c1}.
     * The eight coefficients, four source values and two targets fit in the sixteen AVX2 registers. The updates
     * are chains of {@link Math#fma}, which HotSpot compiles to vector fused multiply-adds where the CPU has them:
     * measured on this machine's AVX-512 cores, 1.4x the throughput of the separate multiply and add (and one
     * rounding instead of two).
     */
    static void axpy2x4(double[] x, int x0, int x1, int len, double[] s, int o, int stride,
                        double[] c, int c0, int c1) {
        double a0 = c[c0], a1 = c[c0 + 1], a2 = c[c0 + 2], a3 = c[c0 + 3];
        double b0 = c[c1], b1 = c[c1 + 1], b2 = c[c1 + 2], b3 = c[c1 + 3];
        int o1 = o + stride, o2 = o1 + stride, o3 = o2 + stride;
        for (int j = 0; j < len; j++) {
            double s0 = s[o + j], s1 = s[o1 + j], s2 = s[o2 + j], s3 = s[o3 + j];
            x[x0 + j] = Math.fma(a3, s3, Math.fma(a2, s2, Math.fma(a1, s1, Math.fma(a0, s0, x[x0 + j]))));
            x[x1 + j] = Math.fma(b3, s3, Math.fma(b2, s2, Math.fma(b1, s1, Math.fma(b0, s0, x[x1 + j]))));
        }
    }

    /**
     * Updates a band of target rows from {@code kCount} source rows: for every target row r in [0, rows),
     * {@code x[xo + r * xs + j] += sum_k c[co + r * cs + k] * s[so + k * ss + j]}, j in [0, len), rows paired
     * and sources taken four at a time.
     */
    static void update(double[] x, int xo, int xs, int rows, int len, double[] s, int so, int ss, int kCount,
                       double[] c, int co, int cs) {
        // sources in chunks of KC rows, so that a chunk (KC x len) stays in L2 while every target row passes
        for (int k0 = 0; k0 < kCount; k0 += KC) {
            int k1 = Math.min(k0 + KC, kCount);
            int r = 0;
            for (; r + 2 <= rows; r += 2) {
                int k = k0;
                for (; k + 4 <= k1; k += 4) {
                    axpy2x4(x, xo + r * xs, xo + (r + 1) * xs, len, s, so + k * ss, ss, c, co + r * cs + k,
                            co + (r + 1) * cs + k);
                }
                for (; k < k1; k++) {
                    axpy1(x, xo + r * xs, len, s, so + k * ss, c[co + r * cs + k]);
                    axpy1(x, xo + (r + 1) * xs, len, s, so + k * ss, c[co + (r + 1) * cs + k]);
                }
            }
            if (r < rows) {
                for (int k = k0; k < k1; k++) {
                    axpy1(x, xo + r * xs, len, s, so + k * ss, c[co + r * cs + k]);
                }
            }
        }
    }

    /** x[xo + j] += c * s[o + j] for j in [0, len). */
    static void axpy1(double[] x, int xo, int len, double[] s, int o, double c) {
        for (int j = 0; j < len; j++) {
            x[xo + j] = Math.fma(c, s[o + j], x[xo + j]);
        }
    }
}
