package io.whyrec.text.embed;

import io.whyrec.api.Item;
import io.whyrec.core.data.CatalogTagger;
import io.whyrec.core.data.ItemCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * The text an item is embedded from: its title, then its genres or tags, then its description, as
 * {@code "Title. Genres: a, b. Description"}; absent parts are left out. Discovered tags (facets named
 * {@value CatalogTagger#PREFIX}...) are not part of it: they were computed from these texts, and feeding them back
 * would make a second discovery, and the content model, read the first one's clusters.
 */
public final class ItemTexts {

    private ItemTexts() {
    }

    /** The text of one item. */
    public static String of(Item item) {
        StringBuilder sb = new StringBuilder(item.title().strip());
        List<String> genres = item.tags().stream().filter(t -> !t.startsWith(CatalogTagger.PREFIX)).toList();
        if (!genres.isEmpty()) {
            sb.append(". Genres: ").append(String.join(", ", genres));
        }
        if (!item.text().isBlank()) {
            sb.append(". ").append(item.text().strip());
        }
        return sb.toString();
    }

    /** The texts of every item of a catalogue, in dense order. */
    public static List<String> of(ItemCatalog catalog) {
        List<String> out = new ArrayList<>(catalog.size());
        for (int i = 0; i < catalog.size(); i++) {
            out.add(of(catalog.item(i)));
        }
        return out;
    }
}
