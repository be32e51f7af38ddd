package io.whyrec.cli;

import io.whyrec.bench.ModelBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code whyrec bench}: the speed benchmark (speed targets live here, not in unit tests). On the ML-1M implicit
 * split it reports the EASE fit time (median of several fits) next to a baseline measured in the same run (the
 * same fit with EJML's SPD inverse), and the in-process top-K recommend latency p50/p99 over every user.
 * Targets on a 2-core machine: fit <= 3 s, recommend p99 <= 1 ms.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark EASE fit time and recommend latency (with a same-run baseline).",
        footer = {"", "Examples:",
                "  whyrec bench",
                "  whyrec bench --train ../shared/data/ml-1m-colakg-implicit/train.txt --fits 5 --json",
                "  whyrec bench --explain --users 200",
                "  whyrec bench --scale --items 15000 --fits 1"})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--train", paramLabel = "FILE",
            description = "A user-items file (default: ../shared/data/ml-1m-colakg-implicit/train.txt beside the "
                    + "repository); with --explain, the shared data folder.")
    Path train;

    @Option(names = "--lambda", defaultValue = "800", description = "EASE lambda (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--fits", defaultValue = "3", description = "Timed fits; the median is reported (default: ${DEFAULT-VALUE}).")
    int fits;

    @Option(names = "--threads", defaultValue = "2", description = "Solver threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--k", defaultValue = "10", description = "List length (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--no-baseline", description = "Skip the EJML baseline fit.")
    boolean noBaseline;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--explain", description = "Benchmark explanation latency per method instead (exact, loo, "
            + "LIME, KernelSHAP, counterfactual) on the ML-1M implicit split with EASE.")
    boolean explain;

    @Option(names = "--scale", description = "Measure the dense-solve limit of this machine beside the EASE fit time "
            + "instead: on the ML-1M implicit split (--train) and on a seeded synthetic matrix of --items items "
            + "(ease picks its form by size; see docs/scale.md).")
    boolean scale;

    @Option(names = "--items", defaultValue = "15000", paramLabel = "N",
            description = "With --scale: items of the synthetic matrix, 0 = none (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--synthetic-users", defaultValue = "30000", paramLabel = "N",
            description = "With --scale: users of the synthetic matrix (default: ${DEFAULT-VALUE}).")
    int syntheticUsers;

    @Option(names = "--users", defaultValue = "200",
            description = "With --explain: users whose top-10 are explained (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--seed", defaultValue = "42", description = "With --explain: user sample seed; with --scale: "
            + "seed of the synthetic matrix (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (explain) {
            Path shared = train != null ? train : defaultFile().getParent().getParent();
            var latencies = io.whyrec.bench.ExplainBench.run(shared, users, seed,
                    json ? null : new java.io.PrintStream(System.out, true));
            if (json) {
                spec.commandLine().getOut().println(Json.write(latencies.values()));
            }
            return 0;
        }
        Path file = train != null ? train : defaultFile();
        if (scale) {
            io.whyrec.bench.ScaleBench.main(new String[] {"limit", "ml1m=" + file, "items=" + items,
                    "users=" + syntheticUsers, "lambda=" + lambda, "fits=" + fits, "threads=" + threads,
                    "seed=" + seed});
            return 0;
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("benchmark data " + file + " not found (give --train FILE)");
        }
        ModelBench.Result r = ModelBench.run(file, lambda, fits, k, threads);
        double baseline = noBaseline ? Double.NaN : ModelBench.baselineEjmlFitSeconds(file, lambda, 1);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("data", file.toString());
            out.put("users", r.users());
            out.put("items", r.items());
            out.put("interactions", r.nonZeros());
            out.put("lambda", lambda);
            out.put("threads", threads);
            out.put("fitSeconds", r.fitSeconds());
            out.put("fitMedianSeconds", r.fitMedianSeconds());
            out.put("coldFitSeconds", r.coldFitSeconds());
            out.put("baselineEjmlFitSeconds", baseline);
            out.put("speedupVsBaseline", baseline / r.fitMedianSeconds());
            out.put("recommendP50Ms", r.recommendP50Ms());
            out.put("recommendP99Ms", r.recommendP99Ms());
            out.put("recommendMaxMs", r.recommendMaxMs());
            out.put("targets", Map.of("fitSeconds", 3.0, "recommendP99Ms", 1.0));
            spec.commandLine().getOut().println(Json.write(out));
        } else {
            var w = spec.commandLine().getOut();
            w.println(r.summary());
            if (!noBaseline) {
                w.printf("  baseline (same run): EJML invertSPD fit %.2f s -> whyrec solver is %.2fx faster%n",
                        baseline, baseline / r.fitMedianSeconds());
            }
            w.printf("  targets: fit <= 3 s (%s), recommend p99 <= 1 ms (%s)%n",
                    r.fitMedianSeconds() <= 3 ? "met" : "NOT met", r.recommendP99Ms() <= 1 ? "met" : "NOT met");
        }
        return 0;
    }

    private static Path defaultFile() {
        String home = System.getenv().getOrDefault("WHYREC_HOME", ".");
        return Path.of(home).resolve("../shared/data/ml-1m-colakg-implicit/train.txt").normalize();
    }
}
