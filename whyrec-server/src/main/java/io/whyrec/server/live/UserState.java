package io.whyrec.server.live;

import io.whyrec.api.History;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.core.profile.HistoryBuilder;
import io.whyrec.server.store.StoredEvent;
import io.whyrec.server.store.TagAction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One user's state in memory, immutable: their events in chronological order (time, then arrival), their tag
 * edits, the events they excluded from their recommendations and their personalisation switch. An excluded event
 * stays in {@link #events()} (the timeline lists it, so it can be included again) but every model reads the
 * user's {@link #active()} events only. An accepted event produces a new state with the event inserted in
 * place (the user's own list only: no other user is touched, nothing global is recomputed); the weighted history
 * is built lazily from this state, once per catalogue version, with the same {@link HistoryBuilder} and formula
 * the rest of whyrec uses.
 */
public final class UserState {

    /** Chronological order of a user's events: time, then the server's arrival number. */
    public static final Comparator<StoredEvent> ORDER =
            Comparator.comparingLong(StoredEvent::ts).thenComparingLong(StoredEvent::seq);

    private final String user;
    private final List<StoredEvent> events;
    private final Map<String, TagAction> edits;
    private final Set<String> excluded;
    private final boolean personalized;
    private volatile Built built;
    private volatile UserState active;
    private final java.util.concurrent.ConcurrentHashMap<String, ModelInput> inputs =
            new java.util.concurrent.ConcurrentHashMap<>(4);

    private record Built(long catalogVersion, History history) {
    }

    private UserState(String user, List<StoredEvent> events, Map<String, TagAction> edits, Set<String> excluded,
                      boolean personalized) {
        this.user = user;
        this.events = events;
        this.edits = edits;
        this.excluded = excluded;
        this.personalized = personalized;
    }

    /** A user with no events, no edits, no excluded events and personalisation on. */
    public static UserState empty(String user) {
        return new UserState(user, List.of(), Map.of(), Set.of(), true);
    }

    /** The user's id. */
    public String user() {
        return user;
    }

    /** Events in chronological order; position p here is position p of the weighted history. */
    public List<StoredEvent> events() {
        return events;
    }

    /** Tag edits, tag to action. */
    public Map<String, TagAction> edits() {
        return edits;
    }

    /** The ids of the events the user excluded from their recommendations, sorted. */
    public Set<String> excluded() {
        return excluded;
    }

    /** Whether the user excluded an event from their recommendations. */
    public boolean isExcluded(String eventId) {
        return excluded.contains(eventId);
    }

    /**
     * The state as the models see it: the events the user did not exclude, in the same order, with the same
     * tag edits and switch (this state itself when nothing is excluded). Built once per state.
     */
    public UserState active() {
        UserState a = active;
        if (a == null) {
            a = excluded.isEmpty() || events.stream().noneMatch(e -> excluded.contains(e.eventId())) ? this
                    : new UserState(user, events.stream().filter(e -> !excluded.contains(e.eventId())).toList(),
                            edits, Set.of(), personalized);
            active = a;
        }
        return a;
    }

    /** For each event of {@link #active()}, its index in {@link #events()}. */
    public int[] activePositions() {
        int[] out = new int[active().events.size()];
        int n = 0;
        for (int p = 0; p < events.size(); p++) {
            if (!excluded.contains(events.get(p).eventId())) {
                out[n++] = p;
            }
        }
        return out;
    }

    /** Whether the user wants a personalised ranking. */
    public boolean personalized() {
        return personalized;
    }

    /** The tags hidden from ranking and explanations (muted or deleted), sorted. */
    public Set<String> hiddenTags() {
        return Collections.unmodifiableSet(new TreeSet<>(edits.keySet()));
    }

    /**
     * The state with more events, merged into chronological order (the given ones need not be sorted). Only the
     * new events are sorted; they are then merged into the existing order in one pass, so the cost is linear in
     * the user's events (appending in time order, the usual case, is a copy).
     */
    public UserState withEvents(List<StoredEvent> more) {
        List<StoredEvent> add = new ArrayList<>(more);
        add.sort(ORDER);
        List<StoredEvent> merged = new ArrayList<>(events.size() + add.size());
        // the events up to the first one after the earliest new event keep their place: copied in bulk, found by
        // binary search (reading every event's time would cost a cache miss per event; appends copy everything)
        int i = add.isEmpty() ? events.size() : firstAfter(add.get(0));
        merged.addAll(events.subList(0, i));
        int j = 0;
        while (i < events.size() && j < add.size()) {
            if (ORDER.compare(add.get(j), events.get(i)) < 0) {
                merged.add(add.get(j++));
            } else {
                merged.add(events.get(i++));
            }
        }
        merged.addAll(events.subList(i, events.size()));
        merged.addAll(add.subList(j, add.size()));
        return new UserState(user, Collections.unmodifiableList(merged), edits, excluded, personalized);
    }

    /** The index of the first event that goes after e in {@link #ORDER} (events.size() when none does). */
    private int firstAfter(StoredEvent e) {
        int n = events.size();
        if (n == 0 || ORDER.compare(e, events.get(n - 1)) >= 0) {
            return n; // the usual case, events arriving in time order: one comparison
        }
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ORDER.compare(e, events.get(mid)) < 0) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The state without one event (and without its exclusion). */
    public UserState withoutEvent(String eventId) {
        List<StoredEvent> kept = events.stream().filter(e -> !e.eventId().equals(eventId)).toList();
        return new UserState(user, kept, edits, without(excluded, eventId), personalized);
    }

    /** The state with one event excluded from the recommendations (on true) or included again (on false). */
    public UserState withExcluded(String eventId, boolean on) {
        Set<String> m = without(excluded, eventId);
        if (on) {
            Set<String> added = new TreeSet<>(m);
            added.add(eventId);
            m = Collections.unmodifiableSet(added);
        }
        return new UserState(user, events, edits, m, personalized);
    }

    private static Set<String> without(Set<String> set, String id) {
        if (!set.contains(id)) {
            return set;
        }
        Set<String> m = new TreeSet<>(set);
        m.remove(id);
        return Collections.unmodifiableSet(m);
    }

    /** The state with a tag edit set (action non-null) or cleared (action null). */
    public UserState withEdit(String tag, TagAction action) {
        Map<String, TagAction> m = new LinkedHashMap<>(edits);
        if (action == null) {
            m.remove(tag);
        } else {
            m.put(tag, action);
        }
        return new UserState(user, events, Collections.unmodifiableMap(m), excluded, personalized);
    }

    /**
     * The state with every tag edit, excluded event and the switch replaced by the given ones (as stored after a
     * change another replica made).
     */
    public UserState withSettings(Map<String, TagAction> newEdits, java.util.Collection<String> newExcluded,
                                  boolean on) {
        return new UserState(user, events, Collections.unmodifiableMap(new LinkedHashMap<>(newEdits)),
                Collections.unmodifiableSet(new TreeSet<>(newExcluded)), on);
    }

    /** The state with the personalisation switch set. */
    public UserState withPersonalized(boolean on) {
        return new UserState(user, events, edits, excluded, on);
    }

    /**
     * The weighted history of the user under a catalogue, built with {@link HistoryBuilder} (ages from the user's
     * latest event) and cached for that catalogue version. Events whose item is not in the catalogue cannot occur:
     * the engine adds unknown items before it accepts their events.
     */
    public History history(CatalogSnapshot snapshot, EventWeighting weighting) {
        Built b = built;
        if (b != null && b.catalogVersion() == snapshot.version()) {
            return b.history();
        }
        History h = build(snapshot.catalog(), weighting);
        built = new Built(snapshot.version(), h);
        return h;
    }

    /**
     * The cached input of a model for this state, if it was built for the given catalogue and model versions.
     */
    ModelInput cachedInput(String model, long catalogVersion, long modelVersion) {
        ModelInput in = inputs.get(model);
        return in != null && in.catalog() == catalogVersion && in.modelVersion() == modelVersion ? in : null;
    }

    /** Caches a model input (the state is immutable, so an input stays valid for its versions). */
    void cacheInput(ModelInput in) {
        inputs.put(in.model(), in);
    }

    /**
     * The user's events as a one-user dataset under a catalogue (user index 0), from which the history any model
     * reads is built with the rules the rest of whyrec uses ({@code ModelHistories}, {@link HistoryBuilder}).
     */
    Dataset dataset(ItemCatalog catalog) {
        return dataset(List.of(this), catalog, false);
    }

    /**
     * Several users' events as one grouped dataset under a catalogue, users in the given order (what the served
     * models are fitted on).
     *
     * @param skipUnknownItems leave out events whose item the catalogue lacks (a snapshot older than the states);
     *                         false: such an event is an error, as it must be for a history whose positions
     *                         stand for the user's events
     */
    static Dataset dataset(List<UserState> states, ItemCatalog catalog, boolean skipUnknownItems) {
        int total = 0;
        for (UserState s : states) {
            total += s.events.size();
        }
        int[] start = new int[states.size() + 1];
        int[] item = new int[total];
        long[] time = new long[total];
        float[] value = new float[total];
        short[] type = new short[total];
        List<String> types = new ArrayList<>();
        Map<String, Short> typeIndex = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(states.size());
        int p = 0;
        for (int u = 0; u < states.size(); u++) {
            UserState s = states.get(u);
            ids.add(s.user);
            for (StoredEvent e : s.events) {
                java.util.OptionalInt idx = catalog.items().find(e.item());
                if (idx.isEmpty()) {
                    if (skipUnknownItems) {
                        continue;
                    }
                    catalog.items().require(e.item(), "item"); // throws, naming the item
                }
                item[p] = idx.getAsInt();
                time[p] = e.ts();
                value[p] = (float) e.value();
                type[p] = typeIndex.computeIfAbsent(e.type(), k -> {
                    types.add(k);
                    return (short) (types.size() - 1);
                });
                p++;
            }
            start[u + 1] = p;
        }
        return Dataset.fromGrouped(IdIndex.of(ids), catalog, types, start, java.util.Arrays.copyOf(item, p),
                java.util.Arrays.copyOf(time, p), java.util.Arrays.copyOf(value, p), java.util.Arrays.copyOf(type, p));
    }

    private History build(ItemCatalog catalog, EventWeighting weighting) {
        History h = HistoryBuilder.build(dataset(catalog), 0, weighting);
        return new History(-1, h.events());
    }
}
