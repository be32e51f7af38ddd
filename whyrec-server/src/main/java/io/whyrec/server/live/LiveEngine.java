package io.whyrec.server.live;

import io.whyrec.api.Item;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.model.ProfileModel;
import io.whyrec.server.store.Change;
import io.whyrec.server.store.Store;
import io.whyrec.server.store.StoredEvent;
import io.whyrec.server.store.TagAction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's live state: the catalogue snapshot, every user's {@link UserState} and the global item counts,
 * kept in step with the {@link Store}. Every change is written to the store first (committed), then applied in
 * memory, under one write lock, so the memory never shows what the store does not hold and an acknowledged change
 * is visible to the next request. Reads take immutable snapshots and never lock. What other processes sharing
 * the store committed (replicas on one PostgreSQL) is applied by {@link #catchUp}, under the same lock.
 *
 * <p>The served models are fitted on {@link #trainingData} by the {@link ModelRegistry}, outside the write lock,
 * and swapped in with one reference write, so requests in flight keep the model they started with.
 */
public final class LiveEngine {

    private final Store store;
    private final ProfileModel.Config config;
    private final Object writeLock = new Object();
    private final AtomicReference<CatalogSnapshot> catalog = new AtomicReference<>();
    private final Map<String, Item> items = new LinkedHashMap<>();
    private final ConcurrentHashMap<String, UserState> users = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> itemCounts = new ConcurrentHashMap<>();
    private final LongAdder eventCount = new LongAdder();
    private final AtomicLong feedSeq = new AtomicLong();
    private final AtomicLong changeSeq = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private final java.util.concurrent.CopyOnWriteArrayList<Long> erasureMarks =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Loads everything the store holds: items, events (grouped into users), tag edits, excluded events and
     * personalisation.
     *
     * @param store  the opened store
     * @param config the profile model's configuration (its weighting builds every history)
     */
    public LiveEngine(Store store, ProfileModel.Config config) {
        this.store = store;
        this.config = config;
        // read before the state: a change committed while loading is read again by catchUp, which is idempotent
        changeSeq.set(store.lastChangeSeq());
        Loaded all = load(store);
        items.putAll(all.items());
        catalog.set(CatalogSnapshot.of(1, new ArrayList<>(items.values()), config));
        users.putAll(all.users());
        all.counts().forEach((item, n) -> itemCounts.computeIfAbsent(item, k -> new LongAdder()).add(n));
        eventCount.add(all.events());
        feedSeq.set(all.maxSeq());
    }

    /** Everything a store holds, as the engine keeps it. */
    private record Loaded(Map<String, Item> items, Map<String, UserState> users, Map<String, Long> counts,
                          long events, long maxSeq) {
    }

    /** Reads items, events (grouped into users), tag edits, excluded events and personalisation. */
    private static Loaded load(Store store) {
        Map<String, Item> items = new LinkedHashMap<>();
        for (Item it : store.loadItems()) {
            items.put(it.id(), it);
        }
        Map<String, List<StoredEvent>> byUser = new HashMap<>();
        Map<String, Long> counts = new HashMap<>();
        long[] events = new long[2];
        store.forEachEvent(e -> {
            byUser.computeIfAbsent(e.user(), k -> new ArrayList<>()).add(e);
            counts.merge(e.item(), 1L, Long::sum);
            events[0]++;
            events[1] = Math.max(events[1], e.seq());
        });
        Map<String, UserState> users = new HashMap<>();
        byUser.forEach((u, evs) -> users.put(u, UserState.empty(u).withEvents(evs)));
        store.loadTagEdits().forEach((u, edits) -> {
            UserState s = users.getOrDefault(u, UserState.empty(u));
            for (Map.Entry<String, TagAction> e : edits.entrySet()) {
                s = s.withEdit(e.getKey(), e.getValue());
            }
            users.put(u, s);
        });
        store.loadExclusions().forEach((u, ids) -> {
            UserState s = users.getOrDefault(u, UserState.empty(u));
            for (String id : ids) {
                s = s.withExcluded(id, true);
            }
            users.put(u, s);
        });
        store.loadPersonalization().forEach((u, on) ->
                users.put(u, users.getOrDefault(u, UserState.empty(u)).withPersonalized(on)));
        return new Loaded(items, users, counts, events[0], events[1]);
    }

    /**
     * Replaces the whole state by what the store holds now (under the write lock), after this engine missed
     * change-log rows: every user, item and count is reloaded, and the users it held that the store no longer
     * holds are dropped and counted as erasures.
     *
     * @return the dropped users
     */
    private List<String> reloadAll() {
        Loaded all = load(store);
        List<String> dropped = new ArrayList<>();
        for (String u : users.keySet()) {
            if (!all.users().containsKey(u)) {
                dropped.add(u);
            }
        }
        users.keySet().retainAll(all.users().keySet());
        users.putAll(all.users());
        itemCounts.keySet().retainAll(all.counts().keySet());
        all.counts().forEach((item, n) -> {
            LongAdder a = new LongAdder();
            a.add(n);
            itemCounts.put(item, a);
        });
        eventCount.add(all.events() - eventCount.sum());
        items.clear();
        items.putAll(all.items());
        swapCatalog();
        feedSeq.accumulateAndGet(all.maxSeq(), Math::max);
        changes.incrementAndGet();
        for (int i = 0; i < dropped.size(); i++) {
            erasureMarks.add(changes.incrementAndGet());
        }
        return dropped;
    }

    /** The profile model's configuration. */
    public ProfileModel.Config config() {
        return config;
    }

    /** The current catalogue snapshot. */
    public CatalogSnapshot catalog() {
        return catalog.get();
    }

    /** A user's state, if the server knows the user. */
    public Optional<UserState> user(String user) {
        return Optional.ofNullable(users.get(user));
    }

    /** A user's state, or an empty one (no events, no edits) when the server does not know the user. */
    public UserState userOrEmpty(String user) {
        return users.getOrDefault(user, UserState.empty(user));
    }

    /** The states of every user held in memory (a live view; each state is immutable). */
    public Collection<UserState> users() {
        return java.util.Collections.unmodifiableCollection(users.values());
    }

    /** Number of users held in memory. */
    public int numUsers() {
        return users.size();
    }

    /** Number of events held in memory. */
    public long numEvents() {
        return eventCount.sum();
    }

    /** How many events (of all users) name an item: the non-profiling popularity. */
    public long itemCount(String item) {
        LongAdder a = itemCounts.get(item);
        return a == null ? 0 : a.sum();
    }

    /** Adds or replaces items; the catalogue snapshot is swapped once for the whole batch. */
    public int upsertItems(Collection<Item> batch) {
        synchronized (writeLock) {
            int created = store.upsertItems(batch);
            for (Item it : batch) {
                items.put(it.id(), it);
            }
            swapCatalog();
            return created;
        }
    }

    /**
     * Stores a batch of events durably, then applies the new ones to their users' states (and creates unknown
     * items, titled by their id, in the catalogue first).
     *
     * @return what was stored and what was a duplicate
     */
    public Store.Ingested ingest(List<StoredEvent> batch) {
        synchronized (writeLock) {
            Store.Ingested result = store.insertEvents(batch, items.keySet());
            if (!result.newItems().isEmpty()) {
                for (String id : result.newItems()) {
                    items.put(id, new Item(id, id, "", List.of()));
                }
                swapCatalog();
            }
            Map<String, List<StoredEvent>> byUser = new LinkedHashMap<>();
            for (StoredEvent e : result.stored()) {
                byUser.computeIfAbsent(e.user(), k -> new ArrayList<>()).add(e);
                itemCounts.computeIfAbsent(e.item(), k -> new LongAdder()).increment();
                eventCount.increment();
            }
            byUser.forEach((u, evs) -> users.put(u, userOrEmpty(u).withEvents(evs)));
            if (!result.stored().isEmpty()) {
                changes.incrementAndGet();
            }
            return result;
        }
    }

    /**
     * What one {@link #catchUp} applied.
     *
     * @param events      events of other processes added to their users
     * @param users       users whose profile settings (tag edits, excluded events, switch) were reloaded or one of
     *                    whose events was deleted
     * @param items       items whose title or tags were reloaded
     * @param erasures    erasures read from the change log
     * @param erased      the users this engine dropped because the store no longer holds them
     * @param erasedKeys  the pseudonyms whose token generation an erasure moved on
     * @param refits      the served models another process refitted (this one refits its own on the same events)
     * @param gap         whether change-log rows this engine never read had been pruned, so it reloaded its whole
     *                    state from the store (then {@code users} and {@code items} are everything, the
     *                    erasures are the users it held that the store no longer holds, and {@code erasedKeys}
     *                    is empty: every token generation is to be read again)
     */
    public record CaughtUp(int events, Set<String> users, int items, int erasures, List<String> erased,
                           List<String> erasedKeys, Set<String> refits, boolean gap) {

        /** Whether anything was applied or announced. */
        public boolean any() {
            return events + users.size() + items + erasures + refits.size() > 0;
        }
    }

    /**
     * Applies what other processes sharing the store committed since the last call, as their own writes were
     * applied there: replicas sharing one PostgreSQL store call it on every poll (or notification). First the
     * events with an arrival number above the highest one read (an event this engine already holds, its own
     * write, is skipped); then the change-log rows ({@link Change}) above the last one read, skipping those this
     * engine's store wrote: a changed user's tag edits, excluded events and switch are reloaded from the store, a
     * deleted event leaves its user and the item counts, a changed item is reloaded into the catalogue, and after an
     * erasure every user the store no longer holds ({@link Store#userIds}) is dropped with their part of the item
     * counts, and the erasure is remembered for {@link #erasuresAfter} as a local one is. Every step reads the
     * store's current rows, so applying a change twice changes nothing. When rows this engine never read were
     * pruned (it read nothing for longer than {@link Store#CHANGE_RETENTION_SECONDS}), the whole state is
     * reloaded from the store instead.
     */
    public CaughtUp catchUp() {
        synchronized (writeLock) {
            int applied = catchUpEvents();
            List<Change> log = store.changesAfter(changeSeq.get());
            if (!log.isEmpty() && log.get(0).seq() > changeSeq.get() + 1) {
                // rows this engine never read were pruned: what they said is only in the tables now
                Set<String> refits = new java.util.TreeSet<>();
                for (Change ch : log) {
                    changeSeq.accumulateAndGet(ch.seq(), Math::max);
                    if (!ch.own() && ch.kind() == Change.Kind.REFIT && ch.ref() != null) {
                        refits.add(ch.ref());
                    }
                }
                List<String> dropped = reloadAll();
                return new CaughtUp(applied, new java.util.TreeSet<>(users.keySet()), items.size(), dropped.size(),
                        dropped, List.of(), refits, true);
            }
            Set<String> settings = new java.util.LinkedHashSet<>();
            Set<String> touched = new java.util.LinkedHashSet<>();
            Set<String> itemIds = new java.util.LinkedHashSet<>();
            List<String> keys = new ArrayList<>();
            Set<String> refits = new java.util.TreeSet<>();
            int erasures = 0;
            boolean eventsChanged = false;
            for (Change ch : log) {
                changeSeq.accumulateAndGet(ch.seq(), Math::max);
                if (ch.own()) {
                    continue;
                }
                switch (ch.kind()) {
                    case TAGS, EXCLUSIONS, PERSONALIZATION -> {
                        if (ch.user() != null) {
                            settings.add(ch.user());
                        }
                    }
                    case EVENT_DELETED -> {
                        UserState s = ch.user() == null ? null : users.get(ch.user());
                        if (s != null) {
                            for (StoredEvent e : s.events()) {
                                if (e.eventId().equals(ch.ref())) {
                                    itemCounts.get(e.item()).decrement();
                                    eventCount.decrement();
                                    eventsChanged = true;
                                }
                            }
                            users.put(ch.user(), s.withoutEvent(ch.ref()));
                            touched.add(ch.user());
                        }
                    }
                    case ITEM -> {
                        if (ch.ref() != null) {
                            itemIds.add(ch.ref());
                        }
                    }
                    case ERASED -> {
                        erasures++;
                        if (ch.userKey() != null) {
                            keys.add(ch.userKey());
                        }
                    }
                    case REFIT -> {
                        if (ch.ref() != null) {
                            refits.add(ch.ref());
                        }
                    }
                }
            }
            for (String u : settings) {
                Store.UserSettings st = store.loadUserSettings(u);
                UserState s = users.get(u);
                if (s != null || !st.edits().isEmpty() || !st.excluded().isEmpty() || !st.personalized()) {
                    users.put(u, userOrEmpty(u).withSettings(st.edits(), st.excluded(), st.personalized()));
                    touched.add(u);
                }
            }
            int reloaded = 0;
            if (!itemIds.isEmpty()) {
                for (Item it : store.loadItems(itemIds)) {
                    items.put(it.id(), it);
                    reloaded++;
                }
                swapCatalog();
            }
            if (applied > 0 || eventsChanged) {
                changes.incrementAndGet();
            }
            List<String> erased = new ArrayList<>();
            if (erasures > 0) {
                Set<String> stored = store.userIds();
                for (String u : new ArrayList<>(users.keySet())) {
                    if (!stored.contains(u)) {
                        UserState s = users.remove(u);
                        for (StoredEvent e : s.events()) {
                            itemCounts.get(e.item()).decrement();
                            eventCount.decrement();
                        }
                        erased.add(u);
                        touched.remove(u);
                    }
                }
                for (int i = 0; i < erasures; i++) {
                    erasureMarks.add(changes.incrementAndGet());
                }
            }
            return new CaughtUp(applied, touched, reloaded, erasures, erased, keys, refits, false);
        }
    }

    /** Applies the events above the highest arrival number read (under the write lock); returns how many. */
    private int catchUpEvents() {
        List<StoredEvent> fresh = store.eventsAfter(feedSeq.get());
        if (fresh.isEmpty()) {
            return 0;
        }
        boolean newItem = false;
        Map<String, List<StoredEvent>> byUser = new LinkedHashMap<>();
        for (StoredEvent e : fresh) {
            feedSeq.accumulateAndGet(e.seq(), Math::max);
            UserState s = users.get(e.user());
            if (s != null && s.events().stream().anyMatch(x -> x.eventId().equals(e.eventId()))) {
                continue;
            }
            if (!items.containsKey(e.item())) {
                items.put(e.item(), new Item(e.item(), e.item(), "", List.of()));
                newItem = true;
            }
            byUser.computeIfAbsent(e.user(), k -> new ArrayList<>()).add(e);
            itemCounts.computeIfAbsent(e.item(), k -> new LongAdder()).increment();
            eventCount.increment();
        }
        if (newItem) {
            swapCatalog();
        }
        byUser.forEach((u, evs) -> users.put(u, userOrEmpty(u).withEvents(evs)));
        return byUser.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Tells the other processes sharing the store that an admin's refit swapped in a new version of a served model
     * here (their {@link #catchUp} names it in {@link CaughtUp#refits}, and they refit theirs on the same events,
     * without announcing it again). Nothing is written on a store no other process reads (SQLite).
     */
    public void announceRefit(String model) {
        if (store.shared()) {
            store.logRefit(model);
        }
    }

    /**
     * Deletes one event of a user from the store and from memory.
     *
     * @return true when the user had that event
     */
    public boolean deleteEvent(String user, String eventId) {
        synchronized (writeLock) {
            UserState s = users.get(user);
            if (s == null || !store.deleteEvent(user, eventId)) {
                return false;
            }
            s.events().stream().filter(e -> e.eventId().equals(eventId)).findFirst().ifPresent(e -> {
                itemCounts.get(e.item()).decrement();
                eventCount.decrement();
            });
            users.put(user, s.withoutEvent(eventId));
            changes.incrementAndGet();
            return true;
        }
    }

    /** Mutes or deletes a tag for a user (action non-null), or clears the user's edit of it (action null). */
    public void editTag(String user, String tag, TagAction action) {
        synchronized (writeLock) {
            if (action == null) {
                store.clearTagEdit(user, tag);
            } else {
                store.setTagEdit(user, tag, action);
            }
            users.put(user, userOrEmpty(user).withEdit(tag, action));
        }
    }

    /**
     * Excludes one of a user's events from their recommendations (on true) or includes it again (on false): the
     * event stays stored and listed, and no model ranks or explains with it while it is excluded.
     *
     * @return false when the user has no such event
     */
    public boolean setExcluded(String user, String eventId, boolean excluded) {
        synchronized (writeLock) {
            UserState s = users.get(user);
            if (s == null || s.events().stream().noneMatch(e -> e.eventId().equals(eventId))) {
                return false;
            }
            store.setEventExcluded(user, eventId, excluded);
            users.put(user, s.withExcluded(eventId, excluded));
            return true;
        }
    }

    /** Sets a user's personalisation switch. */
    public void setPersonalized(String user, boolean on) {
        synchronized (writeLock) {
            store.setPersonalization(user, on);
            users.put(user, userOrEmpty(user).withPersonalized(on));
        }
    }

    /**
     * Erases a user: every row in every user table, then the in-memory state and the user's part of the item
     * counts.
     *
     * @return rows deleted per table
     */
    public Map<String, Integer> erase(String user) {
        return erase(user, null).rows();
    }

    /**
     * Erases a user as {@link #erase(String)} does and, with a key, moves the user's stored token generation on in
     * the same transaction. The change counter moves and the erasure is remembered by its counter value, so
     * {@link #erasuresAfter} tells which fitted models still hold an erased user.
     *
     * @param user    the user id
     * @param userKey the user's keyed pseudonym, or null to leave the tokens alone
     */
    public Store.Erased erase(String user, String userKey) {
        synchronized (writeLock) {
            Store.Erased erased = store.eraseUser(user, userKey);
            UserState s = users.remove(user);
            if (s != null) {
                for (StoredEvent e : s.events()) {
                    itemCounts.get(e.item()).decrement();
                    eventCount.decrement();
                }
            }
            erasureMarks.add(changes.incrementAndGet());
            return erased;
        }
    }

    /**
     * How many erasures happened after the change counter had a value: a model fitted at that value (its
     * {@code eventsAtFit}) still holds that many erased users' events. The erasures of this run are counted: those
     * made here and those {@link #catchUp} read from the change log.
     */
    public int erasuresAfter(long mark) {
        int n = 0;
        for (long m : erasureMarks) {
            n += m > mark ? 1 : 0;
        }
        return n;
    }

    /** The change counter: moves with every stored, deleted or erased event (a refit is due once it moves). */
    public long changes() {
        return changes.get();
    }

    /**
     * Every user's events as one dataset under a catalogue snapshot, users in id order (so a fit on the same
     * events is the same fit): what the served models are fitted on. It reads the immutable user states, so it
     * runs outside the write lock while ingestion goes on.
     */
    public Dataset trainingData(CatalogSnapshot snap) {
        List<String> ids = new ArrayList<>(users.keySet());
        java.util.Collections.sort(ids);
        List<UserState> states = new ArrayList<>(ids.size());
        for (String id : ids) {
            UserState s = users.get(id);
            if (s != null) {
                states.add(s);
            }
        }
        return UserState.dataset(states, snap.catalog(), true);
    }

    private record Popularity(long catalog, long changes, long[] counts) {
    }

    private final AtomicReference<Popularity> popularity = new AtomicReference<>();

    /**
     * Events per item over all users, by dense index of a catalogue snapshot: the non-profiling ranking and the
     * tie-break of every served list. Recomputed only after a change.
     */
    public long[] popularity(CatalogSnapshot snap) {
        Popularity p = popularity.get();
        long mark = changes.get();
        if (p != null && p.catalog() == snap.version() && p.changes() == mark) {
            return p.counts();
        }
        long[] counts = new long[snap.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = itemCount(snap.catalog().items().id(i));
        }
        popularity.set(new Popularity(snap.version(), mark, counts));
        return counts;
    }

    private record Released(long catalog, long changes, long atMillis, double[] counts) {
    }

    private final AtomicReference<Released> released = new AtomicReference<>();

    /**
     * Per-item popularity released with user-level differential privacy under a catalogue snapshot: each user
     * counts once per item for at most the cap of its most recent distinct items, plus Laplace noise. The release
     * is kept and served again until the catalogue changes or, after events changed, the refresh interval has
     * passed, so repeated requests cannot average the noise away and the number of releases (each spending
     * epsilon) is bounded by the interval.
     */
    public double[] privatePopularity(CatalogSnapshot snap, ServingConfig.PrivatePopularity dp) {
        Released r = released.get();
        long mark = changes.get();
        long now = System.currentTimeMillis();
        if (r != null && r.catalog() == snap.version()
                && (r.changes() == mark || now - r.atMillis() < dp.refreshSeconds() * 1000)) {
            return r.counts();
        }
        List<int[]> perUser = new ArrayList<>(users.size());
        for (UserState s : users.values()) {
            java.util.LinkedHashSet<Integer> distinct = new java.util.LinkedHashSet<>();
            var events = s.events();
            for (int e = events.size() - 1; e >= 0 && distinct.size() < dp.counts().userCap(); e--) {
                snap.catalog().items().find(events.get(e).item()).ifPresent(distinct::add);
            }
            perUser.add(distinct.stream().mapToInt(Integer::intValue).toArray());
        }
        long seed = dp.seed() != null ? dp.seed() : new java.security.SecureRandom().nextLong();
        double[] counts = dp.counts().release(snap.size(), perUser, seed);
        released.set(new Released(snap.version(), mark, now, counts));
        return counts;
    }

    private void swapCatalog() {
        CatalogSnapshot old = catalog.get();
        catalog.set(CatalogSnapshot.of(old.version() + 1, new ArrayList<>(items.values()), config));
    }
}
