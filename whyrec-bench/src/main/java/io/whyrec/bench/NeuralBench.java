package io.whyrec.bench;

import io.whyrec.api.Explanation;
import io.whyrec.api.History;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.Importer;
import io.whyrec.core.data.Splits;
import io.whyrec.core.model.Seen;
import io.whyrec.core.profile.Histories;
import io.whyrec.neural.NeuralEngine;
import io.whyrec.neural.explain.AttentionGradientExplainer;
import io.whyrec.neural.explain.GradientTimesInputExplainer;
import io.whyrec.neural.explain.IntegratedGradientsExplainer;
import io.whyrec.neural.model.SasRec;
import io.whyrec.neural.model.SasRecConfig;
import io.whyrec.neural.train.SasRecTrainer;
import io.whyrec.neural.train.TrainingSequences;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark of the neural path on one dataset: training seconds per epoch (full softmax unless a number of
 * negatives is given), then for seeded users the latency of a top-10 recommendation, of top-10 plus an
 * integrated-gradients explanation (m = 50) of the first item, of top-10 plus gradient x input and of top-10 plus
 * the gradient-weighted attention map (p50 and p99), and the peak memory: JVM heap (sum of heap pool peaks) and process resident set (VmHWM, which includes
 * PyTorch's native memory).
 *
 * <p>Usage: {@code NeuralBench FORMAT FILE [epochs=3] [queries=200] [maxLen=50] [negatives=0] [context=false]
 * [dropout=0.2]}, e.g.
 * {@code NeuralBench ml100k ../shared/data/ml-100k/u.data}.
 */
public final class NeuralBench {

    private NeuralBench() {
    }

    /** Runs the benchmark and prints one line per figure. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: NeuralBench FORMAT FILE [epochs=3] [queries=200] [maxLen=50] [negatives=0] "
                    + "[context=false] [dropout=0.2]");
            System.exit(2);
        }
        NeuralEngine.configure();
        ImportFormat format = ImportFormat.parse(args[0]);
        Path file = Path.of(args[1]);
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int queries = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int maxLen = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        int negatives = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        boolean context = args.length > 6 && Boolean.parseBoolean(args[6]);
        double dropout = args.length > 7 ? Double.parseDouble(args[7]) : 0.2;
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file: " + file);
        }
        Dataset data = Importer.importData(ImportRequest.of(format, file)).dataset();
        Dataset train = Splits.leaveLastOut(data).train();
        SasRecConfig cfg = new SasRecConfig(maxLen, 64, 2, 1, dropout, 1e-3, 128, epochs, epochs, 1, 42L, negatives,
                context, false);
        System.out.printf(Locale.ROOT, "torch intra-op threads %s, config %s%n",
                System.getProperty(NeuralEngine.THREADS_PROPERTY, String.valueOf(NeuralEngine.DEFAULT_THREADS)),
                cfg.toMap());
        TrainingSequences seqs = TrainingSequences.of(train);
        long t0 = System.nanoTime();
        SasRecTrainer.Result r = SasRecTrainer.train(train.numItems(), seqs, cfg,
                (task, done, total) -> System.out.println(task));
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        SasRec model = r.model();
        List<int[]> windows = seqs.windows(maxLen);
        System.out.printf(Locale.ROOT, "dataset %s: %d users, %d items, %d events; %d training windows, %d pairs%n",
                file.getFileName(), data.numUsers(), data.numItems(), data.numEvents(),
                windows.size(), windows.stream().mapToLong(w -> w.length - 1).sum());
        System.out.printf(Locale.ROOT, "training: %.2f s per epoch (steps only; %d epochs, %.1f s with validation; "
                + "%s)%n", r.secondsPerEpoch(), r.epochs().size(), trainSeconds,
                negatives == 0 ? "full softmax" : negatives + " sampled negatives");

        IntegratedGradientsExplainer ig = new IntegratedGradientsExplainer(model);
        GradientTimesInputExplainer gxi = new GradientTimesInputExplainer(model, null);
        AttentionGradientExplainer att = new AttentionGradientExplainer(model, null);
        int[] users = train.activeUsers();
        int n = Math.min(queries, users.length);
        long[] top = new long[n];
        long[] topIg = new long[n];
        long[] topGxi = new long[n];
        long[] topAtt = new long[n];
        for (int q = 0; q < n; q++) {
            History h = Histories.binary(train, users[(int) ((q * 7919L) % users.length)]);
            long a = System.nanoTime();
            List<ScoredItem> rec = model.recommend(h, 10, Seen.itemsOf(h));
            long b = System.nanoTime();
            Explanation x = ig.explain(h, rec.get(0).item(), 1);
            long c = System.nanoTime();
            gxi.explain(h, rec.get(0).item(), 1);
            long d = System.nanoTime();
            att.explain(h, rec.get(0).item(), 1);
            long e = System.nanoTime();
            top[q] = b - a;
            topIg[q] = c - a;
            topGxi[q] = (d - c) + (b - a);
            topAtt[q] = (e - d) + (b - a);
            if (x.events().size() != h.size()) {
                throw new IllegalStateException("explanation size mismatch");
            }
        }
        System.out.printf(Locale.ROOT, "latency over %d users (ms): top-10 p50 %.1f p99 %.1f; top-10 + IG(m=50) "
                + "p50 %.1f p99 %.1f; top-10 + grad x input p50 %.1f p99 %.1f; top-10 + grad-attention p50 %.1f "
                + "p99 %.1f%n", n, pct(top, 0.5), pct(top, 0.99), pct(topIg, 0.5), pct(topIg, 0.99), pct(topGxi, 0.5),
                pct(topGxi, 0.99), pct(topAtt, 0.5), pct(topAtt, 0.99));
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "peak memory: JVM heap %.0f MB, process resident (VmHWM) %s%n",
                heapPeak / 1e6, vmHwm());
        model.close();
    }

    private static double pct(long[] nanos, double q) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int i = (int) Math.min(s.length - 1, Math.ceil(q * s.length) - 1);
        return s[Math.max(0, i)] / 1e6;
    }

    private static String vmHwm() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (IOException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
        return "unavailable";
    }
}
