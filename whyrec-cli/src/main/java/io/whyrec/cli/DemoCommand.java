package io.whyrec.cli;

import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.ImportResult;
import io.whyrec.core.data.Importer;
import io.whyrec.core.data.Split;
import io.whyrec.core.data.Splits;
import io.whyrec.core.model.ModelSpec;
import io.whyrec.core.model.Models;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.core.profile.HistoryBuilder;
import io.whyrec.core.profile.InterestProfile;
import io.whyrec.core.profile.InterestProfiler;
import io.whyrec.core.synth.SyntheticConfig;
import io.whyrec.core.synth.SyntheticData;
import io.whyrec.eval.Evaluator;
import io.whyrec.eval.report.EvaluationReport;
import io.whyrec.eval.protocol.GivenSplitProtocol;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code whyrec demo}: the whole pipeline in one command. Without {@code --data} it generates seeded synthetic
 * data with planted favourite facets (so you can see the profile recover them); with {@code --data DIR} it
 * reads a MovieLens folder (100K, 1M implicit split, latest-small). It trains every model (hyper-parameters
 * chosen on validation), prints three users' interest profiles and top-10, then the evaluation table.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline on synthetic data (default) or a MovieLens folder.",
        footer = {"", "Examples:",
                "  whyrec demo",
                "  whyrec demo --data ../shared/data/ml-100k",
                "  whyrec demo --data ../shared/data/ml-1m-colakg-implicit --models pop,ease"})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR",
            description = "A MovieLens folder (ml-100k, ml-latest-small, ml-1m-colakg-implicit); default: synthetic.")
    Path dataDir;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of data, splits and bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--models", split = ",", defaultValue = "pop,itemknn,ease,profile",
            description = "Models, baseline first (default: ${DEFAULT-VALUE}).")
    List<String> models = new ArrayList<>();

    @Option(names = "--users", defaultValue = "3", description = "How many users to show (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Split split;
        SyntheticData synthetic = null;
        if (dataDir == null) {
            synthetic = SyntheticData.generate(SyntheticConfig.DEFAULT, seed);
            split = Splits.randomRatio(synthetic.dataset(), 0.8, seed);
            out.printf("Synthetic data (seed %d): %d users, %d items, %d events; each user has 1-3 planted "
                            + "favourite facets.%n", seed, synthetic.dataset().numUsers(),
                    synthetic.dataset().numItems(), synthetic.dataset().numEvents());
        } else {
            split = loadFolder(dataDir, seed, out);
        }
        List<ModelSpec<?>> specs = models.stream().<ModelSpec<?>>map(Models::require).toList();
        EvaluationReport report;
        Map<String, Recommender> fitted = new LinkedHashMap<>();
        try (ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr(), quiet)) {
            Evaluator.Options options = Evaluator.Options.defaults().with(10, seed, true);
            report = new Evaluator(options).evaluate(new GivenSplitProtocol(split, 10, options.settings()), specs,
                    progress, fitted);
        }
        Dataset train = split.train();
        String shown = models.contains("ease") ? "ease" : models.get(models.size() - 1);
        Recommender rec = fitted.get(shown);
        InterestProfiler profiler = new InterestProfiler(train.catalog());
        int[] active = train.activeUsers();
        for (int i = 0; i < Math.min(users, active.length); i++) {
            int u = active[i];
            String label = train.users().id(u);
            out.println();
            out.println("=".repeat(100));
            InterestProfile profile = profiler.profile(HistoryBuilder.build(train, u, EventWeighting.DEFAULT));
            out.print(profile.toText("user " + label, 5, 2));
            if (synthetic != null) {
                out.println("  planted favourites (truth): "
                        + String.join(", ", synthetic.truth().get(u).favourites()));
            }
            List<ScoredItem> top = RecommendCommand.recommend(rec, train, u, 10);
            out.print(RecommendCommand.render(rec, train, label, top));
        }
        out.println();
        out.println("=".repeat(100));
        out.println(report.toText());
        return 0;
    }

    /** Recognises a MovieLens folder by its files and imports it as a split. */
    static Split loadFolder(Path dir, long seed, PrintWriter out) {
        ImportRequest request;
        boolean given = false;
        if (Files.exists(dir.resolve("ua.base")) && Files.exists(dir.resolve("ua.test"))) {
            request = ImportRequest.of(ImportFormat.ML100K, dir.resolve("ua.base")).withTest(dir.resolve("ua.test"));
            given = true;
        } else if (Files.exists(dir.resolve("u.data"))) {
            request = ImportRequest.of(ImportFormat.ML100K, dir.resolve("u.data"));
        } else if (Files.exists(dir.resolve("ratings.dat"))) {
            request = ImportRequest.of(ImportFormat.ML1M, dir.resolve("ratings.dat"));
        } else if (Files.exists(dir.resolve("ratings.csv"))) {
            request = ImportRequest.of(ImportFormat.MLLATEST, dir.resolve("ratings.csv"));
        } else if (Files.exists(dir.resolve("train.txt")) && Files.exists(dir.resolve("test.txt"))) {
            request = ImportRequest.of(ImportFormat.USER_ITEMS, dir.resolve("train.txt")).withTest(dir.resolve("test.txt"));
            given = true;
            if (Files.exists(dir.resolve("item_map.txt"))) {
                request = request.withItemMap(dir.resolve("item_map.txt"));
                Path movies = dir.resolveSibling("ml-1m").resolve("movies.dat");
                if (Files.exists(movies)) {
                    request = request.withItems(movies);
                }
            }
        } else {
            throw new IllegalArgumentException("--data " + dir + ": no MovieLens files found (expected ua.base+ua.test, "
                    + "u.data, ratings.dat, ratings.csv or train.txt+test.txt)");
        }
        ImportResult result = Importer.importData(request);
        Split split = given ? result.split() : Splits.randomRatio(result.dataset(), 0.8, seed);
        out.printf("Data %s: %d users, %d items, %d train + %d test events (%s)%n", dir, split.train().numUsers(),
                split.train().numItems(), split.train().numEvents(), split.test().numEvents(), split.name());
        return split;
    }
}
