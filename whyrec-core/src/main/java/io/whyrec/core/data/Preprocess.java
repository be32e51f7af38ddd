package io.whyrec.core.data;

import io.whyrec.api.Item;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deterministic preprocessing steps over a {@link Dataset}. Each returns a new dataset; all but
 * {@link #compact} keep the user and item indices and the catalogue, so they can be chained in any order and
 * compacting comes last.
 */
public final class Preprocess {

    private Preprocess() {
    }

    /** Keeps one event of each (user, item, timestamp, event type): the first in the dataset's order. */
    public static Dataset dedupe(Dataset d) {
        BitSet keep = new BitSet(d.numEvents());
        for (int u = 0; u < d.numUsers(); u++) {
            Set<Key> seen = new HashSet<>();
            for (int e = d.userStart(u); e < d.userEnd(u); e++) {
                if (seen.add(new Key(d.item(e), d.timestamp(e), d.eventType(e)))) {
                    keep.set(e);
                }
            }
        }
        return d.subset(keep);
    }

    private record Key(int item, long time, int type) {
    }

    /** Keeps only the latest event of each (user, item): the last in time order (import order on ties). */
    public static Dataset latestPerUserItem(Dataset d) {
        BitSet keep = new BitSet(d.numEvents());
        for (int u = 0; u < d.numUsers(); u++) {
            Map<Integer, Integer> last = new HashMap<>();
            for (int e = d.userStart(u); e < d.userEnd(u); e++) {
                last.put(d.item(e), e);
            }
            last.values().forEach(keep::set);
        }
        return d.subset(keep);
    }

    /**
     * Implicit feedback by threshold: keeps events whose value is at least {@code threshold} (e.g. ratings of
     * 4 and 5 with threshold 4) and sets their value to 1.
     */
    public static Dataset implicit(Dataset d, double threshold) {
        BitSet keep = new BitSet(d.numEvents());
        for (int e = 0; e < d.numEvents(); e++) {
            if (d.value(e) >= threshold) {
                keep.set(e);
            }
        }
        Dataset kept = d.subset(keep);
        float[] ones = new float[kept.numEvents()];
        Arrays.fill(ones, 1f);
        return withValues(kept, ones);
    }

    /**
     * Implicit feedback by event-type weight: each event's value becomes the weight of its type (e.g. view 1,
     * cart 3, buy 5). Events of weight 0 are dropped; a type present in the data but missing from the map is an
     * error naming it, so no event type is weighted by accident.
     */
    public static Dataset typeWeights(Dataset d, Map<String, Double> weights) {
        double[] w = new double[d.eventTypes().size()];
        BitSet used = new BitSet();
        for (int e = 0; e < d.numEvents(); e++) {
            used.set(d.eventType(e));
        }
        for (int t = used.nextSetBit(0); t >= 0; t = used.nextSetBit(t + 1)) {
            Double x = weights.get(d.eventTypes().get(t));
            if (x == null || !(x >= 0) || Double.isInfinite(x)) {
                throw new IllegalArgumentException("no valid weight for event type '" + d.eventTypes().get(t)
                        + "' (weights given: " + weights + ")");
            }
            w[t] = x;
        }
        BitSet keep = new BitSet(d.numEvents());
        for (int e = 0; e < d.numEvents(); e++) {
            if (w[d.eventType(e)] > 0) {
                keep.set(e);
            }
        }
        Dataset kept = d.subset(keep);
        float[] values = new float[kept.numEvents()];
        for (int e = 0; e < values.length; e++) {
            values[e] = (float) w[kept.eventType(e)];
        }
        return withValues(kept, values);
    }

    private static Dataset withValues(Dataset d, float[] values) {
        return Dataset.fromGrouped(d.users(), d.catalog(), d.eventTypes(), d.userStartArray().clone(),
                d.itemArray().clone(), d.timeArray().clone(), values, d.typeArray().clone());
    }

    /**
     * Iterative k-core: removes the events of users with fewer than {@code userK} events and of items with fewer
     * than {@code itemK} events, and repeats until every remaining user and item meets its threshold.
     */
    public static Dataset kCore(Dataset d, int userK, int itemK) {
        if (userK < 1 || itemK < 1) {
            throw new IllegalArgumentException("k must be at least 1, got users " + userK + ", items " + itemK);
        }
        BitSet keep = new BitSet(d.numEvents());
        keep.set(0, d.numEvents());
        boolean changed = true;
        while (changed) {
            changed = false;
            int[] userCount = new int[d.numUsers()];
            int[] itemCount = new int[d.numItems()];
            for (int u = 0; u < d.numUsers(); u++) {
                for (int e = d.userStart(u); e < d.userEnd(u); e++) {
                    if (keep.get(e)) {
                        userCount[u]++;
                        itemCount[d.item(e)]++;
                    }
                }
            }
            for (int u = 0; u < d.numUsers(); u++) {
                for (int e = d.userStart(u); e < d.userEnd(u); e++) {
                    if (keep.get(e) && (userCount[u] < userK || itemCount[d.item(e)] < itemK)) {
                        keep.clear(e);
                        changed = true;
                    }
                }
            }
        }
        return d.subset(keep);
    }

    /**
     * Re-indexes densely: drops users and items with no events and keeps the catalogue content of the rest, in
     * their previous order.
     */
    public static Dataset compact(Dataset d) {
        return compactParts(List.of(d)).get(0);
    }

    /** Compacts both parts of a split together: users and items with events in train or test are kept. */
    public static Split compact(Split s) {
        List<Dataset> parts = compactParts(List.of(s.train(), s.test()));
        return new Split(parts.get(0), parts.get(1), s.name());
    }

    private static List<Dataset> compactParts(List<Dataset> parts) {
        Dataset first = parts.get(0);
        int[] userMap = new int[first.numUsers()];
        int[] itemMap = new int[first.numItems()];
        Arrays.fill(userMap, -1);
        Arrays.fill(itemMap, -1);
        for (Dataset d : parts) {
            for (int u = 0; u < d.numUsers(); u++) {
                if (d.userSize(u) > 0) {
                    userMap[u] = 0;
                }
            }
            for (int e = 0; e < d.numEvents(); e++) {
                itemMap[d.item(e)] = 0;
            }
        }
        IdIndex.Builder users = new IdIndex.Builder();
        for (int u = 0; u < userMap.length; u++) {
            if (userMap[u] == 0) {
                userMap[u] = users.add(first.users().id(u));
            }
        }
        IdIndex.Builder items = new IdIndex.Builder();
        Map<String, Item> content = new LinkedHashMap<>();
        for (int i = 0; i < itemMap.length; i++) {
            if (itemMap[i] == 0) {
                itemMap[i] = items.add(first.items().id(i));
                content.put(first.items().id(i), first.catalog().item(i));
            }
        }
        IdIndex userIndex = users.build();
        ItemCatalog catalog = ItemCatalog.of(items.build(), content).withVectors(first.catalog().vectors());
        return parts.stream().map(d -> {
            int n = d.numEvents();
            int[] start = new int[userIndex.size() + 1];
            for (int u = 0; u < d.numUsers(); u++) {
                if (userMap[u] >= 0) {
                    start[userMap[u] + 1] = d.userSize(u);
                }
            }
            for (int u = 0; u < userIndex.size(); u++) {
                start[u + 1] += start[u];
            }
            int[] item = new int[n];
            for (int e = 0; e < n; e++) {
                item[e] = itemMap[d.item(e)];
            }
            return Dataset.fromGrouped(userIndex, catalog, d.eventTypes(), start, item, d.timeArray().clone(),
                    d.valueArray().clone(), d.typeArray().clone());
        }).toList();
    }
}
