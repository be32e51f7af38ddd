package io.whyrec.api;

import java.util.List;

/**
 * What an explanation may say about an item: its display title and its facets (genres, tags, categories).
 * Explainers and the sentence builder read items only through this interface, so concrete catalogue classes
 * stay out of the explain module.
 */
public interface ItemInfo {

    /** Display title of an item (never null; the id when the source has none). */
    String title(int item);

    /** Facet names of an item in source order, without duplicates; empty when the item has none. */
    List<String> facets(int item);
}
