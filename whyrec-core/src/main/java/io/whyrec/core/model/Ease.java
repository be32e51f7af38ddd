package io.whyrec.core.model;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.Progress;
import io.whyrec.core.model.linalg.SpdInverse;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.core.store.PersistentModel;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EASE, the embarrassingly shallow auto-encoder (H. Steck, "Embarrassingly Shallow Autoencoders for Sparse
 * Data", WWW 2019): an item-item weight matrix B with a zero diagonal, in closed form
 * {@code P = (X^T X + lambda I)^-1}, {@code B[i][j] = -P[i][j] / P[j][j]} for i != j, {@code B[j][j] = 0}.
 * A history is scored as {@code s_j = sum_t w_t * B[i_t][j]}, so the contribution of event t to item j is
 * exactly {@code w_t * B[i_t][j]} ({@link AdditiveScorer}).
 *
 * <p><b>History weighting.</b> B is learnt from the binary matrix; what the model scores is chosen by
 * {@link EaseConfig#weighting()}: the binary history (the default, {@code w_t = 1}, or -1 for an event against its
 * item), or the seed formula {@code w_t = s_t (alpha f_t + beta h_t) exp(-lambdaPerDay age_t)} disclosed to users,
 * in which case the fitted model is a {@link WeightedHistoryModel} and {@link ModelHistories#of} builds its
 * histories with that weighting, so the weights an explanation shows are the ones that ranked.
 *
 * <p><b>Solver choice, by measurement.</b> The fit is dominated by the dense inverse of the n x n Gram matrix.
 * On the CoLaKG ML-1M training split (n = 3,260 items, 801k interactions, lambda 800) on the 2-core build
 * machine, wall time of the inverse alone (3 runs each; the machine was shared with other jobs, which made
 * single runs up to 3x slower, so the best run is the fairest figure):
 * <ul>
 *   <li>EJML 0.46.1 {@code LinearSolverFactory_DDRM.symmPosDef} + {@code invert} (double, 1 thread): 8.4-15.9 s</li>
 *   <li>EJML {@code LinearSolverFactory_MT_DDRM.symmPosDef} + {@code invert} (double, multi-threaded): 5.5-8.0 s</li>
 *   <li>EJML {@code LinearSolverFactory_FDRM.symmPosDef} + {@code invert} (float, 1 thread): 8.3-8.9 s
 *       (and max |G P - I| = 5e-7 instead of 4e-15)</li>
 *   <li>{@link SpdInverse} (own blocked double Cholesky, L^-1, L^-T L^-1), first version with a one-row x
 *       four-source kernel: 5.3 s on 1 thread, 3.1 s on 2 threads (max |G P - I| = 4e-15)</li>
 *   <li>{@link SpdInverse} with the two-row x four-source kernel and source chunking (current): whole EASE fit
 *       (Gram matrix + inverse + B) 3.5 s wall / 6.0 s process CPU in the quietest measured run of
 *       {@code ModelBench}; runs under load from other jobs took 7-12 s</li>
 * </ul>
 * A float solver was not pursued: the kernel measured no faster in float than in double here (4.0 GFMA/s both,
 * one row x eight sources), and float loses five digits. So the fit uses {@link SpdInverse} in double precision
 * with one thread per available processor, and keeps B as a row-major {@code float[]} for scoring speed (one
 * contiguous row per history event).
 */
public sealed class Ease implements AdditiveScorer, PersistentModel {

    /** The model name and the persisted kind. */
    public static final String NAME = "ease";

    private final int n;
    private final EaseConfig config;
    private final float[] b;

    private Ease(int n, EaseConfig config, float[] b) {
        this.n = n;
        this.config = config;
        this.b = b;
    }

    /** An EASE model that scores seed-formula histories: the same weights, the weighting its config names. */
    private static final class Weighted extends Ease implements WeightedHistoryModel {

        private Weighted(int n, EaseConfig config, float[] b) {
            super(n, config, b);
        }

        @Override
        public EventWeighting weighting() {
            return config().weighting();
        }
    }

    /** The model of a weight matrix under a configuration: a {@link WeightedHistoryModel} unless binary. */
    private static Ease of(int n, EaseConfig config, float[] b) {
        return config.binary() ? new Ease(n, config, b) : new Weighted(n, config, b);
    }

    /** Fits EASE on the binary matrix of a dataset, with one solver thread per available processor. */
    public static Ease fit(BinaryMatrix x, EaseConfig config, Progress progress) {
        return fit(x, config, Runtime.getRuntime().availableProcessors(), progress);
    }

    /**
     * Fits EASE on a binary matrix.
     *
     * @param threads solver threads (the Gram matrix and the inverse are split between them)
     */
    public static Ease fit(BinaryMatrix x, EaseConfig config, int threads, Progress progress) {
        int n = x.numItems();
        progress.update("ease: Gram matrix", 0, 3);
        double[] g = x.gramLower(threads);
        for (int i = 0; i < n; i++) {
            g[i * n + i] += config.lambda();
        }
        progress.update("ease: inverse", 1, 3);
        double[] p = SpdInverse.invert(g, n, threads);
        g = null;
        progress.update("ease: weights", 2, 3);
        return of(n, config, weightsFromInverse(p, n));
    }

    /** B[i][j] = -P[i][j] / P[j][j] off the diagonal, 0 on it; row-major float. */
    public static float[] weightsFromInverse(double[] p, int n) {
        float[] b = new float[n * n];
        double[] invDiag = new double[n];
        for (int j = 0; j < n; j++) {
            invDiag[j] = -1.0 / p[j * n + j];
        }
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                b[row + j] = (float) (p[row + j] * invDiag[j]);
            }
            b[row + i] = 0f;
        }
        return b;
    }

    /**
     * The single-precision form of {@link #weightsFromInverse(double[], int)}, in place: the inverse P (row-major
     * float, e.g. from whyrec-neural's PyTorch solver) becomes B, computed in float.
     */
    public static float[] weightsFromInverseInPlace(float[] p, int n) {
        float[] invDiag = new float[n];
        for (int j = 0; j < n; j++) {
            invDiag[j] = -1f / p[j * n + j];
        }
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                p[row + j] *= invDiag[j];
            }
            p[row + i] = 0f;
        }
        return p;
    }

    /**
     * Wraps an already computed weight matrix (row-major n x n, zero diagonal) as a model that scores the binary
     * history; used by tests and by fits that invert the Gram matrix elsewhere (whyrec-neural's PyTorch solver).
     */
    public static Ease ofWeights(int n, double lambda, float[] b) {
        return ofWeights(n, new EaseConfig(lambda), b);
    }

    /**
     * Wraps an already computed weight matrix (row-major n x n, zero diagonal) under a configuration: a
     * {@link WeightedHistoryModel} when the configuration names a weighting.
     */
    public static Ease ofWeights(int n, EaseConfig config, float[] b) {
        if (b.length != (long) n * n) {
            throw new IllegalArgumentException("ease: weight array has " + b.length + " entries, expected " + n + "x" + n);
        }
        return of(n, java.util.Objects.requireNonNull(config, "config"), b);
    }

    /** The configuration: lambda and the history weighting. */
    public EaseConfig config() {
        return config;
    }

    /** The weight B[i][j]. */
    public double weight(int i, int j) {
        return b[i * n + j];
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lambda", config.lambda());
        ModelHistories.describe(config.weighting(), m);
        return m;
    }

    @Override
    public int numItems() {
        return n;
    }

    /**
     * s = sum_t w_t B[i_t, :]. Rows are accumulated four at a time with fused multiply-adds, so the score array is
     * read and written once per four history events. Scoring is bound by reading |h| rows of B from memory: about
     * 0.75 ms for the 720 events of a 99th-percentile ML-1M history on one core (splitting the columns over two
     * threads was measured and did not help: the memory bandwidth is shared).
     */
    @Override
    public void score(History history, double[] out) {
        checkOut(out);
        List<WeightedEvent> events = history.events();
        int[] rows = new int[events.size()];
        double[] weights = new double[events.size()];
        int m = 0;
        for (WeightedEvent e : events) {
            if (e.weight() != 0.0) {
                rows[m] = checkItem(e.item()) * n;
                weights[m] = e.weight();
                m++;
            }
        }
        accumulate(rows, weights, m, out);
    }

    /** out[j] = sum over the first m rows of w_t * B[row_t + j], for every item j. */
    private void accumulate(int[] rows, double[] weights, int m, double[] out) {
        int to = n;
        java.util.Arrays.fill(out, 0, to, 0.0);
        int t = 0;
        for (; t + 4 <= m; t += 4) {
            int r0 = rows[t], r1 = rows[t + 1], r2 = rows[t + 2], r3 = rows[t + 3];
            double w0 = weights[t], w1 = weights[t + 1], w2 = weights[t + 2], w3 = weights[t + 3];
            for (int j = 0; j < to; j++) {
                out[j] = Math.fma(w3, b[r3 + j], Math.fma(w2, b[r2 + j],
                        Math.fma(w1, b[r1 + j], Math.fma(w0, b[r0 + j], out[j]))));
            }
        }
        for (; t < m; t++) {
            int row = rows[t];
            double w = weights[t];
            for (int j = 0; j < to; j++) {
                out[j] = Math.fma(w, b[row + j], out[j]);
            }
        }
    }

    @Override
    public double[] contributions(History history, int item) {
        checkItem(item);
        double[] c = new double[history.size()];
        for (int t = 0; t < c.length; t++) {
            WeightedEvent e = history.event(t);
            double w = e.weight();
            c[t] = w == 0.0 ? 0.0 : w * b[checkItem(e.item()) * n + item];
        }
        return c;
    }

    /**
     * The contributions of several items in one pass over the history: {@code out[r][t] = w_t * B[i_t][items[r]]},
     * bit for bit what {@link #contributions(History, int)} gives per item, but each event's row of B is visited
     * once for the whole list.
     */
    @Override
    public double[][] contributions(History history, int[] items) {
        int k = items.length;
        for (int item : items) {
            checkItem(item);
        }
        int size = history.size();
        double[][] c = new double[k][size];
        for (int t = 0; t < size; t++) {
            WeightedEvent e = history.event(t);
            double w = e.weight();
            if (w == 0.0) {
                continue;
            }
            int row = checkItem(e.item()) * n;
            for (int r = 0; r < k; r++) {
                c[r][t] = w * b[row + items[r]];
            }
        }
        return c;
    }

    private int checkItem(int item) {
        if (item < 0 || item >= n) {
            throw new IllegalArgumentException("ease: item index " + item + " outside 0.." + (n - 1));
        }
        return item;
    }

    private void checkOut(double[] out) {
        if (out.length != n) {
            throw new IllegalArgumentException("ease: score array has length " + out.length + ", expected " + n);
        }
    }

    @Override
    public void writePayload(DataOutput out) throws IOException {
        out.writeInt(n);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4 * 8192);
        for (int off = 0; off < b.length; off += 8192) {
            int len = Math.min(8192, b.length - off);
            buf.clear();
            buf.asFloatBuffer().put(b, off, len);
            out.write(buf.array(), 0, 4 * len);
        }
    }

    /**
     * Reads a model written by {@link #writePayload}; the history weighting comes from the stored parameters
     * (binary for files written before EASE took one).
     */
    public static Ease readPayload(Map<String, Object> params, DataInput in) throws IOException {
        EaseConfig config;
        try {
            config = new EaseConfig(StoredParams.doubleParam(params, "lambda"),
                    ModelHistories.storedWeighting(params));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        int n = in.readInt();
        if (n < 0 || n > 46_340) {
            throw new IOException("ease payload: item count " + n + " is out of range");
        }
        float[] b = new float[n * n];
        byte[] bytes = new byte[4 * 8192];
        for (int off = 0; off < b.length; off += 8192) {
            int len = Math.min(8192, b.length - off);
            in.readFully(bytes, 0, 4 * len);
            java.nio.ByteBuffer.wrap(bytes, 0, 4 * len).asFloatBuffer().get(b, off, len);
        }
        return of(n, config, b);
    }
}
