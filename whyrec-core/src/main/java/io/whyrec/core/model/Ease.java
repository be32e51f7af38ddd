package io.whyrec.core.model;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.files.PersistentModel;
import io.whyrec.core.model.linalg.SpdInverse;
import io.whyrec.core.model.linalg.SpdInverseFloat;
import io.whyrec.core.profile.EventWeighting;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * <p><b>Forms.</b> The fit is dominated by the dense inverse of the n x n Gram matrix, {@code n^3 / 2}
 * multiply-adds, which {@link SpdInverse} (double) or {@link SpdInverseFloat} (float) computes in place, so the
 * dense forms hold one n x n matrix plus a few panels. {@link EaseConfig.Form#AUTO} uses double precision up to
 * {@link EaseConfig#DOUBLE_MAX_ITEMS} items (12 n^2 bytes: the double inverse, then the float B), float above it
 * up to {@link EaseConfig#DENSE_AUTO_MAX_ITEMS} items (4 n^2 bytes: the Gram matrix becomes B in place) while
 * that fits the heap, and beyond it (or when the dense form does not fit) the sparse form of
 * {@link SparseEase}, each column solved over its most co-occurring items and B held as sparse rows. Every form
 * checks the heap before it allocates and is refused with a {@link ModelTooLargeException} naming what it needs.
 * The scores and contributions are exact for each form: a sparse B scores with its own weights, and an
 * explanation shows those weights. Measured times, memory and the accuracy of each form are in docs/scale.md.
 * B is kept as row-major {@code float}s for scoring speed (one contiguous row per history event).
 */
public sealed class Ease implements AdditiveScorer, PersistentModel {

    /** The model name and the persisted kind. */
    public static final String NAME = "ease";

    /** Largest catalogue of the dense forms: n^2 entries must fit in one Java array. */
    public static final int DENSE_MAX_ITEMS = 46_340;

    private final int n;
    private final EaseConfig config;
    /** The dense B, row-major; null in the sparse form. */
    private final float[] b;
    /** The sparse B by source row; null in the dense forms. */
    private final SparseEase.Rows sparse;

    private Ease(int n, EaseConfig config, float[] b, SparseEase.Rows sparse) {
        this.n = n;
        this.config = config;
        this.b = b;
        this.sparse = sparse;
    }

    /** An EASE model that scores seed-formula histories: the same weights, the weighting its config names. */
    private static final class Weighted extends Ease implements WeightedHistoryModel {

        private Weighted(int n, EaseConfig config, float[] b, SparseEase.Rows sparse) {
            super(n, config, b, sparse);
        }

        @Override
        public EventWeighting weighting() {
            return config().weighting();
        }
    }

    /** The model of a weight matrix under a configuration: a {@link WeightedHistoryModel} unless binary. */
    private static Ease of(int n, EaseConfig config, float[] b) {
        return config.binary() ? new Ease(n, config, b, null) : new Weighted(n, config, b, null);
    }

    private static Ease ofSparse(int n, EaseConfig config, SparseEase.Rows rows) {
        return config.binary() ? new Ease(n, config, null, rows) : new Weighted(n, config, null, rows);
    }

    /** Fits EASE on the binary matrix of a dataset, with one solver thread per available processor. */
    public static Ease fit(BinaryMatrix x, EaseConfig config, Progress progress) {
        return fit(x, config, Runtime.getRuntime().availableProcessors(), progress);
    }

    /**
     * Fits EASE on a binary matrix, in the form the configuration names ({@link EaseConfig.Form#AUTO}: by size
     * and free heap). The heap is checked before anything large is allocated.
     *
     * @param threads solver threads (the Gram matrix and the inverse are split between them)
     * @throws ModelTooLargeException when the chosen form does not fit in the heap
     */
    public static Ease fit(BinaryMatrix x, EaseConfig config, int threads, Progress progress) {
        int n = x.numItems();
        EaseConfig.Form form = chooseForm(x, config, threads);
        EaseConfig fitted = config.withForm(form, config.neighbours());
        switch (form) {
            case DOUBLE -> {
                HeapCheck.require(describe(EaseConfig.Form.DOUBLE, n, config), bytesNeeded(x, config, form, threads),
                        "try ease.form=float or ease.form=sparse");
                progress.update("ease: Gram matrix", 0, 1);
                double[] g = x.gramLower(threads);
                for (int i = 0; i < n; i++) {
                    g[i * n + i] += config.lambda();
                }
                SpdInverse.invert(g, n, threads, progress, "ease: inverse (double)");
                return of(n, fitted, weightsFromInverse(g, n));
            }
            case FLOAT -> {
                HeapCheck.require(describe(EaseConfig.Form.FLOAT, n, config), bytesNeeded(x, config, form, threads),
                        "try ease.form=sparse");
                progress.update("ease: Gram matrix", 0, 1);
                float[] g = x.gramLowerFloat(threads);
                float lambda = (float) config.lambda();
                for (int i = 0; i < n; i++) {
                    g[i * n + i] += lambda;
                }
                SpdInverseFloat.invert(g, n, threads, progress, "ease: inverse (float)");
                return of(n, fitted, weightsFromInverseInPlace(g, n));
            }
            default -> {
                HeapCheck.require(describe(EaseConfig.Form.SPARSE, n, config), bytesNeeded(x, config, form, threads),
                        "try a smaller ease.neighbours");
                return ofSparse(n, fitted, SparseEase.fit(x, config.lambda(), config.neighbours(), threads, progress));
            }
        }
    }

    /**
     * The form a fit uses: the configured one, or for {@link EaseConfig.Form#AUTO} double up to
     * {@link EaseConfig#DOUBLE_MAX_ITEMS} items when it fits the heap, float up to
     * {@link EaseConfig#DENSE_AUTO_MAX_ITEMS} items when that fits, else sparse.
     */
    public static EaseConfig.Form chooseForm(BinaryMatrix x, EaseConfig config, int threads) {
        if (config.form() != EaseConfig.Form.AUTO) {
            if (config.form() != EaseConfig.Form.SPARSE && x.numItems() > DENSE_MAX_ITEMS) {
                throw new ModelTooLargeException("ease: the dense " + config.form().key() + " form holds at most "
                        + DENSE_MAX_ITEMS + " items (n^2 entries in one array), this catalogue has " + x.numItems()
                        + "; use ease.form=sparse", Long.MAX_VALUE, 0);
            }
            return config.form();
        }
        int n = x.numItems();
        if (n <= EaseConfig.DOUBLE_MAX_ITEMS && HeapCheck.fits(bytesNeeded(x, config, EaseConfig.Form.DOUBLE, threads))) {
            return EaseConfig.Form.DOUBLE;
        }
        if (n <= EaseConfig.DENSE_AUTO_MAX_ITEMS
                && HeapCheck.fits(bytesNeeded(x, config, EaseConfig.Form.FLOAT, threads))) {
            return EaseConfig.Form.FLOAT;
        }
        return EaseConfig.Form.SPARSE;
    }

    /**
     * The heap a fit in a form allocates, bytes: double 8 n^2 (the matrix, inverted in place) + 4 n^2 (B) plus
     * panels; float 4 n^2 plus panels; sparse the bound of {@link SparseEase#bytesNeeded}.
     */
    public static long bytesNeeded(BinaryMatrix x, EaseConfig config, EaseConfig.Form form, int threads) {
        long n = x.numItems();
        return switch (form) {
            case DOUBLE -> 12 * n * n + 8 * SpdInverse.workspaceEntries((int) n);
            case FLOAT -> 4 * n * n + 4 * SpdInverseFloat.workspaceEntries((int) n);
            case SPARSE -> SparseEase.bytesNeeded(x, config.neighbours(), threads);
            case AUTO -> bytesNeeded(x, config, chooseForm(x, config, threads), threads);
        };
    }

    private static String describe(EaseConfig.Form form, int n, EaseConfig config) {
        return String.format(Locale.ROOT, "ease (%s, %,d items%s)",
                form == EaseConfig.Form.SPARSE ? "sparse" : "dense " + form.key(), n,
                form == EaseConfig.Form.SPARSE ? ", " + config.neighbours() + " neighbours" : "");
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

    /** The weight B[i][j] (0 where the sparse form keeps no entry). */
    public double weight(int i, int j) {
        if (b != null) {
            return b[i * n + j];
        }
        int pos = sparseIndex(i, j);
        return pos >= 0 ? sparse.vals()[pos] : 0.0;
    }

    /** The form the weights were computed in: double, float or sparse. */
    public EaseConfig.Form form() {
        return config.form();
    }

    /** Stored weights: n^2 in the dense forms, the kept entries in the sparse form. */
    public long storedWeights() {
        return b != null ? (long) b.length : sparse.cols().length;
    }

    /** Position of entry (i, j) in the sparse rows, or a negative number when it is not kept. */
    private int sparseIndex(int i, int j) {
        int[] start = sparse.rowStart();
        return java.util.Arrays.binarySearch(sparse.cols(), start[i], start[i + 1], j);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lambda", config.lambda());
        if (config.form() == EaseConfig.Form.FLOAT || config.form() == EaseConfig.Form.SPARSE) {
            // the double form, the only one before the others existed, is what a file without a form holds
            m.put("form", config.form().key());
        }
        if (config.form() == EaseConfig.Form.SPARSE) {
            m.put("neighbours", config.neighbours());
        }
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
                // the row offset in the dense B, the item itself in the sparse form
                rows[m] = sparse == null ? checkItem(e.item()) * n : checkItem(e.item());
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
        if (sparse != null) {
            int[] start = sparse.rowStart();
            int[] cols = sparse.cols();
            float[] vals = sparse.vals();
            for (int t = 0; t < m; t++) {
                int i = rows[t];
                double w = weights[t];
                for (int p = start[i]; p < start[i + 1]; p++) {
                    out[cols[p]] = Math.fma(w, vals[p], out[cols[p]]);
                }
            }
            return;
        }
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
            c[t] = w == 0.0 ? 0.0 : w * weightOf(checkItem(e.item()), item);
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
            int source = checkItem(e.item());
            if (b == null) {
                for (int r = 0; r < k; r++) {
                    c[r][t] = w * weightOf(source, items[r]);
                }
                continue;
            }
            int row = source * n;
            for (int r = 0; r < k; r++) {
                c[r][t] = w * b[row + items[r]];
            }
        }
        return c;
    }

    /** B[i][j] as the float it is stored as (0 where the sparse form keeps no entry). */
    private float weightOf(int i, int j) {
        if (b != null) {
            return b[i * n + j];
        }
        int pos = sparseIndex(i, j);
        return pos >= 0 ? sparse.vals()[pos] : 0f;
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
        if (sparse != null) {
            writeSparse(out);
            return;
        }
        out.writeInt(n);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4 * 8192);
        for (int off = 0; off < b.length; off += 8192) {
            int len = Math.min(8192, b.length - off);
            buf.clear();
            buf.asFloatBuffer().put(b, off, len);
            out.write(buf.array(), 0, 4 * len);
        }
    }

    /** Sparse payload: the marker -1, n, the entry count, then the row starts, the targets and the weights. */
    private void writeSparse(DataOutput out) throws IOException {
        out.writeInt(SPARSE_MARKER);
        out.writeInt(n);
        int nnz = sparse.cols().length;
        out.writeInt(nnz);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4 * 8192);
        writeInts(out, buf, sparse.rowStart());
        writeInts(out, buf, sparse.cols());
        for (int off = 0; off < nnz; off += 8192) {
            int len = Math.min(8192, nnz - off);
            buf.clear();
            buf.asFloatBuffer().put(sparse.vals(), off, len);
            out.write(buf.array(), 0, 4 * len);
        }
    }

    private static void writeInts(DataOutput out, java.nio.ByteBuffer buf, int[] a) throws IOException {
        for (int off = 0; off < a.length; off += 8192) {
            int len = Math.min(8192, a.length - off);
            buf.clear();
            buf.asIntBuffer().put(a, off, len);
            out.write(buf.array(), 0, 4 * len);
        }
    }

    private static void readInts(DataInput in, byte[] bytes, int[] a) throws IOException {
        for (int off = 0; off < a.length; off += 8192) {
            int len = Math.min(8192, a.length - off);
            in.readFully(bytes, 0, 4 * len);
            java.nio.ByteBuffer.wrap(bytes, 0, 4 * len).asIntBuffer().get(a, off, len);
        }
    }

    /** First int of a sparse payload (a dense payload starts with n >= 0). */
    private static final int SPARSE_MARKER = -1;

    /**
     * Reads a model written by {@link #writePayload}; the history weighting comes from the stored parameters
     * (binary for files written before EASE took one).
     */
    public static Ease readPayload(Map<String, Object> params, DataInput in) throws IOException {
        EaseConfig config;
        try {
            // the double form, the only one before the others existed, is what a file without a form holds
            config = EaseConfig.from(ModelHistories.stored(NAME, params, "lambda").withDefaults(
                    Map.of("form", EaseConfig.Form.DOUBLE.key())));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        int n = in.readInt();
        if (n == SPARSE_MARKER) {
            return readSparse(config, in);
        }
        if (n < 0 || n > DENSE_MAX_ITEMS) {
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

    private static Ease readSparse(EaseConfig config, DataInput in) throws IOException {
        int n = in.readInt();
        int nnz = in.readInt();
        if (n < 0 || nnz < 0) {
            throw new IOException("ease sparse payload: item count " + n + " or entry count " + nnz + " is negative");
        }
        byte[] bytes = new byte[4 * 8192];
        int[] rowStart = new int[n + 1];
        readInts(in, bytes, rowStart);
        int[] cols = new int[nnz];
        readInts(in, bytes, cols);
        float[] vals = new float[nnz];
        for (int off = 0; off < nnz; off += 8192) {
            int len = Math.min(8192, nnz - off);
            in.readFully(bytes, 0, 4 * len);
            java.nio.ByteBuffer.wrap(bytes, 0, 4 * len).asFloatBuffer().get(vals, off, len);
        }
        if (rowStart[0] != 0 || rowStart[n] != nnz) {
            throw new IOException("ease sparse payload: row starts run from " + rowStart[0] + " to " + rowStart[n]
                    + ", expected 0 to " + nnz);
        }
        for (int i = 0; i < n; i++) {
            if (rowStart[i + 1] < rowStart[i]) {
                throw new IOException("ease sparse payload: row " + i + " ends before it starts");
            }
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                if (cols[p] < 0 || cols[p] >= n || (p > rowStart[i] && cols[p] <= cols[p - 1])) {
                    throw new IOException("ease sparse payload: row " + i + " has target " + cols[p]
                            + " out of order or outside 0.." + (n - 1));
                }
            }
        }
        return ofSparse(n, config.withForm(EaseConfig.Form.SPARSE, config.neighbours()),
                new SparseEase.Rows(rowStart, cols, vals));
    }
}
