package io.whyrec.core.data;

import io.whyrec.api.Interaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * An immutable interaction log over dense ids, stored column-wise and grouped by user (compressed sparse rows):
 * the events of user u are positions {@code userStart(u) .. userEnd(u)-1}, ordered by timestamp and, for equal
 * timestamps, by import order. Train and test parts of a split share the same user index and catalogue, so a
 * dense id means the same thing in both.
 */
public final class Dataset {

    private final IdIndex users;
    private final ItemCatalog catalog;
    private final List<String> eventTypes;
    private final int[] userStart;
    private final int[] item;
    private final long[] time;
    private final float[] value;
    private final short[] type;

    private Dataset(IdIndex users, ItemCatalog catalog, List<String> eventTypes,
                    int[] userStart, int[] item, long[] time, float[] value, short[] type) {
        this.users = users;
        this.catalog = catalog;
        this.eventTypes = List.copyOf(eventTypes);
        this.userStart = userStart;
        this.item = item;
        this.time = time;
        this.value = value;
        this.type = type;
    }

    /**
     * Builds a dataset from column arrays that are not yet grouped by user; events are stably sorted by
     * (user, timestamp). The arrays are not retained.
     */
    public static Dataset fromColumns(IdIndex users, ItemCatalog catalog, List<String> eventTypes,
                                      int[] user, int[] item, long[] time, float[] value, short[] type) {
        int n = user.length;
        if (item.length != n || time.length != n || value.length != n || type.length != n) {
            throw new IllegalArgumentException("column arrays differ in length");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Integer.compare(user[a], user[b]);
            if (c != 0) {
                return c;
            }
            c = Long.compare(time[a], time[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] start = new int[users.size() + 1];
        int[] it = new int[n];
        long[] tm = new long[n];
        float[] val = new float[n];
        short[] ty = new short[n];
        for (int p = 0; p < n; p++) {
            int e = order[p];
            if (user[e] < 0 || user[e] >= users.size()) {
                throw new IllegalArgumentException("user index " + user[e] + " out of range");
            }
            if (item[e] < 0 || item[e] >= catalog.size()) {
                throw new IllegalArgumentException("item index " + item[e] + " out of range");
            }
            start[user[e] + 1]++;
            it[p] = item[e];
            tm[p] = time[e];
            val[p] = value[e];
            ty[p] = type[e];
        }
        for (int u = 0; u < users.size(); u++) {
            start[u + 1] += start[u];
        }
        return new Dataset(users, catalog, eventTypes, start, it, tm, val, ty);
    }

    /** Builds a dataset from already grouped CSR arrays (used by the binary store); arrays are retained. */
    public static Dataset fromGrouped(IdIndex users, ItemCatalog catalog, List<String> eventTypes,
                                      int[] userStart, int[] item, long[] time, float[] value, short[] type) {
        Objects.requireNonNull(users);
        if (userStart.length != users.size() + 1 || userStart[users.size()] != item.length) {
            throw new IllegalArgumentException("user offsets do not match the event arrays");
        }
        return new Dataset(users, catalog, eventTypes, userStart, item, time, value, type);
    }

    /** The events whose flag is set, with the same indices and catalogue (used by splits and filters). */
    public Dataset subset(BitSet keep) {
        int n = keep.cardinality();
        int[] start = new int[userStart.length];
        int[] it = new int[n];
        long[] tm = new long[n];
        float[] val = new float[n];
        short[] ty = new short[n];
        int p = 0;
        for (int u = 0; u < numUsers(); u++) {
            for (int e = userStart[u]; e < userStart[u + 1]; e++) {
                if (keep.get(e)) {
                    it[p] = item[e];
                    tm[p] = time[e];
                    val[p] = value[e];
                    ty[p] = type[e];
                    p++;
                }
            }
            start[u + 1] = p;
        }
        return new Dataset(users, catalog, eventTypes, start, it, tm, val, ty);
    }

    /**
     * The dataset without some users: they leave the user index (their ids are gone, not blanked) together with
     * every one of their events; the other users keep their events in the same order and the catalogue and event
     * types are shared. Used by erasure, which must not leave an erased user's id or rows behind.
     *
     * @param remove the dense indices of the users to drop
     * @param index  the user index to use for the result: {@code users()} without the dropped ids, in order (so
     *               the train and test parts of a split can share one)
     */
    public Dataset withoutUsers(BitSet remove, IdIndex index) {
        int kept = numUsers() - remove.cardinality();
        if (index.size() != kept) {
            throw new IllegalArgumentException("the new user index has " + index.size() + " users, expected " + kept);
        }
        int n = 0;
        for (int u = 0; u < numUsers(); u++) {
            n += remove.get(u) ? 0 : userSize(u);
        }
        int[] start = new int[kept + 1];
        int[] it = new int[n];
        long[] tm = new long[n];
        float[] val = new float[n];
        short[] ty = new short[n];
        int p = 0;
        int v = 0;
        for (int u = 0; u < numUsers(); u++) {
            if (remove.get(u)) {
                continue;
            }
            int len = userSize(u);
            System.arraycopy(item, userStart[u], it, p, len);
            System.arraycopy(time, userStart[u], tm, p, len);
            System.arraycopy(value, userStart[u], val, p, len);
            System.arraycopy(type, userStart[u], ty, p, len);
            p += len;
            start[++v] = p;
        }
        return new Dataset(index, catalog, eventTypes, start, it, tm, val, ty);
    }

    /**
     * The same events under another user index of the same size: user {@code u} keeps its events and is named
     * {@code index.id(u)}. Used to replace user ids by their pseudonyms, which leaves the order of users, and so
     * every model fitted on the data, unchanged.
     */
    public Dataset withUserIndex(IdIndex index) {
        if (index.size() != numUsers()) {
            throw new IllegalArgumentException("the new user index has " + index.size() + " users, expected "
                    + numUsers());
        }
        return new Dataset(index, catalog, eventTypes, userStart, item, time, value, type);
    }

    /**
     * The same events under another catalogue of the same item index (for example the catalogue with discovered
     * tags attached, or without its facets).
     *
     * @throws IllegalArgumentException when the catalogue's item index differs from this dataset's
     */
    public Dataset withCatalog(ItemCatalog other) {
        if (!other.items().ids().equals(catalog.items().ids())) {
            throw new IllegalArgumentException("the new catalogue has another item index (" + other.size()
                    + " items, expected the dataset's " + catalog.size() + " in the same order)");
        }
        return new Dataset(users, other, eventTypes, userStart, item, time, value, type);
    }

    /**
     * The user index with every id passed through a function (in the same order), e.g. its pseudonym.
     *
     * @throws IllegalArgumentException when two users get the same new id
     */
    public static IdIndex renamed(IdIndex users, java.util.function.UnaryOperator<String> rename) {
        List<String> ids = new ArrayList<>(users.size());
        for (String id : users.ids()) {
            ids.add(rename.apply(id));
        }
        return IdIndex.of(ids);
    }

    /** The user index. */
    public IdIndex users() {
        return users;
    }

    /** The item index (the catalogue's). */
    public IdIndex items() {
        return catalog.items();
    }

    /** Item content and facets. */
    public ItemCatalog catalog() {
        return catalog;
    }

    /** Names of the event types; {@link #eventType(int)} indexes this list. */
    public List<String> eventTypes() {
        return eventTypes;
    }

    /** Number of users in the index (some may have no events in this part of a split). */
    public int numUsers() {
        return users.size();
    }

    /** Number of items in the index. */
    public int numItems() {
        return catalog.size();
    }

    /** Number of events. */
    public int numEvents() {
        return item.length;
    }

    /** First event position of a user. */
    public int userStart(int user) {
        return userStart[user];
    }

    /** One past the last event position of a user. */
    public int userEnd(int user) {
        return userStart[user + 1];
    }

    /** Number of events of a user. */
    public int userSize(int user) {
        return userStart[user + 1] - userStart[user];
    }

    /** Dense item of an event. */
    public int item(int event) {
        return item[event];
    }

    /** Timestamp (seconds) of an event. */
    public long timestamp(int event) {
        return time[event];
    }

    /** Recorded value (rating, count, dwell) of an event. */
    public float value(int event) {
        return value[event];
    }

    /** Event-type index of an event. */
    public int eventType(int event) {
        return type[event];
    }

    /** The dense items of a user's events, in chronological order (may repeat). */
    public int[] itemsOf(int user) {
        return Arrays.copyOfRange(item, userStart[user], userStart[user + 1]);
    }

    /** The set of items a user interacted with, as a bit set over item indices. */
    public BitSet itemSetOf(int user) {
        BitSet set = new BitSet(numItems());
        for (int e = userStart[user]; e < userStart[user + 1]; e++) {
            set.set(item[e]);
        }
        return set;
    }

    /**
     * A 64-bit fingerprint of the data a model learns from: the item ids in dense order, and the set of events
     * (user id, item id, time, type name and value), FNV-1a hashed; the order of users and of a user's events does
     * not enter, so the same events read from an import or from the server's store give the same fingerprint.
     * Two datasets with the same fingerprint hold the same events over the same catalogue (up to a hash
     * collision); model files record it.
     */
    public long fingerprint() {
        long events = 0;
        for (int u = 0; u < numUsers(); u++) {
            String user = users.id(u);
            for (int e = userStart[u]; e < userStart[u + 1]; e++) {
                events += eventHash(user, item[e], time[e], eventTypes.get(type[e]), value[e]);
            }
        }
        return fingerprint(items().ids(), events);
    }

    /**
     * One event's term of {@link #fingerprint}: the terms of all events are summed (modulo 2^64), so a job that
     * holds the events in parts can sum each part's terms and combine them with {@link #fingerprint(List, long)}.
     *
     * @param user  the user's id
     * @param item  the dense item index
     * @param time  the timestamp
     * @param type  the event type's name
     * @param value the value
     */
    public static long eventHash(String user, int item, long time, String type, float value) {
        long x = fnv(0xcbf29ce484222325L, user.hashCode());
        x = fnv(x, item);
        x = fnv(x, Long.hashCode(time));
        x = fnv(x, type.hashCode());
        x = fnv(x, Float.floatToIntBits(value));
        return x * 0x9e3779b97f4a7c15L + (x >>> 29);
    }

    /**
     * The fingerprint of the events whose {@link #eventHash} terms sum to {@code eventSum} over a catalogue with
     * these item ids in dense order; equal to {@link #fingerprint()} of the dataset holding them.
     */
    public static long fingerprint(List<String> itemIds, long eventSum) {
        long h = 0xcbf29ce484222325L;
        for (String id : itemIds) {
            h = fnv(h, id.hashCode());
        }
        return fnv(h, Long.hashCode(eventSum)) ^ eventSum;
    }

    private static long fnv(long h, int v) {
        for (int b = 0; b < 4; b++) {
            h ^= (v >>> (8 * b)) & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Number of events per item. */
    public int[] itemCounts() {
        int[] counts = new int[numItems()];
        for (int i : item) {
            counts[i]++;
        }
        return counts;
    }

    /** The items with at least one event (the candidates a full-ranking protocol ranks). */
    public BitSet itemsWithEvents() {
        BitSet out = new BitSet(numItems());
        for (int i : item) {
            out.set(i);
        }
        return out;
    }

    /** One event back as an {@link Interaction} with external ids (for export and messages). */
    public Interaction interaction(int user, int event) {
        return new Interaction(users.id(user), items().id(item[event]), time[event],
                eventTypes.get(type[event]), value[event]);
    }

    /** Raw column access for the binary store and fast loops; do not modify the returned arrays. */
    public int[] userStartArray() {
        return userStart;
    }

    /** Raw item column. */
    public int[] itemArray() {
        return item;
    }

    /** Raw timestamp column. */
    public long[] timeArray() {
        return time;
    }

    /** Raw value column. */
    public float[] valueArray() {
        return value;
    }

    /** Raw event-type column. */
    public short[] typeArray() {
        return type;
    }

    /** Users with at least one event in this dataset. */
    public int[] activeUsers() {
        List<Integer> out = new ArrayList<>();
        for (int u = 0; u < numUsers(); u++) {
            if (userSize(u) > 0) {
                out.add(u);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
