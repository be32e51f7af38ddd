package io.whyrec.server.live;

import io.whyrec.api.Item;
import io.whyrec.api.ItemInfo;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.core.model.ProfileModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable view of the item catalogue and the models built on it, swapped atomically when items are added,
 * so that a request in flight keeps the catalogue it started with. Dense item indices are assigned in the order
 * items were first stored, so adding items never renumbers the existing ones.
 *
 * @param version increases with every swap; cached histories are keyed by it
 * @param catalog titles and facets, aligned with the dense item index
 * @param profile the profile model over this catalogue (no facet muted)
 */
public record CatalogSnapshot(long version, ItemCatalog catalog, ProfileModel profile) {

    /** Builds the snapshot for items in catalogue order. */
    public static CatalogSnapshot of(long version, List<Item> items, ProfileModel.Config config) {
        List<String> ids = new ArrayList<>(items.size());
        Map<String, Item> meta = new java.util.HashMap<>(items.size() * 2);
        for (Item it : items) {
            ids.add(it.id());
            meta.put(it.id(), it);
        }
        ItemCatalog catalog = ItemCatalog.of(IdIndex.of(ids), meta);
        return new CatalogSnapshot(version, catalog, new ProfileModel(catalog, config));
    }

    /** Number of items. */
    public int size() {
        return catalog.size();
    }

    /**
     * Titles and facets as an explanation may use them for one user: the facets the user muted or deleted are
     * left out, so no facet attribution and no sentence can cite them.
     */
    public ItemInfo infoHiding(Set<String> hidden) {
        return new ItemInfo() {
            @Override
            public String title(int item) {
                return catalog.title(item);
            }

            @Override
            public List<String> facets(int item) {
                List<String> tags = catalog.item(item).tags();
                if (hidden.isEmpty()) {
                    return tags;
                }
                List<String> out = new ArrayList<>(tags.size());
                for (String t : tags) {
                    if (!hidden.contains(t)) {
                        out.add(t);
                    }
                }
                return out;
            }
        };
    }
}
