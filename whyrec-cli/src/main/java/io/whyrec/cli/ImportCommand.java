package io.whyrec.cli;

import io.whyrec.core.data.ImportResult;
import io.whyrec.core.data.DatasetStore;
import io.whyrec.core.data.Importer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code whyrec import}: validates raw interaction and item files, applies the optional preprocessing (dedupe,
 * implicit conversion, k-core, dense re-indexing) and stores the result in the internal binary form under
 * {@code --data-dir}, so later commands reuse it without re-parsing. By default the first bad row fails
 * the import with {@code file:line: reason} and nothing is written; {@code --skip-bad} skips bad rows and reports
 * them by reason.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Validate and import interactions and items into a data directory.",
        footer = {"", "Examples:",
                "  whyrec import --format ml100k --train ../shared/data/ml-100k/ua.base "
                        + "--test ../shared/data/ml-100k/ua.test --data-dir ml100k",
                "  whyrec import --format user-items --train train.txt --test test.txt --item-map item_map.txt "
                        + "--items ../ml-1m/movies.dat --data-dir ml1m",
                "  whyrec import --format generic --train events.csv --items items.csv --skip-bad --data-dir shop",
                "  whyrec import --format ml1m --train ratings.dat --implicit-threshold 4 --k-core 5 --data-dir ml1m"})
final class ImportCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path out = data.datasetFile();
        var w = spec.commandLine().getOut();
        int stale = Importer.removeStaleTemporaries(out);
        if (stale > 0) {
            spec.commandLine().getErr().printf("removed %d temporary file(s) an interrupted write left in %s%n", stale,
                    out.toAbsolutePath().getParent());
        }
        ImportResult result = Importer.importData(data.request());
        w.print(result.report().summary());
        DataOptions.Loaded loaded = data.preprocess(new DataOptions.Loaded(result.dataset(), result.split()),
                spec.commandLine().getErr());
        Files.createDirectories(out.toAbsolutePath().getParent());
        if (loaded.given() != null) {
            DatasetStore.write(out, loaded.given());
            w.printf("imported a train/test split: %d users, %d items, %d train + %d test events -> %s%n",
                    loaded.dataset().numUsers(), loaded.dataset().numItems(), loaded.given().train().numEvents(),
                    loaded.given().test().numEvents(), out);
        } else {
            DatasetStore.write(out, loaded.dataset());
            w.printf("imported %d users, %d items, %d events -> %s%n", loaded.dataset().numUsers(),
                    loaded.dataset().numItems(), loaded.dataset().numEvents(), out);
        }
        return 0;
    }
}
