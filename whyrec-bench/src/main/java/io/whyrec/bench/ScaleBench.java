package io.whyrec.bench;

import io.whyrec.api.Item;
import io.whyrec.api.Progress;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.model.BinaryMatrix;
import io.whyrec.core.model.Ease;
import io.whyrec.core.model.EaseConfig;
import io.whyrec.core.model.linalg.SpdInverse;
import io.whyrec.core.model.linalg.SpdInverseFloat;
import io.whyrec.core.synth.SyntheticConfig;
import io.whyrec.core.synth.SyntheticData;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The large-catalogue benchmark: in one run, the dense-solve limit of this machine beside the EASE fit time. The
 * limit at n items is the solve's multiply-adds ({@link SpdInverse#multiplyAdds}, n^3/2) divided by the rate
 * the solver's own kernel reaches on a rank-64 update ({@link SpdInverse#updateRate}, measured in the same
 * process, in the precision the fit uses), so it is the time the inverse would take if every multiply-add ran
 * at the kernel's peak; the fit time includes the Gram matrix and B as well. Sizes: the ML-1M implicit training
 * split (3,260 items) and a seeded synthetic matrix ({@link SyntheticData}, 15,000 items by default).
 *
 * <p>Usage: {@code ScaleBench limit [ml1m=FILE] [items=15000] [users=30000] [lambda=800] [fits=2] [threads=N]
 * [seed=7]} prints one line per size and a JSON object; {@code ScaleBench synthetic items=N users=U out=FILE
 * [catalogue=FILE] [seed=7] [zipf=0.7]} writes a synthetic matrix as a user-items file (one line per user,
 * {@code user item ...}, 0-based ids) and, with {@code catalogue}, its items with their planted facets as a generic
 * items file ({@link #writeItems}), for the end-to-end runs of {@code bench/scale.sh} and
 * {@code whyrec-spark/scale.sh}.
 */
public final class ScaleBench {

    /** Order of the matrix the kernel rate is measured on (out of the caches, as a large solve's is). */
    static final int RATE_ORDER = 2048;
    /** Timed runs of the rate measurement (after one warm-up). */
    static final int RATE_REPEATS = 10;

    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();

    private ScaleBench() {
    }

    /**
     * One size of the limit run.
     *
     * @param label         where the matrix came from
     * @param items         items (n)
     * @param users         users
     * @param nonZeros      distinct user-item pairs
     * @param form          the form EASE chose (double, float)
     * @param rate          the kernel's measured rate in the form's precision, multiply-adds per second
     * @param limitSeconds  n^3/2 divided by the rate
     * @param fitSeconds    median wall time of the whole EASE fit (Gram matrix, inverse, B)
     * @param limitCpuSeconds the limit in process CPU seconds: n^3/2 over the kernel's multiply-adds per CPU second
     * @param fitCpuSeconds process CPU seconds of the fit whose wall time is the median
     */
    public record Size(String label, int items, int users, long nonZeros, String form, double rate,
                       double limitSeconds, double fitSeconds, double limitCpuSeconds, double fitCpuSeconds) {

        /** Fit time over the limit (wall clock). */
        public double ratio() {
            return fitSeconds / limitSeconds;
        }

        /**
         * Fit CPU time over the limit in CPU time: on a machine shared with other jobs the wall ratio depends on
         * how much of the CPU each phase got; this one does not.
         */
        public double cpuRatio() {
            return fitCpuSeconds / limitCpuSeconds;
        }

        /** One line for people. */
        public String line() {
            return String.format(Locale.ROOT, "%-28s n=%6d users=%6d nnz=%8d form=%-6s kernel %.2f GFMA/s  "
                            + "limit %.2f s  fit %.2f s  fit/limit %.2f  (CPU: limit %.1f s, fit %.1f s, "
                            + "fit/limit %.2f)", label, items, users, nonZeros, form, rate / 1e9, limitSeconds,
                    fitSeconds, ratio(), limitCpuSeconds, fitCpuSeconds, cpuRatio());
        }
    }

    /** Measures the limit and the fit on one matrix. */
    public static Size measure(String label, BinaryMatrix x, double lambda, int fits, int threads,
                                   Map<String, double[]> rates) {
        EaseConfig config = new EaseConfig(lambda);
        EaseConfig.Form form = Ease.chooseForm(x, config, threads);
        // warm-up in the same form on a small matrix: class loading and JIT compilation of the kernels, which the
        // rate below then measures compiled (the same update and axpy2x4 methods)
        Ease.fit(synthetic(3000, 1500, 0.7, 1), config.withForm(form, config.neighbours()), threads, Progress.NONE);
        double[] rate = rates.computeIfAbsent(form.key(), f -> {
            long c0 = CPU.getProcessCpuTime();
            double wall = f.equals("float") ? SpdInverseFloat.updateRate(RATE_ORDER, threads, RATE_REPEATS)
                    : SpdInverse.updateRate(RATE_ORDER, threads, RATE_REPEATS);
            double cpu = (CPU.getProcessCpuTime() - c0) / 1e9;
            // every run, the warm-up included, did RATE_ORDER^2 * 64 multiply-adds
            return new double[] {wall, (RATE_REPEATS + 1.0) * RATE_ORDER * RATE_ORDER * 64 / cpu};
        });
        double[] seconds = new double[fits];
        double[] cpuSeconds = new double[fits];
        for (int r = 0; r < fits; r++) {
            long c0 = CPU.getProcessCpuTime();
            long t0 = System.nanoTime();
            Ease ease = Ease.fit(x, config, threads, Progress.NONE);
            seconds[r] = (System.nanoTime() - t0) / 1e9;
            cpuSeconds[r] = (CPU.getProcessCpuTime() - c0) / 1e9;
            if (ease.numItems() != x.numItems()) {
                throw new AssertionError();
            }
        }
        int median = 0;
        for (int r = 0; r < fits; r++) {
            int below = 0;
            for (int q = 0; q < fits; q++) {
                below += seconds[q] < seconds[r] ? 1 : 0;
            }
            if (below == fits / 2) {
                median = r;
            }
        }
        double fma = SpdInverse.multiplyAdds(x.numItems());
        return new Size(label, x.numItems(), x.numUsers(), x.nonZeros(), form.key(), rate[0], fma / rate[0],
                seconds[median], fma / rate[1], cpuSeconds[median]);
    }

    /** A seeded synthetic binary matrix of a given size (the generator's defaults otherwise, Zipf exponent given). */
    public static BinaryMatrix synthetic(int users, int items, double zipf, long seed) {
        return BinaryMatrix.of(syntheticDataset(users, items, zipf, seed));
    }

    private static Dataset syntheticDataset(int users, int items, double zipf, long seed) {
        SyntheticConfig d = SyntheticConfig.DEFAULT;
        SyntheticConfig config = new SyntheticConfig(users, items, d.numFacets(), d.minEvents(), d.maxEvents(),
                d.maxFavourites(), d.favouriteShare(), zipf, d.driftShare(), d.driftPoint(), d.spanDays(),
                d.startEpochSeconds(), d.favouriteRatingMean(), d.otherRatingMean(), d.ratingSd());
        return SyntheticData.generate(config, seed).dataset();
    }

    /**
     * Writes the catalogue of a synthetic dataset as a generic items file ({@code id,title,tags}, RFC 4180
     * quotes, tags separated by {@code |}), the item ids being the 0-based indices that {@link #writeUserItems}
     * writes, so that the items' planted facets reach the profiles of a job that reads both.
     */
    public static void writeItems(Dataset data, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("id,title,tags\n");
            for (int i = 0; i < data.numItems(); i++) {
                Item item = data.catalog().item(i);
                out.write(i + "," + quote(item.title()) + "," + quote(String.join("|", item.tags())) + "\n");
            }
        }
    }

    private static String quote(String field) {
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }

    /** Writes a matrix as a user-items file: {@code user item item ...}, 0-based, one line per user. */
    public static void writeUserItems(BinaryMatrix x, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            StringBuilder line = new StringBuilder();
            for (int u = 0; u < x.numUsers(); u++) {
                line.setLength(0);
                line.append(u);
                for (int i : x.row(u)) {
                    line.append(' ').append(i);
                }
                out.write(line.append('\n').toString());
            }
        }
    }

    /** Command-line entry (see the class comment). */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || !(args[0].equals("limit") || args[0].equals("synthetic"))) {
            System.err.println("usage: ScaleBench limit [ml1m=FILE] [items=15000] [users=30000] [lambda=800] "
                    + "[fits=2] [threads=N] [seed=7]\n       ScaleBench synthetic items=N users=U out=FILE "
                    + "[catalogue=FILE] [seed=7] [zipf=0.7]");
            System.exit(2);
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (int a = 1; a < args.length; a++) {
            String[] p = args[a].split("=", 2);
            if (p.length != 2) {
                throw new IllegalArgumentException("argument '" + args[a] + "' is not key=value");
            }
            kv.put(p[0], p[1]);
        }
        long seed = Long.parseLong(kv.getOrDefault("seed", "7"));
        int threads = Integer.parseInt(kv.getOrDefault("threads",
                String.valueOf(Runtime.getRuntime().availableProcessors())));
        if (args[0].equals("synthetic")) {
            int items = Integer.parseInt(require(kv, "items"));
            int users = Integer.parseInt(require(kv, "users"));
            double zipf = Double.parseDouble(kv.getOrDefault("zipf", "0.7"));
            long t0 = System.nanoTime();
            Dataset data = syntheticDataset(users, items, zipf, seed);
            BinaryMatrix x = BinaryMatrix.of(data);
            writeUserItems(x, Path.of(require(kv, "out")));
            if (kv.containsKey("catalogue")) {
                writeItems(data, Path.of(kv.get("catalogue")));
            }
            System.out.printf(Locale.ROOT, "synthetic: %d users x %d items, %d interactions, seed %d, zipf %.2f, "
                    + "%.1f s -> %s%n", x.numUsers(), x.numItems(), x.nonZeros(), seed, zipf,
                    (System.nanoTime() - t0) / 1e9, require(kv, "out"));
            return;
        }
        double lambda = Double.parseDouble(kv.getOrDefault("lambda", "800"));
        int fits = Integer.parseInt(kv.getOrDefault("fits", "2"));
        Map<String, double[]> rates = new LinkedHashMap<>();
        List<Size> sizes = new ArrayList<>();
        String ml1m = kv.get("ml1m");
        if (ml1m != null && !ml1m.isEmpty()) {
            Size s = measure("ml-1m-colakg-implicit train", BinaryMatrix.readUserItems(Path.of(ml1m)), lambda, fits,
                    threads, rates);
            System.out.println(s.line());
            sizes.add(s);
        }
        int items = Integer.parseInt(kv.getOrDefault("items", "15000"));
        if (items > 0) {
            int users = Integer.parseInt(kv.getOrDefault("users", "30000"));
            Size s = measure("synthetic seed " + seed, synthetic(users, items, 0.7, seed), lambda, fits, threads,
                    rates);
            System.out.println(s.line());
            sizes.add(s);
        }
        StringBuilder json = new StringBuilder("{\"threads\": " + threads + ", \"lambda\": " + lambda
                + ", \"sizes\": [");
        for (int i = 0; i < sizes.size(); i++) {
            Size s = sizes.get(i);
            json.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "{\"label\": \"%s\", \"items\": %d, "
                            + "\"users\": %d, \"nonZeros\": %d, \"form\": \"%s\", \"kernelFmaPerSecond\": %.4g, "
                            + "\"limitSeconds\": %.3f, \"fitSeconds\": %.3f, \"fitOverLimit\": %.3f, "
                            + "\"limitCpuSeconds\": %.3f, \"fitCpuSeconds\": %.3f, \"cpuFitOverLimit\": %.3f}",
                    s.label(), s.items(), s.users(), s.nonZeros(), s.form(), s.rate(), s.limitSeconds(),
                    s.fitSeconds(), s.ratio(), s.limitCpuSeconds(), s.fitCpuSeconds(), s.cpuRatio()));
        }
        System.out.println(json.append("]}"));
    }

    private static String require(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing argument " + key + "=...");
        }
        return v;
    }
}
