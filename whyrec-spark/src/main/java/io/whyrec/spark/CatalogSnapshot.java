package io.whyrec.spark;

import io.whyrec.api.Item;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an executor needs of the training data besides a user's own events: the item catalogue (ids, titles and
 * facets, in dense order) and the event-type names, in a serialisable form that is broadcast once. The
 * catalogue is rebuilt with {@link ItemCatalog#of}, which indexes facets in order of first appearance over the
 * dense items, so the rebuilt facet indices equal the driver's.
 */
final class CatalogSnapshot implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Rebuilt catalogues per JVM, by snapshot key (a job's executors rebuild it once, not per task). */
    private static final Map<String, ItemCatalog> REBUILT = new ConcurrentHashMap<>();

    private final String key;
    private final String[] ids;
    private final String[] titles;
    private final String[][] tags;
    private final String[] eventTypes;

    private CatalogSnapshot(String key, String[] ids, String[] titles, String[][] tags, String[] eventTypes) {
        this.key = key;
        this.ids = ids;
        this.titles = titles;
        this.tags = tags;
        this.eventTypes = eventTypes;
    }

    /** The snapshot of a dataset's catalogue and event types; {@code key} names it in the per-JVM cache. */
    static CatalogSnapshot of(Dataset data, String key) {
        return of(data.catalog(), data.eventTypes(), key);
    }

    /** The snapshot of a catalogue and event types; {@code key} names it in the per-JVM cache. */
    static CatalogSnapshot of(ItemCatalog catalog, List<String> eventTypes, String key) {
        int n = catalog.size();
        String[] ids = new String[n];
        String[] titles = new String[n];
        String[][] tags = new String[n][];
        for (int i = 0; i < n; i++) {
            Item item = catalog.item(i);
            ids[i] = item.id();
            titles[i] = item.title();
            tags[i] = item.tags().toArray(String[]::new);
        }
        return new CatalogSnapshot(key, ids, titles, tags, eventTypes.toArray(String[]::new));
    }

    /** Number of items. */
    int size() {
        return ids.length;
    }

    /** The item ids in dense order. */
    List<String> itemIds() {
        return List.of(ids);
    }

    /** The event-type names, indexed as the events' type indices. */
    List<String> eventTypes() {
        return List.of(eventTypes);
    }

    /** The item id of a dense item. */
    String itemId(int item) {
        return ids[item];
    }

    /** The catalogue, rebuilt once per JVM. */
    ItemCatalog catalog() {
        return REBUILT.computeIfAbsent(key, k -> {
            Map<String, Item> meta = new HashMap<>();
            for (int i = 0; i < ids.length; i++) {
                meta.put(ids[i], new Item(ids[i], titles[i], null, new ArrayList<>(List.of(tags[i]))));
            }
            return ItemCatalog.of(IdIndex.of(List.of(ids)), meta);
        });
    }

    /** Drops this snapshot's rebuilt catalogue from the JVM it is called in. */
    void release() {
        REBUILT.remove(key);
    }
}
