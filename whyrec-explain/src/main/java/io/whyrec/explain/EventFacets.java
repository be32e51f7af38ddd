package io.whyrec.explain;

import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The facets of every event of one history, looked up once and numbered, for explaining several items of the
 * same history: {@link FacetAttributor} then compares small integers per event instead of fetching the event's
 * item facets and comparing strings again for every explained item. The result is the same as without it.
 *
 * <p>Facet numbers are local to this object: the distinct facet names of the history's items, in order of first
 * appearance. Event {@code t}'s numbers are in the order {@link ItemInfo#facets} lists its item's facets.
 */
public final class EventFacets {

    private final int[][] ids;
    private final Map<String, Integer> numbers;

    private EventFacets(int[][] ids, Map<String, Integer> numbers) {
        this.ids = ids;
        this.numbers = numbers;
    }

    /** Looks up the facets of every event of a history in a catalogue view. */
    public static EventFacets of(History history, ItemInfo info) {
        int n = history.size();
        int[][] ids = new int[n][];
        Map<String, Integer> numbers = new HashMap<>();
        for (int t = 0; t < n; t++) {
            List<String> fs = info.facets(history.event(t).item());
            int[] row = new int[fs.size()];
            for (int i = 0; i < row.length; i++) {
                Integer id = numbers.get(fs.get(i));
                if (id == null) {
                    id = numbers.size();
                    numbers.put(fs.get(i), id);
                }
                row[i] = id;
            }
            ids[t] = row;
        }
        return new EventFacets(ids, numbers);
    }

    /** Number of events covered. */
    public int size() {
        return ids.length;
    }

    /** The facet numbers of event {@code t}, in the catalogue view's order (not to be modified). */
    int[] of(int t) {
        return ids[t];
    }

    /** The number of a facet name, or -1 when no event's item carries it. */
    int number(String facet) {
        Integer id = numbers.get(facet);
        return id == null ? -1 : id;
    }
}
