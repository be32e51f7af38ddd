package io.whyrec.bench;

import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.ScoredItem;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.model.BinaryMatrix;
import io.whyrec.core.model.Ease;
import io.whyrec.core.model.EaseConfig;
import io.whyrec.core.model.Seen;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures EASE on a user-items file: the fit time (median over repeated fits, each including the Gram
 * matrix) and the latency of one top-K recommendation (score every item, exclude the user's items, select the
 * top K) for every user, in process on the calling thread. Usage:
 * {@code java ... io.whyrec.bench.ModelBench FILE [lambda=800] [fits=3] [k=10]}, where FILE has one
 * line per user, {@code user item item ...}, with 0-based item ids (the CoLaKG ML-1M {@code train.txt} format).
 */
public final class ModelBench {

    private ModelBench() {
    }

    /**
     * The measurements of one run.
     *
     * @param users            users in the file (rows of X)
     * @param items            items (columns of X: the largest id + 1)
     * @param nonZeros         distinct user-item pairs
     * @param lambda           the EASE regularisation used
     * @param threads          solver threads
     * @param fitSeconds       wall time of each fit, seconds, in run order
     * @param fitMedianSeconds median of {@code fitSeconds}
     * @param fitCpuMedianSeconds median CPU time of the whole process during a fit, seconds (all threads); on a
     *                         machine shared with other jobs this is steadier than the wall time
     * @param k                recommendation list length
     * @param recommendP50Ms   median latency of one recommendation, milliseconds (median over the timed passes)
     * @param recommendP99Ms   99th percentile latency, milliseconds (median over the timed passes)
     * @param recommendMaxMs   largest latency, milliseconds (median over the timed passes)
     * @param coldFitSeconds   wall time of the first, untimed-for-the-median fit (JIT warm-up included)
     */
    public record Result(int users, int items, long nonZeros, double lambda, int threads, double[] fitSeconds,
                         double fitMedianSeconds, double fitCpuMedianSeconds, int k, double recommendP50Ms, double recommendP99Ms,
                         double recommendMaxMs, double coldFitSeconds) {

        /** A one-paragraph human-readable summary. */
        public String summary() {
            StringBuilder fits = new StringBuilder();
            for (double s : fitSeconds) {
                fits.append(fits.length() == 0 ? "" : ", ").append(String.format("%.2f", s));
            }
            return String.format("EASE lambda=%s on %d users x %d items (%d interactions), %d threads:%n"
                            + "  fit median %.2f s wall, %.2f s process CPU (wall runs: %s s; cold first fit %.2f s)%n"
                            + "  top-%d recommend over all users (median of 3 passes): p50 %.3f ms, p99 %.3f ms, max %.3f ms",
                    lambda, users, items, nonZeros, threads, fitMedianSeconds, fitCpuMedianSeconds, fits, coldFitSeconds, k,
                    recommendP50Ms,
                    recommendP99Ms, recommendMaxMs);
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param file    user-items file
     * @param lambda  EASE regularisation
     * @param fits    number of fits to time (the median is reported)
     * @param k       recommendation list length
     * @param threads solver threads
     */
    public static Result run(Path file, double lambda, int fits, int k, int threads) throws IOException {
        BinaryMatrix x = BinaryMatrix.readUserItems(file);
        double[] fitSeconds = new double[fits];
        double[] fitCpu = new double[fits];
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        // one cold fit first (class loading and JIT compilation of the kernels), reported on its own; the timed
        // fits after it measure the steady state, as a warmed-up JMH iteration would
        long cold0 = System.nanoTime();
        Ease ease = Ease.fit(x, new EaseConfig(lambda), threads, Progress.NONE);
        double coldFitSeconds = (System.nanoTime() - cold0) / 1e9;
        for (int r = 0; r < fits; r++) {
            ease = null;
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            ease = Ease.fit(x, new EaseConfig(lambda), threads, Progress.NONE);
            fitSeconds[r] = (System.nanoTime() - t0) / 1e9;
            fitCpu[r] = (os.getProcessCpuTime() - c0) / 1e9;
        }
        double[] sorted = fitSeconds.clone();
        Arrays.sort(sorted);
        double median = sorted[fits / 2];
        double[] sortedCpu = fitCpu.clone();
        Arrays.sort(sortedCpu);
        List<History> histories = new ArrayList<>();
        for (int u = 0; u < x.numUsers(); u++) {
            List<WeightedEvent> events = new ArrayList<>();
            for (int i : x.row(u)) {
                events.add(WeightedEvent.unit(i, 0));
            }
            histories.add(new History(u, events));
        }
        // one warm-up pass so the timed pass measures compiled code
        long sink = 0;
        for (History h : histories) {
            sink += ease.recommend(h, k, Seen.itemsOf(h)).size();
        }
        // three timed passes over every user; each percentile is the median of the three passes' values, so one
        // burst of interference from outside the process (a shared host) does not decide the figure
        double[][] passes = new double[RECOMMEND_PASSES][];
        for (int pass = 0; pass < RECOMMEND_PASSES; pass++) {
            long[] nanos = new long[histories.size()];
            for (int u = 0; u < nanos.length; u++) {
                History h = histories.get(u);
                long t0 = System.nanoTime();
                List<ScoredItem> top = ease.recommend(h, k, Seen.itemsOf(h));
                nanos[u] = System.nanoTime() - t0;
                sink += top.size();
            }
            Arrays.sort(nanos);
            passes[pass] = new double[] {percentile(nanos, 0.50) / 1e6, percentile(nanos, 0.99) / 1e6,
                    nanos[nanos.length - 1] / 1e6};
        }
        if (sink < 0) {
            throw new AssertionError();
        }
        return new Result(x.numUsers(), x.numItems(), x.nonZeros(), lambda, threads, fitSeconds, median, sortedCpu[fits / 2], k,
                medianOf(passes, 0), medianOf(passes, 1), medianOf(passes, 2), coldFitSeconds);
    }

    /** Timed recommend passes over all users; the reported percentiles are medians over the passes. */
    static final int RECOMMEND_PASSES = 3;

    private static double medianOf(double[][] passes, int column) {
        double[] v = new double[passes.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = passes[i][column];
        }
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static double percentile(long[] sorted, double q) {
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    /**
     * The baseline the fit is compared with in the same run: the same EASE fit (same Gram matrix, same weights
     * computation) with EJML's documented SPD inverse ({@code CommonOps_DDRM.invertSPD}, Cholesky based) in place
     * of whyrec's blocked solver. Returns the median wall time over {@code fits} fits, in seconds.
     */
    public static double baselineEjmlFitSeconds(Path file, double lambda, int fits) throws IOException {
        BinaryMatrix x = BinaryMatrix.readUserItems(file);
        int n = x.numItems();
        double[] seconds = new double[fits];
        for (int r = 0; r < fits; r++) {
            long t0 = System.nanoTime();
            double[] g = x.gramLower(2);
            org.ejml.data.DMatrixRMaj gram = new org.ejml.data.DMatrixRMaj(n, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double v = g[i * n + j] + (i == j ? lambda : 0.0);
                    gram.unsafe_set(i, j, v);
                    gram.unsafe_set(j, i, v);
                }
            }
            org.ejml.data.DMatrixRMaj inverse = new org.ejml.data.DMatrixRMaj(n, n);
            if (!org.ejml.dense.row.CommonOps_DDRM.invertSPD(gram, inverse)) {
                throw new IllegalStateException("EJML: Gram matrix + lambda I is not positive definite");
            }
            float[] b = Ease.weightsFromInverse(inverse.data, n);
            seconds[r] = (System.nanoTime() - t0) / 1e9;
            if (b.length != n * n) {
                throw new AssertionError();
            }
        }
        Arrays.sort(seconds);
        return seconds[fits / 2];
    }

    /** Command-line entry: {@code FILE [lambda=800] [fits=3] [k=10] [threads=N]}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ModelBench FILE [lambda=800] [fits=3] [k=10] [threads=<processors>]");
            System.exit(2);
        }
        double lambda = 800;
        int fits = 3;
        int k = 10;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int a = 1; a < args.length; a++) {
            String[] kv = args[a].split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("argument '" + args[a] + "' is not key=value");
            }
            switch (kv[0]) {
                case "lambda" -> lambda = Double.parseDouble(kv[1]);
                case "fits" -> fits = Integer.parseInt(kv[1]);
                case "k" -> k = Integer.parseInt(kv[1]);
                case "threads" -> threads = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument '" + kv[0]
                        + "' (known: lambda, fits, k, threads)");
            }
        }
        System.out.println(run(Path.of(args[0]), lambda, fits, k, threads).summary());
    }
}
