package io.whyrec.cli;

import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.DatasetFile;
import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.ImportResult;
import io.whyrec.core.data.Importer;
import io.whyrec.core.data.Preprocess;
import io.whyrec.core.data.PseudonymRecord;
import io.whyrec.core.data.RatingScale;
import io.whyrec.core.data.Split;
import io.whyrec.core.privacy.Pseudonymizer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

    @Option(names = "--columns", split = ",", paramLabel = "COLUMN=NAME",
            description = "Generic format: map the header's columns, e.g. user=userID,item=artistID,value=weight "
                    + "(columns: user, item, timestamp, event_type, value).")
    Map<String, String> columns = new java.util.LinkedHashMap<>();

    @Option(names = "--event-type", paramLabel = "TYPE",
            description = "Generic format: the event type of rows without an event_type column, which says what"
                    + " their value is to the heat term: play (counts, log scale), rating (value / maxRating), or"
                    + " the default interaction (a flag, value 0-1).")
    String eventType;

    @Option(names = "--rating-scale", paramLabel = "MIN..MAX",
            description = "Range a rating must lie in, e.g. 1..10; a rating outside it is a bad row (default: "
                    + "1..5 for ml100k/ml1m, 0.5..5 for mllatest, 0..5 for generic rows of type rating).")
    String ratingScale;

    @Option(names = "--skip-bad", description = "Skip bad rows and report them by reason instead of failing.")
    boolean skipBad;

    @Option(names = "--dedupe", description = "Keep one event per (user, item, timestamp, event type).")
    boolean dedupe;

    @Option(names = "--latest-per-pair", description = "Keep only each user's latest event per item.")
    boolean latestPerPair;

    @Option(names = "--implicit-threshold", paramLabel = "T",
            description = "Implicit feedback: keep events with value >= T (e.g. ratings >= 4) as positives of value 1.")
    Double implicitThreshold;

    @Option(names = "--event-weights", split = ",", paramLabel = "TYPE=W",
            description = "Implicit feedback by event type, e.g. view=1,cart=3,buy=5 (weight 0 drops the type).")
    Map<String, Double> eventWeights;

    @Option(names = "--k-core", paramLabel = "K",
            description = "Iterative k-core: drop users and items with fewer than K events (on train for a split).")
    Integer kCore;

    @Option(names = "--pseudonym-key", paramLabel = "FILE",
            description = "Key (hex, at least 32 bytes) of a data directory whose user ids are pseudonymised; "
                    + "default: the " + Pseudonymizer.ENV + " environment variable. A --user given is looked up by "
                    + "its pseudonym.")
    Path pseudonymKey;

    /** Builds the import request from the raw-file flags. */
    ImportRequest request() {
        if (train == null) {
            throw new IllegalArgumentException("give --train FILE (raw data) or --data-dir DIR (imported data)");
        }
        ImportRequest r = new ImportRequest(ImportFormat.parse(format), train, test, items, itemMap, itemTexts,
                syntax, skipBad, columns, eventType, ratingScale == null ? null : RatingScale.parse(ratingScale), null);
        return r;
    }

    /**
     * The dense index of a user given on the command line, looked up by its pseudonym when the data directory is
     * pseudonymised (raw files given with {@code --train} are never pseudonymised).
     *
     * @throws IllegalArgumentException for an unknown user (naming the id as given), or when the directory is
     *                                  pseudonymised and its key is missing or wrong
     */
    int requireUser(Dataset data, String user) {
        Pseudonymizer key = train != null ? null
                : PseudonymRecord.keyFor(dataDirOrDefault(), pseudonymKey, "--pseudonym-key FILE");
        String stored = key == null ? user : key.pseudonym(user);
        var index = data.users().find(stored);
        if (index.isEmpty()) {
            throw new IllegalArgumentException("unknown user '" + user + "'"
                    + (key == null ? "" : " (looked up as its pseudonym " + stored + ")"));
        }
        return index.getAsInt();
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
            return preprocess(new Loaded(result.dataset(), result.split()), err);
        }
        Path file = datasetFile();
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no imported data at " + file
                    + " (run 'whyrec import --data-dir " + dataDirOrDefault() + " ...' or give --train FILE)");
        }
        DatasetFile.Contents contents = DatasetFile.read(file);
        return preprocess(new Loaded(contents.dataset(), contents.split()), err);
    }

    /**
     * Applies the preprocessing flags in a fixed order: dedupe, latest per pair, implicit conversion, k-core
     * (train part only for a split), then compacting to dense ids when anything was filtered. Each step that ran
     * is reported with the event counts before and after.
     */
    Loaded preprocess(Loaded in, PrintWriter err) {
        boolean any = dedupe || latestPerPair || implicitThreshold != null || eventWeights != null || kCore != null;
        if (!any) {
            return in;
        }
        if (implicitThreshold != null && eventWeights != null) {
            throw new IllegalArgumentException("give either --implicit-threshold or --event-weights, not both");
        }
        Dataset train = in.given() != null ? in.given().train() : in.dataset();
        Dataset test = in.given() != null ? in.given().test() : null;
        int before = train.numEvents() + (test == null ? 0 : test.numEvents());
        java.util.function.UnaryOperator<Dataset> perPart = d -> {
            Dataset x = d;
            if (dedupe) {
                x = Preprocess.dedupe(x);
            }
            if (latestPerPair) {
                x = Preprocess.latestPerUserItem(x);
            }
            if (implicitThreshold != null) {
                x = Preprocess.implicit(x, implicitThreshold);
            }
            if (eventWeights != null) {
                x = Preprocess.typeWeights(x, eventWeights);
            }
            return x;
        };
        train = perPart.apply(train);
        test = test == null ? null : perPart.apply(test);
        if (kCore != null) {
            train = Preprocess.kCore(train, kCore, kCore);
        }
        Loaded out;
        if (test != null) {
            Split split = Preprocess.compact(new Split(train, test, in.given().name()));
            out = new Loaded(split.train(), split);
        } else {
            out = new Loaded(Preprocess.compact(train), null);
        }
        int after = out.dataset().numEvents() + (out.given() == null ? 0 : out.given().test().numEvents());
        if (out.dataset().numEvents() == 0) {
            throw new IllegalArgumentException("preprocessing removed every training event (" + before
                    + " before); loosen --implicit-threshold, --event-weights or --k-core");
        }
        err.printf("preprocessing: %d -> %d events, %d users, %d items%n", before, after,
                out.dataset().activeUsers().length, out.dataset().numItems());
        return out;
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
    }
}
