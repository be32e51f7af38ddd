package io.whyrec.cli;

import io.whyrec.core.data.CatalogTagger;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.DatasetFile;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.core.data.Split;
import io.whyrec.server.store.DatasetSeed;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code whyrec tags}: discovers interest tags for the catalogue of a data directory (the items' text embeddings
 * clustered and each cluster named by its most distinctive words; whyrec-text's {@link CatalogTagger}), prints
 * each tag with its size and the catalogue facet most of its items share, and the purity against the catalogue's
 * own facets next to a shuffled tagging of the same sizes. For a catalogue without facets of its own,
 * {@code --truth DIR} measures purity against the facets the same items have in another data directory (for
 * example the same data imported with its genres). {@code --attach} writes the tags into the data
 * directory's catalogue as facets named {@code auto: ...} beside the items' own ({@code --replace}: instead of
 * them, for catalogues without a taxonomy), so profiles, explanations, muting and the page use them.
 */
@Command(name = "tags", mixinStandardHelpOptions = true,
        description = "Discover interest tags from item texts; --attach adds them to the catalogue as facets.",
        footer = {"", "Examples:",
                "  whyrec tags --data-dir ml100k --tags 20",
                "  whyrec tags --data-dir ml1m --tags 30 --attach",
                "  whyrec tags --data-dir shop --encoder bge-zh --replace --json",
                "  whyrec tags --data-dir ml1m-plain --tags 18 --truth ml1m --replace",
                "",
                "Attach before the first 'whyrec serve' of the directory (the server seeds its store from the",
                "catalogue once) and train the models again: a saved profile model holds the facets it was fitted on."})
final class TagsCommand implements Callable<Integer> {

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "Data directory written by whyrec import.")
    Path dataDir;

    @Option(names = "--tags", defaultValue = "20", paramLabel = "N", description = "Number of tags (default: ${DEFAULT-VALUE}).")
    int tags;

    @Option(names = "--encoder", defaultValue = "auto", paramLabel = "NAME",
            description = "Embedding model: auto (by the catalogue's script), minilm, bge-zh, hashing or vectors "
                    + "(the item vectors imported with whyrec import --item-vectors; default: ${DEFAULT-VALUE}).")
    String encoder;

    @Option(names = "--seed", defaultValue = "42", description = "Clustering seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--truth", paramLabel = "DIR", description = "Measure purity against the facets the same "
            + "item ids have in another data directory (e.g. the same data imported with its genres) instead of the "
            + "catalogue's own; for a catalogue without a taxonomy.")
    Path truth;

    @Option(names = "--attach", description = "Add the tags to the catalogue as facets beside the items' own.")
    boolean attach;

    @Option(names = "--replace", description = "Add the tags to the catalogue instead of the items' own facets.")
    boolean replace;

    @Option(names = "--json", description = "Print JSON (stable keys) instead of text.")
    boolean json;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (attach && replace) {
            throw new ParameterException(spec.commandLine(), "--attach and --replace exclude each other");
        }
        Path file = dataDir.resolve(DatasetSeed.FILE);
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), file + " not found: import the data first "
                    + "(whyrec import ... --data-dir " + dataDir + ")");
        }
        Map<String, List<String>> known = null;
        if (truth != null) {
            Path truthFile = truth.resolve(DatasetSeed.FILE);
            if (!Files.isRegularFile(truthFile)) {
                throw new ParameterException(spec.commandLine(), "--truth: " + truthFile + " not found (give a "
                        + "data directory written by whyrec import, holding the same items with their genres)");
            }
            known = knownFacets(DatasetFile.read(truthFile).dataset().catalog());
        }
        CatalogTagger tagger = CatalogTagger.find().orElseThrow(() -> new IllegalStateException(
                "whyrec tags needs the module whyrec-text on the class path (bin/whyrec adds it for this command; "
                        + "with java -cp, add whyrec-text and its dependencies)"));
        DatasetFile.Contents contents = DatasetFile.read(file);
        Dataset data = contents.dataset();
        ItemCatalog catalog = data.catalog();
        CatalogTagger.Discovery found;
        try (ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr(), quiet)) {
            found = tagger.discover(catalog, tags, encoder, seed, known, progress);
        }
        if (attach || replace) {
            ItemCatalog tagged = CatalogTagger.attach(catalog, found.tags(), replace);
            if (contents.isSplit()) {
                Split s = contents.split();
                DatasetFile.write(file, new Split(s.train().withCatalog(tagged), s.test().withCatalog(tagged),
                        s.name()));
            } else {
                DatasetFile.write(file, data.withCatalog(tagged));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(toJson(found, file)));
        } else {
            out.print(toText(found, catalog.size(), file));
        }
        return 0;
    }

    /** Each item's facets by id, discovered tags left out (they are not known genres). */
    private static Map<String, List<String>> knownFacets(ItemCatalog catalog) {
        Map<String, List<String>> out = new HashMap<>();
        for (int i = 0; i < catalog.size(); i++) {
            List<String> own = catalog.item(i).tags().stream().filter(t -> !t.startsWith(CatalogTagger.PREFIX))
                    .toList();
            if (!own.isEmpty()) {
                out.put(catalog.item(i).id(), own);
            }
        }
        return out;
    }

    private Map<String, Object> toJson(CatalogTagger.Discovery found, Path file) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("encoder", found.encoder());
        out.put("seed", seed);
        out.put("purity", Double.isNaN(found.purity()) ? null : found.purity());
        out.put("shuffledPurity", Double.isNaN(found.shuffledPurity()) ? null : found.shuffledPurity());
        out.put("purityAgainst", truth != null ? truth.toString() : "catalogue");
        out.put("labelledItems", found.labelled());
        List<Map<String, Object>> list = new ArrayList<>();
        for (CatalogTagger.Tag t : found.tags()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("items", t.items().size());
            m.put("dominantFacet", t.dominantFacet());
            m.put("facetShare", Double.isNaN(t.facetShare()) ? null : t.facetShare());
            m.put("itemIds", t.items());
            list.add(m);
        }
        out.put("tags", list);
        out.put("attached", attach || replace ? (replace ? "replace" : "attach") : null);
        out.put("file", (attach || replace) ? file.toString() : null);
        return out;
    }

    private String toText(CatalogTagger.Discovery found, int items, Path file) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d tags over %d items (encoder %s, seed %d)%n", found.tags().size(),
                items, found.encoder(), seed));
        for (CatalogTagger.Tag t : found.tags()) {
            String facet = t.dominantFacet() == null ? ""
                    : String.format(Locale.ROOT, "  (%.0f%% %s)", 100 * t.facetShare(), t.dominantFacet());
            sb.append(String.format(Locale.ROOT, "%5d items  %s%s%n", t.items().size(), t.name(), facet));
        }
        String against = truth != null ? "the facets in " + truth : "the catalogue's facets";
        if (Double.isNaN(found.purity())) {
            sb.append(truth != null ? "purity: no item has facets in " + truth + " to compare with\n"
                    : "purity: the items have no facets of their own to compare with (give --truth DIR)\n");
        } else {
            sb.append(String.format(Locale.ROOT, "purity against %s: %.3f over %d of %d items (a shuffled tagging "
                    + "of the same sizes: %.3f)%n", against, found.purity(), found.labelled(), items,
                    found.shuffledPurity()));
        }
        if (attach || replace) {
            sb.append("attached to ").append(file).append(replace ? " instead of the items' own facets" : "")
                    .append("; train the models again (whyrec train) to use them\n");
        }
        return sb.toString();
    }
}
