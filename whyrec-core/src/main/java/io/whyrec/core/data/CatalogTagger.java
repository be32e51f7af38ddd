package io.whyrec.core.data;

import io.whyrec.api.Item;
import io.whyrec.api.Progress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

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
     * @param dominantFacet the catalogue's own facet most of its items have, or null when items have none
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
     * @param purity         the share of items (with a facet of their own) whose tag's dominant facet is one of
     *                       theirs; NaN when no item has a facet
     * @param shuffledPurity the same for tags of the same sizes filled at random (seeded): the figure a meaningless
     *                       tagging gets
     */
    record Discovery(List<Tag> tags, String encoder, double purity, double shuffledPurity) {

        /** Copies the tag list. */
        public Discovery {
            tags = List.copyOf(tags);
        }
    }

    /**
     * Discovers tags.
     *
     * @param catalog  the items, with titles, texts and their own facets (used to name and to measure purity)
     * @param tags     how many tags
     * @param encoder  the embedding model choice (auto, minilm, bge-zh, hashing)
     * @param seed     the clustering seed
     * @param progress progress of the embedding and the clustering
     * @throws IllegalArgumentException when tags is below 1 or above the number of items, or the encoder unknown
     */
    Discovery discover(ItemCatalog catalog, int tags, String encoder, long seed, Progress progress);

    /** The tagger on the class path, if a module offers one. */
    static Optional<CatalogTagger> find() {
        return ServiceLoader.load(CatalogTagger.class).findFirst();
    }

    /**
     * The catalogue with the discovered tags as facets: beside each item's own facets, or instead of them.
     * Earlier discovered tags (names starting with {@value #PREFIX}) are dropped either way, so running a
     * discovery again replaces them.
     */
    static ItemCatalog attach(ItemCatalog catalog, List<Tag> tags, boolean replace) {
        Map<String, List<String>> added = new HashMap<>();
        for (Tag t : tags) {
            for (String item : t.items()) {
                added.computeIfAbsent(item, k -> new ArrayList<>()).add(t.name());
            }
        }
        Map<String, Item> items = new HashMap<>();
        for (int j = 0; j < catalog.size(); j++) {
            Item it = catalog.item(j);
            Set<String> facets = new LinkedHashSet<>();
            if (!replace) {
                for (String f : it.tags()) {
                    if (!f.startsWith(PREFIX)) {
                        facets.add(f);
                    }
                }
            }
            facets.addAll(added.getOrDefault(it.id(), List.of()));
            items.put(it.id(), new Item(it.id(), it.title(), it.text(), List.copyOf(facets)));
        }
        return ItemCatalog.of(catalog.items(), items);
    }
}
