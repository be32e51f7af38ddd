package io.whyrec.cli;

import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.DatasetStore;
import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.ImportResult;
import io.whyrec.core.data.Importer;
import io.whyrec.core.data.Split;
import io.whyrec.core.data.Splits;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The data flags shared by the commands that read interactions: either an imported data directory
 * ({@code --data-dir}, written by {@code whyrec import}) or the raw files with their format, plus the split.
 */
final class DataOptions {

    /** The file name of the imported dataset inside a data directory. */
    static final String DATASET_FILE = "dataset.whyrec";

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory written by 'whyrec import' (holds ${sys:line.separator}  " + DATASET_FILE
                    + " and models/). Used when --train is not given.")
    Path dataDir;

    @Option(names = {"--train", "--interactions"}, paramLabel = "FILE",
            description = "Interactions file (the train part when --test is given).")
    Path train;

    @Option(names = "--test", paramLabel = "FILE", description = "Test file of the same format (a given split).")
    Path test;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "ml100k, ml1m, mllatest, user-items, generic or auto (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--items", paramLabel = "FILE",
            description = "Item metadata file (default: u.item / movies.dat / movies.csv beside the interactions).")
    Path items;

    @Option(names = "--item-map", paramLabel = "FILE",
            description = "'original remapped' item id map, when interactions use remapped ids (CoLaKG).")
    Path itemMap;

    @Option(names = "--item-texts", paramLabel = "FILE", description = "JSON object item id -> description.")
    Path itemTexts;

    @Option(names = "--syntax", paramLabel = "csv|tsv|jsonl", description = "Generic format syntax (default: by extension).")
    String syntax;

    @Option(names = "--skip-bad", description = "Skip bad rows and report them by reason instead of failing.")
    boolean skipBad;

    /** Builds the import request from the raw-file flags. */
    ImportRequest request() {
        if (train == null) {
            throw new IllegalArgumentException("give --train FILE (raw data) or --data-dir DIR (imported data)");
        }
        ImportRequest r = new ImportRequest(ImportFormat.parse(format), train, test, items, itemMap, itemTexts,
                syntax, skipBad);
        return r;
    }

    /** Whether raw files were given (as opposed to an imported directory). */
    boolean hasRawFiles() {
        return train != null;
    }

    /**
     * Loads the data: imports the raw files (printing the import summary to {@code err}) or reads the imported
     * dataset of {@code --data-dir}.
     */
    Loaded load(PrintWriter err) {
        if (train != null) {
            ImportResult result = Importer.importData(request());
            String summary = result.report().summary().strip();
            if (!summary.isEmpty()) {
                err.println(summary);
            }
            return new Loaded(result.dataset(), result.split());
        }
        Path file = datasetFile();
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no imported data at " + file
                    + " (run 'whyrec import --data-dir " + dataDirOrDefault() + " ...' or give --train FILE)");
        }
        DatasetStore.Contents contents = DatasetStore.read(file);
        return new Loaded(contents.dataset(), contents.split());
    }

    /** The data directory, defaulting to ./whyrec-data. */
    Path dataDirOrDefault() {
        return dataDir != null ? dataDir : Path.of("whyrec-data");
    }

    /** The imported dataset file inside the data directory. */
    Path datasetFile() {
        return dataDirOrDefault().resolve(DATASET_FILE);
    }

    /**
     * Loaded data: the whole dataset (the train part when the source is a given split) and the given split, if
     * any.
     */
    record Loaded(Dataset dataset, Split given) {

        /** The events a model trains on: the given split's train part, or everything. */
        Dataset trainingData() {
            return given != null ? given.train() : dataset;
        }

        /**
         * Applies a split specification: "given" (needs a given split), "random:RATIO", "leave-last-out" or
         * "temporal:TIMESTAMP"; null means "given" when there is one and "random:0.8" otherwise.
         */
        Split split(String spec, long seed) {
            String s = spec == null ? (given != null ? "given" : "random:0.8") : spec.trim();
            if (s.equals("given")) {
                if (given == null) {
                    throw new IllegalArgumentException("--split given needs a test file (--test FILE) or an "
                            + "imported train/test split");
                }
                return given;
            }
            Dataset all = given != null ? given.train() : dataset;
            if (s.startsWith("random:")) {
                return Splits.randomRatio(all, parseNumber(s.substring(7), "--split random:RATIO"), seed);
            }
            if (s.equals("leave-last-out")) {
                return Splits.leaveLastOut(all);
            }
            if (s.startsWith("temporal:")) {
                return Splits.temporal(all, (long) parseNumber(s.substring(9), "--split temporal:TIMESTAMP"));
            }
            throw new IllegalArgumentException("unknown --split '" + spec
                    + "' (expected given, random:0.8, leave-last-out or temporal:TIMESTAMP)");
        }

        private static double parseNumber(String text, String option) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + text + "' is not a number");
            }
        }
    }
}
