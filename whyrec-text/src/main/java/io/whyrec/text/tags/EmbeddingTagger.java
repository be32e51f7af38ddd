package io.whyrec.text.tags;

import io.whyrec.api.Item;
import io.whyrec.api.Progress;
import io.whyrec.core.config.Params;
import io.whyrec.core.data.CatalogTagger;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.text.embed.EmbeddingConfig;
import io.whyrec.text.model.EmbeddingSource;
import io.whyrec.text.model.ItemEmbeddings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link CatalogTagger} of whyrec-text: the items' text embeddings (title and description, the encoder chosen
 * by the catalogue's script unless named) clustered by seeded spherical k-means ({@link AutoTagger}), each cluster
 * named by its most distinctive words; purity is measured against the items' own facets (or the known genres
 * given from another source) next to a shuffled tagging of the same sizes.
 */
public final class EmbeddingTagger implements CatalogTagger {

    private final EmbeddingConfig config;

    /** The tagger with the default embedding configuration (cache directory, batch size). */
    public EmbeddingTagger() {
        this(EmbeddingConfig.defaults());
    }

    /** A tagger with an embedding configuration. */
    public EmbeddingTagger(EmbeddingConfig config) {
        this.config = config;
    }

    @Override
    public Discovery discover(ItemCatalog catalog, int tags, String encoder, long seed,
                              Map<String, List<String>> truth, Progress progress) {
        if (tags < 1 || tags > catalog.size()) {
            throw new IllegalArgumentException("tags: " + tags + " is outside 1.." + catalog.size()
                    + " (the number of items)");
        }
        EmbeddingConfig.Choice choice = Params.of("tags", Map.of("encoder", encoder), Set.of("encoder"))
                .choice("encoder", EmbeddingConfig.Choice.class, EmbeddingConfig.Choice.AUTO);
        ItemEmbeddings x = new EmbeddingSource(config).of(catalog, choice, progress);
        List<String> naming = new ArrayList<>(catalog.size());
        List<List<String>> genres = new ArrayList<>(catalog.size());
        int labelled = 0;
        for (int i = 0; i < catalog.size(); i++) {
            Item it = catalog.item(i);
            naming.add(it.title() + ". " + it.text());
            List<String> known = truth != null ? truth.getOrDefault(it.id(), List.of()) : it.tags();
            known = known.stream().filter(t -> !t.startsWith(PREFIX)).toList();
            genres.add(known);
            labelled += known.isEmpty() ? 0 : 1;
        }
        boolean anyGenre = labelled > 0;
        progress.update("tags: clustering", 0, 1);
        List<AutoTag> found = AutoTagger.discover(x, naming, anyGenre ? genres : null,
                AutoTagger.Config.defaults().with(tags, seed));
        progress.update("tags: clustering", 1, 1);
        int[] assignment = AutoTagger.assignment(found, catalog.size());
        double purity = anyGenre ? AutoTagger.purity(assignment, tags, genres) : Double.NaN;
        double chance = anyGenre ? AutoTagger.purity(AutoTagger.shuffled(assignment, seed), tags, genres) : Double.NaN;
        List<Tag> out = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (AutoTag t : found) {
            if (t.members().length == 0) {
                continue;
            }
            String words = t.terms().isEmpty() ? "tag " + (t.id() + 1) : String.join(", ", t.terms());
            String name = PREFIX + words;
            if (used.contains(name)) {
                name = name + " (" + (t.id() + 1) + ")";
            }
            used.add(name);
            List<String> ids = new ArrayList<>(t.members().length);
            for (int i : t.members()) {
                ids.add(catalog.item(i).id());
            }
            out.add(new Tag(name, ids, t.dominantGenre(), t.genreShare()));
        }
        return new Discovery(out, x.model(), purity, chance, labelled);
    }
}
