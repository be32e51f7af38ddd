package io.whyrec.cli;

import io.whyrec.core.data.DatasetFile;
import io.whyrec.core.data.ImportResult;
import io.whyrec.core.data.Importer;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.core.data.ItemVectors;
import io.whyrec.core.data.PseudonymRecord;
import io.whyrec.core.data.Split;
import io.whyrec.core.privacy.Pseudonymizer;
import io.whyrec.server.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code whyrec import}: validates raw interaction and item files, applies the optional preprocessing (dedupe,
 * implicit conversion, k-core, dense re-indexing) and stores the result in the internal binary form under
 * {@code --data-dir}, so later commands reuse it without re-parsing. By default the first bad row fails
 * the import with {@code file:line: reason} and nothing is written; {@code --skip-bad} skips bad rows and reports
 * them by reason.
 *
 * <p>With {@code --pseudonymize} every user id is replaced by its keyed pseudonym ({@link Pseudonymizer}, the key
 * from {@code --pseudonym-key FILE} or {@value Pseudonymizer#ENV}) in memory, before anything is written, and
 * the data directory records the key's fingerprint ({@link PseudonymRecord}); {@code serve}, {@code profile},
 * {@code recommend} and {@code explain} on it then map the ids they are given the same way. Errors: no key, a
 * directory pseudonymised under another key, or a directory whose server store holds raw ids.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Validate and import interactions and items into a data directory.",
        footer = {"", "Examples:",
                "  whyrec import --format ml100k --train ../shared/data/ml-100k/ua.base "
                        + "--test ../shared/data/ml-100k/ua.test --data-dir ml100k",
                "  whyrec import --format user-items --train train.txt --test test.txt --item-map item_map.txt "
                        + "--items ../ml-1m/movies.dat --data-dir ml1m",
                "  whyrec import --format generic --train events.csv --items items.csv --skip-bad --data-dir shop",
                "  whyrec import --format user-items --train train.txt --test test.txt --item-map item_map.txt "
                        + "--items ../ml-1m/movies.dat --item-texts llm_response_item.json --no-facets "
                        + "--data-dir ml1m-plain",
                "  whyrec import --format ml1m --train ratings.dat --implicit-threshold 4 --k-core 5 --data-dir ml1m",
                "  whyrec import --format ml100k --train u.data --pseudonymize --pseudonym-key pseudonym.key "
                        + "--data-dir ml100k-p"})
final class ImportCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(names = "--pseudonymize", description = "Replace every user id by its keyed pseudonym (HMAC-SHA256 "
            + "under the key of --pseudonym-key FILE or " + Pseudonymizer.ENV + ") before anything is written; the "
            + "data directory records the key's fingerprint, never the key.")
    boolean pseudonymize;

    @Option(names = "--item-vectors", paramLabel = "FILE", description = "Precomputed item vectors of any "
            + "modality (image, audio or text embeddings made elsewhere): CSV or TSV lines item_id,v1,...,vd, one "
            + "per item; kept next to the dataset file and used by --encoder vectors (content, hybrid, tags).")
    Path itemVectors;

    @Option(names = "--vectors-label", defaultValue = "vectors", paramLabel = "NAME", description = "What the "
            + "--item-vectors are, e.g. image-clip (default: ${DEFAULT-VALUE}).")
    String vectorsLabel;

    @Option(names = "--no-facets", description = "Import the items without their facets (genres, tags): a "
            + "catalogue without a taxonomy, whose only facets are then the ones 'whyrec tags --attach/--replace' "
            + "discovers. Titles, texts and item vectors are kept.")
    boolean noFacets;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path out = data.datasetFile();
        Path dir = out.toAbsolutePath().getParent();
        var w = spec.commandLine().getOut();
        Pseudonymizer key = null;
        if (pseudonymize) {
            key = Pseudonymizer.resolve(data.pseudonymKey);
            if (key == null) {
                throw new IllegalArgumentException("--pseudonymize needs a key: --pseudonym-key FILE or the "
                        + Pseudonymizer.ENV + " environment variable (hex; make one with 'whyrec pseudonyms "
                        + "new-key FILE')");
            }
            if (PseudonymRecord.read(dir).isEmpty() && Files.exists(dir.resolve(Database.SQLITE_FILE))) {
                throw new IllegalArgumentException(dir + " holds a server store (" + Database.SQLITE_FILE
                        + ") with raw user ids; import with --pseudonymize into a new data directory");
            }
        } else if (data.pseudonymKey != null) {
            throw new IllegalArgumentException("--pseudonym-key is given without --pseudonymize; add --pseudonymize "
                    + "to store pseudonyms");
        }
        int stale = Importer.removeStaleTemporaries(out);
        if (stale > 0) {
            spec.commandLine().getErr().printf("removed %d temporary file(s) an interrupted write left in %s%n", stale,
                    dir);
        }
        ImportResult result = Importer.importData(data.request().withPseudonyms(key));
        w.print(result.report().summary());
        DataOptions.Loaded loaded = data.preprocess(new DataOptions.Loaded(result.dataset(), result.split()),
                spec.commandLine().getErr());
        if (noFacets) {
            int facets = loaded.dataset().catalog().facets().size();
            loaded = withoutFacets(loaded);
            w.printf("facets left out: %d facet names dropped from %d items (--no-facets)%n", facets,
                    loaded.dataset().numItems());
        }
        ItemVectors vectors = null;
        if (itemVectors != null) {
            Set<String> known = new HashSet<>(loaded.dataset().catalog().items().ids());
            vectors = ItemVectors.read(itemVectors, vectorsLabel, known);
            w.printf("item vectors: %d of %d items, dimension %d (%s)%n", vectors.size(),
                    loaded.dataset().numItems(), vectors.dimension(), vectors.label());
        }
        Files.createDirectories(dir);
        // vectors first, so the dataset file is never read with another import's vectors
        if (vectors != null) {
            vectors.writeNextTo(out);
        } else {
            Files.deleteIfExists(ItemVectors.sideFile(out));
        }
        // the record before the dataset: a directory never holds pseudonyms without saying so
        PseudonymRecord.prepareImport(dir, key);
        if (key != null) {
            w.printf("user ids pseudonymised (HMAC-SHA256, key fingerprint %s)%n", key.fingerprint());
        }
        if (loaded.given() != null) {
            DatasetFile.write(out, loaded.given());
            w.printf("imported a train/test split: %d users, %d items, %d train + %d test events -> %s%n",
                    loaded.dataset().numUsers(), loaded.dataset().numItems(), loaded.given().train().numEvents(),
                    loaded.given().test().numEvents(), out);
        } else {
            DatasetFile.write(out, loaded.dataset());
            w.printf("imported %d users, %d items, %d events -> %s%n", loaded.dataset().numUsers(),
                    loaded.dataset().numItems(), loaded.dataset().numEvents(), out);
        }
        return 0;
    }

    /** The loaded data with every item's facets removed (the events, titles, texts and vectors unchanged). */
    private static DataOptions.Loaded withoutFacets(DataOptions.Loaded in) {
        ItemCatalog bare = in.dataset().catalog().withFacets(item -> List.of());
        if (in.given() == null) {
            return new DataOptions.Loaded(in.dataset().withCatalog(bare), null);
        }
        Split s = in.given();
        Split out = new Split(s.train().withCatalog(bare), s.test().withCatalog(bare), s.name());
        return new DataOptions.Loaded(out.train(), out);
    }
}
