package io.whyrec.core.data;

import io.whyrec.api.Item;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Item content aligned with a dataset's item index: titles, texts and the facets (genres, tags, categories)
 * each item has, with facets themselves densely indexed so the interest vector is a plain array.
 */
public final class ItemCatalog {

    private final IdIndex items;
    private final List<Item> content;
    private final IdIndex facets;
    private final int[][] itemFacets;
    private final ItemVectors vectors;

    private ItemCatalog(IdIndex items, List<Item> content, IdIndex facets, int[][] itemFacets, ItemVectors vectors) {
        this.vectors = vectors;
        this.items = items;
        this.content = content;
        this.facets = facets;
        this.itemFacets = itemFacets;
    }

    /**
     * Builds the catalogue for an item index. Items without metadata get their id as title and no facets.
     * Facets are indexed in order of first appearance over the dense item order, so the index is reproducible.
     */
    public static ItemCatalog of(IdIndex items, Map<String, Item> metadata) {
        List<Item> content = new ArrayList<>(items.size());
        IdIndex.Builder facetIds = new IdIndex.Builder();
        int[][] itemFacets = new int[items.size()][];
        for (int i = 0; i < items.size(); i++) {
            Item item = metadata.get(items.id(i));
            if (item == null) {
                item = new Item(items.id(i), null, null, null);
            }
            content.add(item);
            itemFacets[i] = item.tags().stream().mapToInt(facetIds::add).distinct().toArray();
        }
        return new ItemCatalog(items, List.copyOf(content), facetIds.build(), itemFacets, null);
    }

    /** The item index this catalogue is aligned with. */
    public IdIndex items() {
        return items;
    }

    /** Number of items. */
    public int size() {
        return items.size();
    }

    /** The content of a dense item. */
    public Item item(int dense) {
        return content.get(dense);
    }

    /** The display title of a dense item. */
    public String title(int dense) {
        return content.get(dense).title();
    }

    /** The facet index (genres, tags). */
    public IdIndex facets() {
        return facets;
    }

    /** Dense facet indices of an item (do not modify the returned array). */
    public int[] facetsOf(int dense) {
        return itemFacets[dense];
    }

    /** A copy of this catalogue with precomputed item vectors (null: none). */
    public ItemCatalog withVectors(ItemVectors v) {
        return new ItemCatalog(items, content, facets, itemFacets, v);
    }

    /**
     * A copy of this catalogue with every item's facets replaced by what a function gives for it, keeping
     * everything else: the item index, titles, texts and the precomputed vectors. The facet index is rebuilt in
     * order of first appearance, as {@link #of} builds it.
     *
     * @param facets the new facet names of an item (in order; duplicates are kept once)
     */
    public ItemCatalog withFacets(Function<Item, List<String>> facets) {
        Map<String, Item> changed = new LinkedHashMap<>();
        for (Item it : content) {
            changed.put(it.id(), new Item(it.id(), it.title(), it.text(),
                    facets.apply(it).stream().distinct().toList()));
        }
        return of(items, changed).withVectors(vectors);
    }

    /** The precomputed item vectors ({@link ItemVectors}), or null when the catalogue has none. */
    public ItemVectors vectors() {
        return vectors;
    }
}
