package io.whyrec.core.model;

import io.whyrec.api.Progress;
import io.whyrec.core.model.linalg.Cholesky;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The sparse form of EASE for catalogues whose dense n x n matrix does not fit the heap. The EASE closed form
 * separates by columns: column j of B is the ridge regression of item j's column of X on the other items,
 * {@code B[., j] = (G[-j, -j] + lambda I)^-1 G[-j, j]} with {@code G = X^T X} (Steck 2019, section 3). Here each
 * column may only use its {@code k} neighbours, the items that co-occur with j most often (ties to the smaller
 * index), so the solve is a {@code k x k} Cholesky per column and B has at most {@code k} entries per column.
 * When every other item is a neighbour (k at least the number of items co-occurring with j, and every pair
 * co-occurs) the column equals the dense one.
 *
 * <p>Memory: the sparse Gram rows (two ints per co-occurring pair, both directions), the weights (an int and a
 * float per entry, at most {@code n k}) and a {@code k x k} system per thread; {@link #bytesNeeded} bounds it
 * from the matrix before anything is allocated.
 */
final class SparseEase {

    private SparseEase() {
    }

    /**
     * The weights, held by source row: row i lists the targets j (ascending) whose column uses item i, and the
     * weight {@code B[i][j]}.
     *
     * @param rowStart entries of row i are {@code [rowStart[i], rowStart[i+1])}; length n + 1
     * @param cols     target item of each entry
     * @param vals     weight of each entry
     */
    record Rows(int[] rowStart, int[] cols, float[] vals) {
    }

    /**
     * An upper bound of the bytes {@link #fit} allocates: the co-occurrence pairs are at most
     * {@code sum_u |u|^2} (and at most n^2), 8 bytes each, plus 8 bytes per weight (n k at most), twice for the
     * transpose, plus the transposed user lists.
     */
    static long bytesNeeded(BinaryMatrix x, int k, int threads) {
        long n = x.numItems();
        long pairs = 0;
        for (int u = 0; u < x.numUsers(); u++) {
            long len = x.row(u).length;
            pairs += len * len;
        }
        pairs = Math.min(pairs, n * n);
        long weights = n * Math.min(k, Math.max(0, n - 1));
        return 8 * pairs + 16 * weights + 4 * x.nonZeros() + 16 * n * 4
                + (long) threads * (8L * k * k + 16L * n);
    }

    /** Fits the sparse weights. */
    static Rows fit(BinaryMatrix x, double lambda, int k, int threads, Progress progress) {
        int n = x.numItems();
        int[][] itemUsers = x.itemUsers();
        int[] counts = x.itemCounts();
        // (1) the sparse Gram rows: for item i, the items that co-occur with it (ascending) and how often
        int[][] gIdx = new int[n][];
        int[][] gCnt = new int[n][];
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
        try {
            AtomicInteger done = new AtomicInteger();
            int chunk = 256;
            int chunks = (n + chunk - 1) / chunk;
            progress.update("ease sparse: co-occurrence", 0, n);
            pool.submit(() -> IntStream.range(0, chunks).parallel().forEach(c -> {
                int[] acc = new int[n];
                int[] touched = new int[n];
                for (int i = c * chunk; i < Math.min(n, (c + 1) * chunk); i++) {
                    int m = 0;
                    for (int u : itemUsers[i]) {
                        for (int j : x.row(u)) {
                            if (j != i && acc[j]++ == 0) {
                                touched[m++] = j;
                            }
                        }
                    }
                    Arrays.sort(touched, 0, m);
                    int[] idx = Arrays.copyOf(touched, m);
                    int[] cnt = new int[m];
                    for (int p = 0; p < m; p++) {
                        cnt[p] = acc[idx[p]];
                        acc[idx[p]] = 0;
                    }
                    gIdx[i] = idx;
                    gCnt[i] = cnt;
                }
                int d = done.addAndGet(Math.min(n, (c + 1) * chunk) - c * chunk);
                report(progress, "ease sparse: co-occurrence", d, n);
            })).join();
            // (2) one k x k ridge regression per column
            int[][] colIdx = new int[n][];
            float[][] colVal = new float[n][];
            done.set(0);
            progress.update("ease sparse: columns", 0, n);
            pool.submit(() -> IntStream.range(0, chunks).parallel().forEach(c -> {
                double[] a = new double[k * k];
                double[] rhs = new double[k];
                double[] sol = new double[k];
                for (int j = c * chunk; j < Math.min(n, (c + 1) * chunk); j++) {
                    int[] nb = neighbours(gIdx[j], gCnt[j], k);
                    int m = nb.length;
                    if (m == 0) {
                        colIdx[j] = nb;
                        colVal[j] = new float[0];
                        continue;
                    }
                    for (int p = 0; p < m; p++) {
                        int ip = nb[p];
                        int[] rowIdx = gIdx[ip];
                        int[] rowCnt = gCnt[ip];
                        for (int q = 0; q < p; q++) {
                            int pos = Arrays.binarySearch(rowIdx, nb[q]);
                            a[p * m + q] = pos >= 0 ? rowCnt[pos] : 0.0;
                        }
                        a[p * m + p] = counts[ip] + lambda;
                        int pos = Arrays.binarySearch(gIdx[j], ip);
                        rhs[p] = gCnt[j][pos];
                    }
                    Cholesky.factor(a, m);
                    Cholesky.solve(a, m, rhs, sol);
                    float[] v = new float[m];
                    for (int p = 0; p < m; p++) {
                        v[p] = (float) sol[p];
                    }
                    colIdx[j] = nb;
                    colVal[j] = v;
                }
                int d = done.addAndGet(Math.min(n, (c + 1) * chunk) - c * chunk);
                report(progress, "ease sparse: columns", d, n);
            })).join();
            // (3) transpose to source rows, targets ascending
            int[] rowStart = new int[n + 1];
            for (int j = 0; j < n; j++) {
                for (int i : colIdx[j]) {
                    rowStart[i + 1]++;
                }
            }
            for (int i = 0; i < n; i++) {
                rowStart[i + 1] += rowStart[i];
            }
            int nnz = rowStart[n];
            int[] cols = new int[nnz];
            float[] vals = new float[nnz];
            int[] fill = Arrays.copyOf(rowStart, n);
            for (int j = 0; j < n; j++) {
                int[] idx = colIdx[j];
                float[] val = colVal[j];
                colIdx[j] = null;
                colVal[j] = null;
                for (int p = 0; p < idx.length; p++) {
                    int at = fill[idx[p]]++;
                    cols[at] = j;
                    vals[at] = val[p];
                }
            }
            return new Rows(rowStart, cols, vals);
        } finally {
            pool.shutdown();
        }
    }

    /** Progress from the worker threads, one report at a time (a progress bar need not be thread-safe). */
    private static void report(Progress progress, String task, long done, long total) {
        synchronized (progress) {
            progress.update(task, done, total);
        }
    }

    /**
     * The (at most) k items that co-occur most with an item, ties to the smaller index, returned ascending. The
     * row's entries are the candidates (items with a count of at least one).
     */
    static int[] neighbours(int[] idx, int[] cnt, int k) {
        int m = idx.length;
        if (m <= k) {
            return idx.clone();
        }
        // the k-th largest count, then every entry above it and the first entries equal to it
        int[] sorted = cnt.clone();
        Arrays.sort(sorted);
        int threshold = sorted[m - k];
        int above = 0;
        for (int c : cnt) {
            if (c > threshold) {
                above++;
            }
        }
        int ties = k - above;
        int[] out = new int[k];
        int o = 0;
        for (int p = 0; p < m; p++) {
            if (cnt[p] > threshold || (cnt[p] == threshold && ties-- > 0)) {
                out[o++] = idx[p];
            }
        }
        return out;
    }
}
