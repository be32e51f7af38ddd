package io.whyrec.server.live;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The last rendered recommendation response of each user, bounded in bytes. An entry is only served while it is
 * still true: it remembers the exact {@link UserState} object it was computed from (states are immutable and
 * replaced on every event, deletion, edit or switch, so any change of the user invalidates it), the catalogue
 * and served model versions, and the query. Nothing about one user can therefore be served from another user's entry or
 * from before a change. When the byte budget is exceeded the whole cache is dropped (simple and bounded; the
 * next requests rebuild it). A budget of 0 disables caching.
 */
public final class ResponseCache {

    private record Entry(UserState state, long catalog, long model, String query, byte[] body) {
    }

    private final long budgetBytes;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** A cache holding at most about {@code budgetBytes} of response bodies; 0 disables it. */
    public ResponseCache(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** The cached body for this user state, versions and query, or null. */
    public byte[] get(UserState state, long catalog, long model, String query) {
        if (budgetBytes <= 0) {
            return null;
        }
        Entry e = entries.get(state.user());
        if (e != null && e.state() == state && e.catalog() == catalog && e.model() == model && e.query().equals(query)) {
            hits.increment();
            return e.body();
        }
        misses.increment();
        return null;
    }

    /** Remembers a body (replacing the user's previous entry). */
    public void put(UserState state, long catalog, long model, String query, byte[] body) {
        if (budgetBytes <= 0 || body.length > budgetBytes / 16) {
            return;
        }
        Entry old = entries.put(state.user(), new Entry(state, catalog, model, query, body));
        long now = bytes.addAndGet(body.length - (old == null ? 0 : old.body().length));
        if (now > budgetBytes) {
            entries.clear();
            bytes.set(0);
        }
    }

    /** Forgets a user (erasure). */
    public void forget(String user) {
        Entry old = entries.remove(user);
        if (old != null) {
            bytes.addAndGet(-old.body().length);
        }
    }

    /** Requests answered from the cache. */
    public long hits() {
        return hits.sum();
    }

    /** Requests that had to be computed. */
    public long misses() {
        return misses.sum();
    }
}
