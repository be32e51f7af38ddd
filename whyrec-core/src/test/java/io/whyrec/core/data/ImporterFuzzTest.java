package io.whyrec.core.data;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Jazzer fuzz targets, one per import format and per metadata file: the fuzzer's bytes become one file of a
 * valid file set ({@link MutationCorpus#seeds()}) and are imported in strict and in skip-bad mode. Expected: a
 * {@link DataFormatException} naming a file of the set (with its line for a row error, and in skip-bad mode only
 * for a header or the whole file), or a result that breaks no rule ({@link ImportedData}). Anything else, another
 * exception type or garbage accepted, is a finding.
 *
 * <p>In the normal test run ({@code mvn verify}) each target runs its seeds and every past finding under
 * {@code src/test/resources/io/whyrec/core/data/ImporterFuzzTestInputs/<target>/} as regression tests; with
 * {@code JAZZER_FUZZ=1} (or {@code scripts/fuzz.sh}) one target is fuzzed for the given time.
 */
class ImporterFuzzTest {

    /** Where the file sets are written: one folder per target, overwritten at each execution. */
    private static final Path ROOT;
    private static final Map<String, MutationCorpus.Seed> SEEDS = new HashMap<>();

    static {
        try {
            ROOT = Files.createTempDirectory("whyrec-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (var walk = Files.walk(ROOT)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder left behind is harmless
            }
        }));
        for (MutationCorpus.Seed s : MutationCorpus.seeds()) {
            SEEDS.put(s.name(), s);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void ml100kRatings(byte[] input) {
        run("ml100k", "u.data", input);
    }

    @FuzzTest(maxDuration = "10s")
    void ml100kItems(byte[] input) {
        run("ml100k", "u.item", input);
    }

    @FuzzTest(maxDuration = "10s")
    void ml100kUsers(byte[] input) {
        run("ml100k", "u.user", input);
    }

    @FuzzTest(maxDuration = "10s")
    void ml1mRatings(byte[] input) {
        run("ml1m", "ratings.dat", input);
    }

    @FuzzTest(maxDuration = "10s")
    void ml1mMovies(byte[] input) {
        run("ml1m", "movies.dat", input);
    }

    @FuzzTest(maxDuration = "10s")
    void mlLatestRatings(byte[] input) {
        run("mllatest", "ratings.csv", input);
    }

    @FuzzTest(maxDuration = "10s")
    void mlLatestMovies(byte[] input) {
        run("mllatest", "movies.csv", input);
    }

    @FuzzTest(maxDuration = "10s")
    void mlLatestTags(byte[] input) {
        run("mllatest", "tags.csv", input);
    }

    @FuzzTest(maxDuration = "10s")
    void userItems(byte[] input) {
        run("user-items", "train.txt", input);
    }

    @FuzzTest(maxDuration = "10s")
    void genericCsv(byte[] input) {
        run("generic-csv", "events.csv", input);
    }

    @FuzzTest(maxDuration = "10s")
    void genericTsv(byte[] input) {
        run("generic-tsv", "events.tsv", input);
    }

    @FuzzTest(maxDuration = "10s")
    void genericJsonLines(byte[] input) {
        run("generic-jsonl", "events.jsonl", input);
    }

    @FuzzTest(maxDuration = "10s")
    void genericItemsJsonLines(byte[] input) {
        run("generic-jsonl", "items.jsonl", input);
    }

    @FuzzTest(maxDuration = "10s")
    void autoDetected(byte[] input) {
        run("auto-ml100k", "ua.base", input);
    }

    /**
     * All the targets above in one (the budget of {@code .ci/run}, where one JVM per target would cost more in
     * start-up than in fuzzing): the last input byte picks the target ({@link #ORDER}), the rest is its input.
     */
    @FuzzTest(maxDuration = "60s")
    void allImporters(FuzzedDataProvider data) {
        String[] t = TARGETS.get(ORDER.get(data.consumeInt(0, ORDER.size() - 1)));
        run(t[0], t[1], data.consumeRemainingAsBytes());
    }

    /** Writes the seed's files with {@code input} as {@code file} and checks both import modes. */
    static void run(String seedName, String file, byte[] input) {
        MutationCorpus.Seed seed = SEEDS.get(seedName);
        Path dir = ROOT.resolve(seedName + "-" + file);
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                for (Map.Entry<String, byte[]> f : seed.files().entrySet()) {
                    Files.write(dir.resolve(f.getKey()), f.getValue());
                }
            }
            Files.write(dir.resolve(file), input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ImportRequest request = seed.request().apply(dir.resolve(seed.main()));
        try {
            check(request, dir, false);
            check(request.withSkipBad(true), dir, true);
        } finally {
            try {
                // the next execution starts from the valid set again
                Files.write(dir.resolve(file), seed.files().get(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void check(ImportRequest request, Path dir, boolean skipBad) {
        ImportResult result;
        try {
            result = Importer.importData(request);
        } catch (DataFormatException e) {
            if (e.file() == null || !e.file().toAbsolutePath().startsWith(dir.toAbsolutePath())
                    || !e.getMessage().startsWith(e.file().toString())) {
                throw new AssertionError("an import error that names no file of the set: " + e.getMessage(), e);
            }
            String r = e.reason();
            if (skipBad && e.line() > 0 && !(r.contains("header") || r.startsWith("cannot tell")
                    || r.startsWith("--columns"))) {
                throw new AssertionError("skip-bad aborted on a row error: " + e.getMessage(), e);
            }
            return;
        }
        ImportFormat format = request.format() == ImportFormat.AUTO ? Importer.detect(request.interactions())
                : request.format();
        List<String> problems = ImportedData.problems(result, request.ratingScale(format));
        if (!problems.isEmpty()) {
            throw new AssertionError("garbage accepted" + (skipBad ? " in skip-bad mode" : "") + ": " + problems);
        }
    }

    /** The seed set and fuzzed file of every target, by target method name (for {@link FuzzSeeds}). */
    static final Map<String, String[]> TARGETS = Map.ofEntries(
            Map.entry("ml100kRatings", new String[] {"ml100k", "u.data"}),
            Map.entry("ml100kItems", new String[] {"ml100k", "u.item"}),
            Map.entry("ml100kUsers", new String[] {"ml100k", "u.user"}),
            Map.entry("ml1mRatings", new String[] {"ml1m", "ratings.dat"}),
            Map.entry("ml1mMovies", new String[] {"ml1m", "movies.dat"}),
            Map.entry("mlLatestRatings", new String[] {"mllatest", "ratings.csv"}),
            Map.entry("mlLatestMovies", new String[] {"mllatest", "movies.csv"}),
            Map.entry("mlLatestTags", new String[] {"mllatest", "tags.csv"}),
            Map.entry("userItems", new String[] {"user-items", "train.txt"}),
            Map.entry("genericCsv", new String[] {"generic-csv", "events.csv"}),
            Map.entry("genericTsv", new String[] {"generic-tsv", "events.tsv"}),
            Map.entry("genericJsonLines", new String[] {"generic-jsonl", "events.jsonl"}),
            Map.entry("genericItemsJsonLines", new String[] {"generic-jsonl", "items.jsonl"}),
            Map.entry("autoDetected", new String[] {"auto-ml100k", "ua.base"}));

    /** The targets in the order {@link #allImporters} numbers them. */
    static final List<String> ORDER = TARGETS.keySet().stream().sorted().toList();

    /** The valid content of a target's fuzzed file, its first seed input. */
    static byte[] seedInput(String target) {
        String[] t = TARGETS.get(target);
        return SEEDS.get(t[0]).files().get(t[1]);
    }
}
