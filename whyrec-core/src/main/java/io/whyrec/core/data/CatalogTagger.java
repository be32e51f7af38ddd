package io.whyrec.core.data;

import io.whyrec.api.Progress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Discovers interest tags for a catalogue from what its items are about (whyrec-text's implementation clusters
 * the items' text embeddings and names each cluster by its most distinctive words), so a catalogue without a
 * taxonomy gets facets that profiles, explanations, muting and the page can use. Implementations are found on the
 * class path with {@link ServiceLoader} ({@code META-INF/services/io.whyrec.core.data.CatalogTagger}); core itself
 * has none, because it does not depend on the embedding models.
 */
public interface CatalogTagger {

    /** The prefix of every discovered tag's facet name, so a user can tell them from the catalogue's own. */
    String PREFIX = "auto: ";

    /**
     * A discovered tag.
     *
     * @param name          the facet name, {@value #PREFIX} followed by its naming words
     * @param items         the ids of the items it holds
     * @param dominantFacet the known genre most of its items have, or null when its items have none
     * @param facetShare    the share of its items that have the dominant facet, NaN when there is none
     */
    record Tag(String name, List<String> items, String dominantFacet, double facetShare) {

        /** Copies the item list. */
        public Tag {
            items = List.copyOf(items);
        }
    }

    /**
     * What a discovery found.
     *
     * @param tags           the tags, one per cluster
     * @param encoder        the embedding model the items were read with
     * @param purity         the share of items with known genres (their own facets, or the truth given to
     *                       {@link #discover}) whose tag's dominant genre is one of theirs; NaN when no item has one
     * @param shuffledPurity the same for tags of the same sizes filled at random (seeded): the figure a meaningless
     *                       tagging gets
     * @param labelled       how many items have known genres (the items purity is measured over)
     */
    record Discovery(List<Tag> tags, String encoder, double purity, double shuffledPurity, int labelled) {

        /** Copies the tag list. */
        public Discovery {
            tags = List.copyOf(tags);
        }
    }

    /**
     * Discovers tags.
     *
     * @param catalog  the items, with titles and texts (used to embed and to name); their own facets are the known
     *                 genres purity is measured against unless {@code truth} is given
     * @param tags     how many tags
     * @param encoder  the embedding model choice (auto, minilm, bge-zh, hashing, vectors)
     * @param seed     the clustering seed
     * @param truth    known genres by item id from another source (for a catalogue without facets of its own),
     *                 used for each tag's dominant facet and for purity; null to use the catalogue's own facets.
     *                 Items it does not name have no known genre.
     * @param progress progress of the embedding and the clustering
     * @throws IllegalArgumentException when tags is below 1 or above the number of items, or the encoder unknown
     */
    Discovery discover(ItemCatalog catalog, int tags, String encoder, long seed, Map<String, List<String>> truth,
                       Progress progress);

    /** The tagger on the class path, if a module offers one. */
    static Optional<CatalogTagger> find() {
        return ServiceLoader.load(CatalogTagger.class).findFirst();
    }

    /**
     * The catalogue with the discovered tags as facets: beside each item's own facets, or instead of them.
     * Earlier discovered tags (names starting with {@value #PREFIX}) are dropped either way, so running a
     * discovery again replaces them. Everything else of the catalogue (ids, titles, texts, item vectors) is kept.
     */
    static ItemCatalog attach(ItemCatalog catalog, List<Tag> tags, boolean replace) {
        Map<String, List<String>> added = new HashMap<>();
        for (Tag t : tags) {
            for (String item : t.items()) {
                added.computeIfAbsent(item, k -> new ArrayList<>()).add(t.name());
            }
        }
        return catalog.withFacets(it -> {
            List<String> facets = new ArrayList<>();
            if (!replace) {
                for (String f : it.tags()) {
                    if (!f.startsWith(PREFIX)) {
                        facets.add(f);
                    }
                }
            }
            facets.addAll(added.getOrDefault(it.id(), List.of()));
            return facets;
        });
    }
}
