package io.whyrec.core.model;

import io.whyrec.api.ItemInfo;
import io.whyrec.core.data.ItemCatalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The explainers' read-only view of an {@link ItemCatalog}: display titles (the item id when the source has no
 * title) and facet names in source order without duplicates. The facet lists are built once, so explaining
 * many recommendations does not rebuild them.
 */
public final class CatalogItemInfo implements ItemInfo {

    private final ItemCatalog catalog;
    private final List<List<String>> facets;

    /** A view of a catalogue. */
    public CatalogItemInfo(ItemCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.facets = new ArrayList<>(catalog.size());
        for (int i = 0; i < catalog.size(); i++) {
            LinkedHashSet<String> names = new LinkedHashSet<>();
            for (int f : catalog.facetsOf(i)) {
                names.add(catalog.facets().id(f));
            }
            facets.add(List.copyOf(names));
        }
    }

    @Override
    public String title(int item) {
        check(item);
        String t = catalog.title(item);
        return t == null || t.isEmpty() ? catalog.items().id(item) : t;
    }

    @Override
    public List<String> facets(int item) {
        check(item);
        return facets.get(item);
    }

    private void check(int item) {
        if (item < 0 || item >= catalog.size()) {
            throw new IllegalArgumentException("item index " + item + " outside the catalogue 0.." + (catalog.size() - 1));
        }
    }
}
