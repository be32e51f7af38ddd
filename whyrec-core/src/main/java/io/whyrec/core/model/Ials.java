package io.whyrec.core.model;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.files.PersistentModel;
import io.whyrec.core.model.linalg.Cholesky;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.core.profile.Histories;
import io.whyrec.core.profile.HistoryBuilder;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;
import java.util.function.ObjIntConsumer;
import java.util.stream.IntStream;

/**
 * Implicit alternating least squares, iALS (Y. Hu, Y. Koren and C. Volinsky, "Collaborative Filtering for
 * Implicit Feedback Datasets", ICDM 2008): user factors X and item factors Y of dimension k that minimise
 * {@code sum_{u,i} c_ui (p_ui - x_u^T y_i)^2 + lambda (|X|^2 + |Y|^2)} over every cell of the user-item matrix,
 * observed or not. An unobserved cell has preference 0 and confidence 1.
 *
 * <p><b>Confidence from the weighted history.</b> An observed cell (user u, item i) is read from the events of
 * item i in u's history with a non-zero weight w_t: confidence {@code c_ui = 1 + alpha * sum_t |w_t|}
 * (alpha is {@link IalsConfig#confidenceAlpha()}) and preference {@code p_ui = 1} for events in favour, -1 for
 * events against the item. Each event t carries the term {@code e_t = s_t (1 / m_i + alpha |w_t|)} of
 * {@code c_ui p_ui}, with s_t its sign and m_i the number of such events of the item; for the binary history
 * (every item once, w = 1) this is {@code c_t = 1 + alpha}. An event of weight 0 (a muted one) is no cell at all.
 * The histories are the binary ones by default, or the seed formula's under {@link IalsConfig#weighting()}, the
 * same for training and for scoring.
 *
 * <p><b>Exact explanations by fold-in.</b> A history is scored by solving for its user vector against the
 * fixed item factors, {@code x_u = W_u z_u} with {@code W_u = (Y^T Y + Y^T (C_u - I) Y + lambda I)^-1} and
 * {@code z_u = sum_t e_t y_{i_t}}, so the score of item j is {@code x_u^T y_j = sum_t e_t y_{i_t}^T W_u y_j}:
 * the contribution of event t to item j is exactly {@code e_t y_{i_t}^T W_u y_j} ({@link AdditiveScorer}), the
 * paper's own explanation (its section 5). The matrix {@code Y^T Y + lambda I} is computed once; each history
 * adds one rank-one term per cell and takes one k x k Cholesky factorisation ({@link Cholesky}), which serves the
 * whole catalogue's scores and every contribution list of that history.
 *
 * <p><b>Training.</b> Both factor matrices start from seeded Gaussian item factors and zero user factors; each
 * sweep solves every user's system, then every item's, with the same {@code Y^T Y + Y^T (C_u - I) Y} trick, by
 * {@value #CG_STEPS} steps of conjugate gradient started from the previous sweep's vector (G. Takacs, I. Pilaszy
 * and D. Tikk, "Applications of the conjugate gradient method for implicit feedback collaborative filtering",
 * RecSys 2011). A step started from the previous vector never raises that row's part of the loss, so the loss
 * does not rise from sweep to sweep. Rows are solved on several threads, but each row's arithmetic is the same
 * whichever thread runs it, so a seed gives the same model bit for bit.
 */
public sealed class Ials implements AdditiveScorer, PersistentModel {

    /** The model name and the persisted kind. */
    public static final String NAME = "ials";
    /** Conjugate-gradient steps per row and half-sweep of the training. */
    public static final int CG_STEPS = 3;
    /** Rows per unit of parallel work in training. */
    private static final int CHUNK = 64;

    private final int n;
    private final int k;
    private final IalsConfig config;
    private final double[] y;
    /** {@code Y^T Y + lambda I}, row-major k x k, both triangles. */
    private final double[] gramReg;

    private Ials(int n, IalsConfig config, double[] y) {
        this.n = n;
        this.k = config.factors();
        this.config = config;
        this.y = y;
        this.gramReg = gram(y, n, k);
        for (int f = 0; f < k; f++) {
            gramReg[f * k + f] += config.lambda();
        }
    }

    /** An iALS model that reads seed-formula histories: the same factors, the weighting its config names. */
    private static final class Weighted extends Ials implements WeightedHistoryModel {

        private Weighted(int n, IalsConfig config, double[] y) {
            super(n, config, y);
        }

        @Override
        public EventWeighting weighting() {
            return config().weighting();
        }
    }

    /** The model of item factors under a configuration: a {@link WeightedHistoryModel} unless binary. */
    private static Ials of(int n, IalsConfig config, double[] y) {
        return config.binary() ? new Ials(n, config, y) : new Weighted(n, config, y);
    }

    /** Fits iALS on a dataset's histories, with one thread per available processor. */
    public static Ials fit(Dataset train, IalsConfig config, Progress progress) {
        return fit(train.numItems(), histories(train, config.weighting()), config,
                Runtime.getRuntime().availableProcessors(), progress, null);
    }

    /**
     * The training histories of a dataset as the model reads them: the binary history of every user for a
     * {@code null} weighting, the seed-formula history under the weighting otherwise.
     */
    public static History[] histories(Dataset data, EventWeighting weighting) {
        if (weighting != null) {
            return HistoryBuilder.buildAll(data, weighting);
        }
        History[] out = new History[data.numUsers()];
        for (int u = 0; u < out.length; u++) {
            out[u] = Histories.binary(data, u);
        }
        return out;
    }

    /**
     * Fits iALS on one history per user.
     *
     * @param numItems  catalogue size; every history item must lie in 0..numItems-1
     * @param histories one history per training user, read under {@code config} (binary or weighted alike)
     * @param config    the hyper-parameters
     * @param threads   worker threads of the half-sweeps (1 runs on the calling thread)
     * @param progress  receives one update per sweep
     * @param objective receives the training loss before the first sweep and after each one; may be null (the
     *                  loss is then not computed)
     */
    public static Ials fit(int numItems, History[] histories, IalsConfig config, int threads, Progress progress,
                           DoubleConsumer objective) {
        Objects.requireNonNull(config, "config");
        int k = config.factors();
        int users = histories.length;
        Cells byUser = Cells.ofHistories(histories, numItems, config.confidenceAlpha());
        Cells byItem = byUser.transpose(numItems);
        // the factors live as one array per row while fitting (see Workspace); the model keeps them row-major
        double[][] y = new double[numItems][k];
        SplittableRandom random = new SplittableRandom(config.seed());
        double scale = 1.0 / Math.sqrt(k);
        for (double[] row : y) {
            for (int f = 0; f < k; f++) {
                row[f] = scale * random.nextGaussian();
            }
        }
        double[][] x = new double[users][k];
        if (objective != null) {
            objective.accept(objective(x, y, byUser, k, config.lambda()));
        }
        for (int it = 0; it < config.iterations(); it++) {
            progress.update("ials: sweep", it, config.iterations());
            halfSweep(y, byUser, x, k, config.lambda(), threads);
            halfSweep(x, byItem, y, k, config.lambda(), threads);
            if (objective != null) {
                objective.accept(objective(x, y, byUser, k, config.lambda()));
            }
        }
        progress.update("ials: sweep", config.iterations(), config.iterations());
        double[] flat = new double[Math.multiplyExact(numItems, k)];
        for (int j = 0; j < numItems; j++) {
            System.arraycopy(y[j], 0, flat, j * k, k);
        }
        return of(numItems, config, flat);
    }

    /**
     * Wraps item factors (row-major numItems x factors) as a model under a configuration; used by tests and by
     * fits done elsewhere.
     */
    public static Ials ofFactors(int numItems, IalsConfig config, double[] itemFactors) {
        Objects.requireNonNull(config, "config");
        if (itemFactors.length != (long) numItems * config.factors()) {
            throw new IllegalArgumentException("ials: factor array has " + itemFactors.length + " entries, expected "
                    + numItems + "x" + config.factors());
        }
        return of(numItems, config, itemFactors.clone());
    }

    /** The configuration. */
    public IalsConfig config() {
        return config;
    }

    /** Factor f of item i. */
    public double itemFactor(int item, int f) {
        checkItem(item);
        if (f < 0 || f >= k) {
            throw new IllegalArgumentException("ials: factor " + f + " outside 0.." + (k - 1));
        }
        return y[item * k + f];
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("factors", config.factors());
        m.put("lambda", config.lambda());
        m.put("confidenceAlpha", config.confidenceAlpha());
        m.put("iterations", config.iterations());
        m.put("seed", config.seed());
        ModelHistories.describe(config.weighting(), m);
        return m;
    }

    @Override
    public int numItems() {
        return n;
    }

    /**
     * The user vector of a history by fold-in, {@code x_u = W_u sum_t e_t y_{i_t}}: the exact minimiser of the
     * user's part of the loss with the item factors held fixed.
     */
    public double[] userVector(History history) {
        Folded folded = fold(history);
        double[] x = new double[k];
        if (folded.cells == 0) {
            return x;
        }
        double[] l = factor(folded);
        for (int c = 0; c < folded.cells; c++) {
            axpyAt(folded.target[c], y, folded.items[c] * k, x, k);
        }
        Cholesky.solve(l, k, x, x);
        return x;
    }

    /** s_j = x_u^T y_j for every item j, with x_u from {@link #userVector}. */
    @Override
    public void score(History history, double[] out) {
        if (out.length != n) {
            throw new IllegalArgumentException("ials: score array has length " + out.length + ", expected " + n);
        }
        double[] x = userVector(history);
        for (int j = 0; j < n; j++) {
            out[j] = dot(x, 0, y, j * k, k);
        }
    }

    @Override
    public double[] contributions(History history, int item) {
        return contributions(history, new int[] {item})[0];
    }

    /**
     * The contributions {@code e_t y_{i_t}^T W_u y_j} of several items: W_u is factored once for the history,
     * and each item takes one k x k solve and one dot product per distinct history item.
     */
    @Override
    public double[][] contributions(History history, int[] items) {
        for (int item : items) {
            checkItem(item);
        }
        return contributionsOf(history, items.length, (v, r) -> System.arraycopy(y, items[r] * k, v, 0, k));
    }

    /**
     * The contributions of the history's events to {@code x_u^T v} for vectors v of the factor space, event t's
     * being {@code e_t y_{i_t}^T W_u v}: for {@code v = y_j} they are item j's contributions, and for the mean item
     * factor they are those of the mean score over the catalogue ({@link EaseIalsBlend} subtracts it). W_u is
     * factored once for the history; each vector takes one k x k solve and one dot product per distinct history
     * item.
     *
     * @param history the history
     * @param vectors vectors of length {@link IalsConfig#factors()}
     * @return one array per vector, one value per event in history order (0 for an event of weight 0)
     */
    public double[][] contributionsTo(History history, double[][] vectors) {
        for (double[] v : vectors) {
            if (v.length != k) {
                throw new IllegalArgumentException("ials: vector has length " + v.length + ", expected " + k);
            }
        }
        return contributionsOf(history, vectors.length, (v, r) -> System.arraycopy(vectors[r], 0, v, 0, k));
    }

    /**
     * The events' contributions to {@code x_u^T v_r} for {@code count} vectors, {@code vector.accept(v, r)} writing
     * v_r into v: W_u is factored once, and each vector takes one k x k solve and one dot product per cell.
     */
    private double[][] contributionsOf(History history, int count, ObjIntConsumer<double[]> vector) {
        Folded folded = fold(history);
        int size = history.size();
        double[][] out = new double[count][size];
        if (folded.cells == 0) {
            return out;
        }
        double[] l = factor(folded);
        double[] v = new double[k];
        double[] solved = new double[k];
        double[] perCell = new double[folded.cells];
        for (int r = 0; r < count; r++) {
            vector.accept(v, r);
            Cholesky.solve(l, k, v, solved);
            for (int c = 0; c < folded.cells; c++) {
                perCell[c] = dot(solved, 0, y, folded.items[c] * k, k);
            }
            double[] row = out[r];
            for (int t = 0; t < size; t++) {
                int c = folded.cellOfEvent[t];
                row[t] = c < 0 ? 0.0 : folded.eventTerm[t] * perCell[c];
            }
        }
        return out;
    }

    /** The Cholesky factor of {@code Y^T Y + lambda I + sum_c a_c y_c y_c^T} over a history's cells. */
    private double[] factor(Folded folded) {
        double[] a = gramReg.clone();
        for (int c = 0; c < folded.cells; c++) {
            addOuterLower(a, folded.conf[c], y, folded.items[c] * k, k);
        }
        Cholesky.factor(a, k);
        return a;
    }

    private Folded fold(History history) {
        Folded f = Folded.of(history, config.confidenceAlpha());
        for (int c = 0; c < f.cells; c++) {
            checkItem(f.items[c]);
        }
        return f;
    }

    private int checkItem(int item) {
        if (item < 0 || item >= n) {
            throw new IllegalArgumentException("ials: item index " + item + " outside 0.." + (n - 1));
        }
        return item;
    }

    /**
     * The cells of one history: its distinct items with a non-zero-weight event, each with {@code a = c - 1}
     * (the extra confidence) and {@code b = c p} (the sum of its events' terms), and per event its cell (-1 for
     * weight 0) and its term {@code e_t}.
     */
    private static final class Folded {
        final int cells;
        final int[] items;
        final double[] conf;
        final double[] target;
        final int[] cellOfEvent;
        final double[] eventTerm;

        private Folded(int cells, int[] items, double[] conf, double[] target, int[] cellOfEvent,
                       double[] eventTerm) {
            this.cells = cells;
            this.items = items;
            this.conf = conf;
            this.target = target;
            this.cellOfEvent = cellOfEvent;
            this.eventTerm = eventTerm;
        }

        static Folded of(History history, double alpha) {
            List<WeightedEvent> events = history.events();
            int size = events.size();
            Map<Integer, Integer> cellOf = new HashMap<>();
            int[] items = new int[size];
            int[] count = new int[size];
            double[] absSum = new double[size];
            int[] cellOfEvent = new int[size];
            int cells = 0;
            for (int t = 0; t < size; t++) {
                WeightedEvent e = events.get(t);
                if (e.weight() == 0.0) {
                    cellOfEvent[t] = -1;
                    continue;
                }
                Integer c = cellOf.get(e.item());
                if (c == null) {
                    c = cells++;
                    cellOf.put(e.item(), c);
                    items[c] = e.item();
                }
                cellOfEvent[t] = c;
                count[c]++;
                absSum[c] += Math.abs(e.weight());
            }
            double[] conf = new double[cells];
            double[] target = new double[cells];
            double[] eventTerm = new double[size];
            for (int c = 0; c < cells; c++) {
                conf[c] = alpha * absSum[c];
            }
            for (int t = 0; t < size; t++) {
                int c = cellOfEvent[t];
                if (c >= 0) {
                    double w = events.get(t).weight();
                    eventTerm[t] = Math.signum(w) * (1.0 / count[c] + alpha * Math.abs(w));
                    target[c] += eventTerm[t];
                }
            }
            return new Folded(cells, java.util.Arrays.copyOf(items, cells), conf, target, cellOfEvent, eventTerm);
        }
    }

    /**
     * The observed cells of a matrix in compressed rows: row r's cells are {@code start[r]..start[r+1]-1}, each
     * with its column, its extra confidence {@code a = c - 1} and its target {@code b = c p}.
     */
    private record Cells(int[] start, int[] col, double[] conf, double[] target) {

        static Cells ofHistories(History[] histories, int numItems, double alpha) {
            int[] start = new int[histories.length + 1];
            Folded[] folded = new Folded[histories.length];
            for (int u = 0; u < histories.length; u++) {
                folded[u] = Folded.of(histories[u], alpha);
                start[u + 1] = start[u] + folded[u].cells;
            }
            int nnz = start[histories.length];
            int[] col = new int[nnz];
            double[] conf = new double[nnz];
            double[] target = new double[nnz];
            for (int u = 0; u < histories.length; u++) {
                Folded f = folded[u];
                for (int c = 0; c < f.cells; c++) {
                    int item = f.items[c];
                    if (item < 0 || item >= numItems) {
                        throw new IllegalArgumentException("ials: user " + u + ": item index " + item + " outside 0.."
                                + (numItems - 1));
                    }
                    col[start[u] + c] = item;
                    conf[start[u] + c] = f.conf[c];
                    target[start[u] + c] = f.target[c];
                }
            }
            return new Cells(start, col, conf, target);
        }

        int rows() {
            return start.length - 1;
        }

        /** The same cells by column, rows in ascending order within each column. */
        Cells transpose(int columns) {
            int[] tStart = new int[columns + 1];
            for (int c : col) {
                tStart[c + 1]++;
            }
            for (int j = 0; j < columns; j++) {
                tStart[j + 1] += tStart[j];
            }
            int[] fill = java.util.Arrays.copyOf(tStart, columns);
            int[] tCol = new int[col.length];
            double[] tConf = new double[col.length];
            double[] tTarget = new double[col.length];
            for (int r = 0; r < rows(); r++) {
                for (int p = start[r]; p < start[r + 1]; p++) {
                    int q = fill[col[p]]++;
                    tCol[q] = r;
                    tConf[q] = conf[p];
                    tTarget[q] = target[p];
                }
            }
            return new Cells(tStart, tCol, tConf, tTarget);
        }
    }

    /**
     * Updates every row of {@code solved} by {@value #CG_STEPS} conjugate-gradient steps on its system
     * {@code (F^T F + lambda I + sum_c a_c f_c f_c^T) s = sum_c b_c f_c}, started from its current value.
     */
    private static void halfSweep(double[][] fixed, Cells cells, double[][] solved, int k, double lambda,
                                  int threads) {
        double[][] g = gram(fixed, k);
        for (int f = 0; f < k; f++) {
            g[f][f] += lambda;
        }
        int rows = cells.rows();
        int chunks = (rows + CHUNK - 1) / CHUNK;
        IntStream range = IntStream.range(0, chunks);
        (threads > 1 ? range.parallel() : range).forEach(chunk -> {
            Workspace w = new Workspace(k);
            int to = Math.min(rows, (chunk + 1) * CHUNK);
            for (int row = chunk * CHUNK; row < to; row++) {
                conjugateGradient(g, fixed, cells, row, solved[row], k, w);
            }
        });
    }

    /**
     * The buffers of one worker: the CG vectors and the fixed vectors of one row's cells gathered factor by
     * factor ({@code cols[f][q]} is factor f of cell q), so that both products over the row's cells,
     * {@code s = F_c v} (over {@code cols}) and {@code out += F_c^T s} (over the fixed rows, one array each), are
     * loops over one index of separate arrays. The JIT vectorises those; it does not vectorise a loop that reads
     * one array at an offset from where it writes another, nor a dot product, which is why the factors are one
     * array per row while fitting.
     */
    private static final class Workspace {
        final double[] r;
        final double[] p;
        final double[] ap;
        final double[][] cols;
        double[] s = new double[0];

        Workspace(int k) {
            r = new double[k];
            p = new double[k];
            ap = new double[k];
            cols = new double[k][0];
        }

        void gather(double[][] fixed, Cells cells, int from, int n, int k) {
            if (s.length < n) {
                int cap = Math.max(n, 2 * s.length);
                for (int f = 0; f < k; f++) {
                    cols[f] = new double[cap];
                }
                s = new double[cap];
            }
            for (int q = 0; q < n; q++) {
                double[] row = fixed[cells.col[from + q]];
                for (int f = 0; f < k; f++) {
                    cols[f][q] = row[f];
                }
            }
        }

        /** s[q] = f_q . v for the row's n gathered cells. */
        void products(double[] v, int n, int k) {
            java.util.Arrays.fill(s, 0, n, 0.0);
            for (int f = 0; f < k; f++) {
                axpy(v[f], cols[f], s, n);
            }
        }

        /** out += sum_q s[q] f_q over the row's n cells. */
        void accumulate(double[][] fixed, Cells cells, int from, int n, int k, double[] out) {
            for (int q = 0; q < n; q++) {
                axpy(s[q], fixed[cells.col[from + q]], out, k);
            }
        }
    }

    private static void conjugateGradient(double[][] g, double[][] fixed, Cells cells, int row, double[] x, int k,
                                          Workspace w) {
        int from = cells.start[row];
        int n = cells.start[row + 1] - from;
        if (n == 0) {
            // no observed cell: the exact solution is 0
            java.util.Arrays.fill(x, 0.0);
            return;
        }
        double[] r = w.r;
        double[] p = w.p;
        double[] ap = w.ap;
        w.gather(fixed, cells, from, n, k);
        // r = b - A x = sum_q (target_q - conf_q y_q.x) y_q - G x
        symmetricTimes(g, x, k, r);
        for (int f = 0; f < k; f++) {
            r[f] = -r[f];
        }
        w.products(x, n, k);
        double[] s = w.s;
        for (int q = 0; q < n; q++) {
            s[q] = cells.target[from + q] - cells.conf[from + q] * s[q];
        }
        w.accumulate(fixed, cells, from, n, k, r);
        System.arraycopy(r, 0, p, 0, k);
        double rs = dot(r, 0, r, 0, k);
        for (int step = 0; step < CG_STEPS && rs > 0; step++) {
            // ap = (G + sum_q a_q f_q f_q^T) p
            symmetricTimes(g, p, k, ap);
            w.products(p, n, k);
            for (int q = 0; q < n; q++) {
                s[q] *= cells.conf[from + q];
            }
            w.accumulate(fixed, cells, from, n, k, ap);
            double pap = dot(p, 0, ap, 0, k);
            if (!(pap > 0)) {
                break;
            }
            double alpha = rs / pap;
            axpy(alpha, p, x, k);
            axpy(-alpha, ap, r, k);
            double rsNew = dot(r, 0, r, 0, k);
            double beta = rsNew / rs;
            for (int f = 0; f < k; f++) {
                p[f] = r[f] + beta * p[f];
            }
            rs = rsNew;
        }
    }

    /** out = G v for a symmetric k x k matrix G, as a sum of G's rows weighted by v. */
    private static void symmetricTimes(double[][] g, double[] v, int k, double[] out) {
        java.util.Arrays.fill(out, 0, k, 0.0);
        for (int f = 0; f < k; f++) {
            axpy(v[f], g[f], out, k);
        }
    }

    /**
     * The training loss {@code sum_{u,i} c_ui (p_ui - x_u^T y_i)^2 + lambda (|X|^2 + |Y|^2)} over every cell: the
     * unobserved cells through {@code sum_{u,i} (x_u^T y_i)^2 = <X^T X, Y^T Y>}, then each observed cell's
     * correction {@code b^2 / c - 2 b s + a s^2} with {@code s = x_u^T y_i}.
     */
    private static double objective(double[][] x, double[][] y, Cells byUser, int k, double lambda) {
        double[][] gx = gram(x, k);
        double[][] gy = gram(y, k);
        double total = 0;
        for (int f = 0; f < k; f++) {
            total += dot(gx[f], 0, gy[f], 0, k);
        }
        double norms = 0;
        for (int u = 0; u < x.length; u++) {
            norms += dot(x[u], 0, x[u], 0, k);
            for (int q = byUser.start[u]; q < byUser.start[u + 1]; q++) {
                double s = dot(x[u], 0, y[byUser.col[q]], 0, k);
                double a = byUser.conf[q];
                double b = byUser.target[q];
                total += b * b / (1.0 + a) - 2.0 * b * s + a * s * s;
            }
        }
        for (double[] row : y) {
            norms += dot(row, 0, row, 0, k);
        }
        return total + lambda * norms;
    }

    /** M^T M of a matrix given as one array of k factors per row, as k rows of k. */
    private static double[][] gram(double[][] m, int k) {
        double[][] g = new double[k][k];
        for (double[] row : m) {
            for (int f = 0; f < k; f++) {
                axpy(row[f], row, g[f], k);
            }
        }
        return g;
    }

    /** M^T M of a row-major rows x k matrix, as a row-major k x k array with both triangles. */
    private static double[] gram(double[] m, int rows, int k) {
        double[] g = new double[k * k];
        for (int r = 0; r < rows; r++) {
            addOuterLower(g, 1.0, m, r * k, k);
        }
        for (int f = 0; f < k; f++) {
            for (int h = 0; h < f; h++) {
                g[h * k + f] = g[f * k + h];
            }
        }
        return g;
    }

    /** The lower triangle of a += w v v^T, with v at {@code v[off..off+k)}. */
    private static void addOuterLower(double[] a, double w, double[] v, int off, int k) {
        for (int f = 0; f < k; f++) {
            double wf = w * v[off + f];
            int row = f * k;
            for (int h = 0; h <= f; h++) {
                a[row + h] += wf * v[off + h];
            }
        }
    }

    /**
     * The dot product over four interleaved partial sums: the JIT does not reorder a floating-point sum, so one
     * accumulator would chain every addition on the last; four let the additions overlap.
     */
    private static double dot(double[] a, int aOff, double[] b, int bOff, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int f = 0;
        for (; f + 3 < len; f += 4) {
            s0 += a[aOff + f] * b[bOff + f];
            s1 += a[aOff + f + 1] * b[bOff + f + 1];
            s2 += a[aOff + f + 2] * b[bOff + f + 2];
            s3 += a[aOff + f + 3] * b[bOff + f + 3];
        }
        for (; f < len; f++) {
            s0 += a[aOff + f] * b[bOff + f];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** out += w * v, with v at {@code v[off..off+k)} (scalar code: the offset keeps the JIT from vectorising). */
    private static void axpyAt(double w, double[] v, int off, double[] out, int k) {
        for (int f = 0; f < k; f++) {
            out[f] += w * v[off + f];
        }
    }

    /** out += w * v over the first len entries of both (the same index in both, so the JIT vectorises it). */
    private static void axpy(double w, double[] v, double[] out, int len) {
        for (int f = 0; f < len; f++) {
            out[f] += w * v[f];
        }
    }

    @Override
    public void writePayload(DataOutput out) throws IOException {
        out.writeInt(n);
        out.writeInt(k);
        ByteBuffer buf = ByteBuffer.allocate(8 * 4096);
        for (int off = 0; off < y.length; off += 4096) {
            int len = Math.min(4096, y.length - off);
            buf.clear();
            buf.asDoubleBuffer().put(y, off, len);
            out.write(buf.array(), 0, 8 * len);
        }
    }

    /** Reads a model written by {@link #writePayload}; the configuration comes from the stored parameters. */
    public static Ials readPayload(Map<String, Object> params, DataInput in) throws IOException {
        IalsConfig config;
        try {
            config = IalsConfig.from(ModelHistories.stored(NAME, params, "factors", "lambda",
                    "confidenceAlpha", "iterations", "seed"));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        int n = in.readInt();
        int k = in.readInt();
        if (k != config.factors()) {
            throw new IOException("ials payload: " + k + " factors, but the parameters say " + config.factors());
        }
        if (n < 0 || (long) n * k > Integer.MAX_VALUE - 8) {
            throw new IOException("ials payload: item count " + n + " is out of range");
        }
        double[] y = new double[n * k];
        byte[] bytes = new byte[8 * 4096];
        for (int off = 0; off < y.length; off += 4096) {
            int len = Math.min(4096, y.length - off);
            in.readFully(bytes, 0, 8 * len);
            ByteBuffer.wrap(bytes, 0, 8 * len).asDoubleBuffer().get(y, off, len);
        }
        return of(n, config, y);
    }
}
