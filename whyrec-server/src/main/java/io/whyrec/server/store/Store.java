package io.whyrec.server.store;

import io.whyrec.api.Item;
import io.whyrec.server.crypto.EncryptionException;
import io.whyrec.server.crypto.KeyProvider;
import io.whyrec.server.crypto.LocalKeyProvider;
import io.whyrec.server.crypto.PayloadCipher;
import io.whyrec.server.feedback.ExplanationIds;
import io.whyrec.server.feedback.Feedback;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The repository over the server's tables. Every write is one transaction that is committed before the method
 * returns, so a caller that answers 2xx after it has durably stored what it acknowledged. The SQL is plain and
 * shared by SQLite and PostgreSQL; the one non-standard clause is {@code ON CONFLICT (...) DO NOTHING}, which both
 * understand, and which makes event ingestion idempotent by event id.
 *
 * <p>A store opened with a {@link KeyProvider} is encrypted at rest: the payloads of events, tag edits and
 * explanation answers are written sealed ({@link SealedRows}: AES-256-GCM, a fresh nonce per value, bound to the
 * table, user and row) in the {@code sealed} columns, and their plaintext columns hold NULL, zeros or empty
 * strings; the ids that the keys, erasure and the change feed need (user ids, event ids, explanation ids, arrival
 * numbers) stay in the clear, and a muted tag is stood for by a keyed index. Which key the store is encrypted under
 * is recorded in {@code store_meta} when the first key opens an empty store; afterwards the store refuses to open
 * without that key, with another key, and a plaintext store holding data refuses a key (nothing is encrypted in
 * place).
 *
 * <p>Every write other than new events also logs what it changed in the change log ({@link Change}, table
 * {@code user_changes}) in its own transaction, so processes sharing the store (replicas on one PostgreSQL) learn
 * each other's changes from {@link #changesAfter} as they learn each other's events from {@link #eventsAfter}; on
 * PostgreSQL both are announced on {@link #CHANNEL} at commit ({@link Notifications}).
 */
public final class Store {

    /** Every table that can hold a user id, for erasure and for the erasure check. */
    public static final List<String> USER_TABLES = List.of("events", "tag_edits", "event_exclusions", "personalization",
            "explanation_feedback", "user_changes", "users");

    /** The PostgreSQL advisory lock that serialises the arrival numbers of every replica's writes. */
    private static final long SEQ_LOCK = 0x77687972L;
    /** The PostgreSQL advisory lock that serialises the change-log numbers of every replica's writes. */
    private static final long CHANGE_LOCK = SEQ_LOCK + 1;
    /**
     * The PostgreSQL notification channel every committed event batch and change-log row is announced on (an empty
     * payload: the listener reads the feed, not the notification).
     */
    public static final String CHANNEL = "whyrec_changes";
    /**
     * Seconds a change-log row is kept (one hour): every write deletes the rows older than this, except the newest
     * row, which carries the numbering on. A replica that read nothing for longer finds the gap and reloads its
     * whole state ({@code LiveEngine.catchUp}).
     */
    public static final long CHANGE_RETENTION_SECONDS = 3600;

    private final Database db;
    private final boolean postgres;
    /** The sealing of payloads, or null for a plaintext store. */
    private final SealedRows sealed;
    private long nextSeq;
    /** The change-log rows this store object wrote and {@link #changesAfter} has not returned yet (PostgreSQL). */
    private final Set<Long> ownChanges = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The change-log numbers the unit of work running now logged (guarded by the database's lock), or null. */
    private List<Long> logging;

    /**
     * A repository over an opened, migrated, plaintext database.
     *
     * @throws EncryptionException when the database is encrypted
     */
    public Store(Database db) {
        this(db, null);
    }

    /**
     * A repository over an opened, migrated database, encrypted at rest under a provider's key when one is given.
     * An empty store opened with a key becomes an encrypted store.
     *
     * @param keys the encryption key's provider, or null for a plaintext store
     * @throws EncryptionException with a one-line message when the store is encrypted and no key, a wrong key, or a
     *                             key whose current id differs from the store's (rotation) is given, or when a
     *                             plaintext store that holds events or profile edits is given a key
     */
    public Store(Database db, KeyProvider keys) {
        this.db = db;
        this.postgres = db.url().startsWith("jdbc:postgresql:");
        this.sealed = db.inTransaction(c -> openKey(c, keys));
        this.nextSeq = db.inTransaction(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM events")) {
                rs.next();
                return rs.getLong(1) + 1;
            }
        });
    }

    /** The database. */
    public Database database() {
        return db;
    }

    /** Whether the store is encrypted at rest (opened with its key). */
    public boolean encrypted() {
        return sealed != null;
    }

    /** The id (fingerprint) of the key the store is encrypted under, or null for a plaintext store. */
    public String keyId() {
        return sealed == null ? null : sealed.cipher().keyId();
    }

    /** Checks the given key against {@code store_meta}, recording it when an empty store is first given one. */
    private SealedRows openKey(Connection c, KeyProvider keys) throws SQLException {
        String keyId = null;
        byte[] check = null;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT key_id, key_check FROM store_meta WHERE id = 1")) {
            if (rs.next()) {
                keyId = rs.getString(1);
                check = rs.getBytes(2);
            }
        }
        if (keyId != null) {
            if (keys == null) {
                throw new EncryptionException("the store at " + db.url() + " is encrypted (key fingerprint " + keyId
                        + "); give its key (--encryption-key FILE or " + LocalKeyProvider.ENV + ")");
            }
            SealedRows rows = new SealedRows(new PayloadCipher(keys));
            try {
                if (!rows.checks(check)) {
                    throw new EncryptionException("the key check value does not hold the expected text");
                }
            } catch (EncryptionException e) {
                throw new EncryptionException("cannot open the encrypted store at " + db.url() + " with the key of "
                        + keys.source() + ": " + e.getMessage());
            }
            if (!keyId.equals(keys.currentKeyId())) {
                throw new EncryptionException("the store at " + db.url() + " is encrypted under the key " + keyId
                        + ", but the current key of " + keys.source() + " is " + keys.currentKeyId()
                        + "; re-encrypting a store under a new key is not implemented: give the key " + keyId);
            }
            return rows;
        }
        if (keys == null) {
            return null;
        }
        for (String table : List.of("events", "tag_edits", "explanation_feedback")) {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT 1 FROM " + table + " LIMIT 1")) {
                if (rs.next()) {
                    throw new EncryptionException("the store at " + db.url() + " is not encrypted and holds data ("
                            + table + "), so the key of " + keys.source() + " cannot be used with it: whyrec does "
                            + "not encrypt a store in place; serve it without a key, or import the data into a new "
                            + "data directory (or database) served with the key from the start");
                }
            }
        }
        SealedRows rows = new SealedRows(new PayloadCipher(keys));
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO store_meta (id, key_id, key_check, created_at) "
                + "VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            ins.setString(1, keys.currentKeyId());
            ins.setBytes(2, rows.sealCheck());
            ins.setLong(3, System.currentTimeMillis() / 1000);
            if (ins.executeUpdate() == 0) {
                // another replica on the same PostgreSQL store recorded a key first: check against that one
                return openKey(c, keys);
            }
        }
        return rows;
    }

    /**
     * An event read from a result row of event_id, user_id, item_id, ts, event_type, event_value, seq and sealed.
     */
    private StoredEvent event(ResultSet rs) throws SQLException {
        if (sealed != null) {
            return sealed.openEvent(rs.getString(1), rs.getString(2), rs.getLong(7), rs.getBytes(8));
        }
        return new StoredEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getDouble(6), rs.getLong(7));
    }

    /** Every item with its tags, in the order items were first stored. */
    public List<Item> loadItems() {
        return db.inTransaction(c -> {
            Map<String, String> titles = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT item_id, title FROM items ORDER BY seq")) {
                while (rs.next()) {
                    titles.put(rs.getString(1), rs.getString(2));
                }
            }
            Map<String, List<String>> tags = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT item_id, tag FROM item_tags ORDER BY item_id, position")) {
                while (rs.next()) {
                    tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            List<Item> out = new ArrayList<>(titles.size());
            titles.forEach((id, title) -> out.add(new Item(id, title, "", tags.getOrDefault(id, List.of()))));
            return out;
        });
    }

    /**
     * Inserts or replaces items (title and tags); new items get the next position in the catalogue order. Each
     * item gets a change-log row in the same transaction.
     *
     * @return the number of items that were new
     */
    public int upsertItems(Collection<Item> items) {
        return inLoggedTransaction(c -> {
            int created = 0;
            long seq = maxItemSeq(c);
            try (PreparedStatement ins = c.prepareStatement(
                         "INSERT INTO items (item_id, title, seq) VALUES (?, ?, ?) ON CONFLICT (item_id) DO NOTHING");
                 PreparedStatement upd = c.prepareStatement("UPDATE items SET title = ? WHERE item_id = ?");
                 PreparedStatement delTags = c.prepareStatement("DELETE FROM item_tags WHERE item_id = ?");
                 PreparedStatement insTag = c.prepareStatement(
                         "INSERT INTO item_tags (item_id, position, tag) VALUES (?, ?, ?)")) {
                for (Item item : items) {
                    ins.setString(1, item.id());
                    ins.setString(2, item.title());
                    ins.setLong(3, seq + 1);
                    if (ins.executeUpdate() == 1) {
                        created++;
                        seq++;
                    } else {
                        upd.setString(1, item.title());
                        upd.setString(2, item.id());
                        upd.executeUpdate();
                    }
                    delTags.setString(1, item.id());
                    delTags.executeUpdate();
                    for (int p = 0; p < item.tags().size(); p++) {
                        insTag.setString(1, item.id());
                        insTag.setInt(2, p);
                        insTag.setString(3, item.tags().get(p));
                        insTag.addBatch();
                    }
                }
                insTag.executeBatch();
            }
            logChanges(c, Change.Kind.ITEM, null, null, items.stream().map(Item::id).toList());
            return created;
        });
    }

    private static long maxItemSeq(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM items")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The outcome of storing a batch of events.
     *
     * @param stored     the events that were new, with their arrival numbers, in batch order
     * @param duplicates how many events of the batch were already stored (same event id) and were skipped
     * @param newItems   item ids that were unknown and were stored with their id as title and no tags
     */
    public record Ingested(List<StoredEvent> stored, int duplicates, List<String> newItems) {
    }

    /**
     * Stores a batch of events in one transaction, skipping event ids that are already stored (also within the
     * batch). Users and unknown items are created on the way. Returns after the commit.
     *
     * @param events events whose {@code seq} is ignored; the store assigns arrival numbers
     * @param knownItems item ids known to exist (the caller's catalogue), to skip a lookup per event
     */
    public Ingested insertEvents(List<StoredEvent> events, Set<String> knownItems) {
        return db.inTransaction(c -> insertEvents(c, events, knownItems));
    }

    /**
     * Stores a batch of events within the caller's transaction. The batch's arrival numbers are taken before any
     * statement runs, so a batch that fails leaves a gap, never a number that the next batch gives out again.
     */
    private Ingested insertEvents(Connection c, List<StoredEvent> events, Set<String> knownItems)
            throws SQLException {
        List<String> newItems = new ArrayList<>();
        Set<String> users = new LinkedHashSet<>();
        Set<String> items = new HashSet<>();
        if (postgres) {
            // replicas share the store: one writer at a time takes arrival numbers, held until the commit, so
            // numbers are given out in commit order and a change-feed reader never misses a lower one
            try (Statement lock = c.createStatement();
                 ResultSet rs = lock.executeQuery("SELECT pg_advisory_xact_lock(" + SEQ_LOCK + "), "
                         + "(SELECT COALESCE(MAX(seq), 0) FROM events), pg_notify('" + CHANNEL + "', '')")) {
                rs.next();
                nextSeq = Math.max(nextSeq, rs.getLong(2) + 1);
            }
        }
        long seq = nextSeq;
        nextSeq = seq + events.size();
        long itemSeq = -1;
        long now = System.currentTimeMillis() / 1000;
        try (PreparedStatement user = c.prepareStatement(
                     "INSERT INTO users (user_id, created_at) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING");
             PreparedStatement item = c.prepareStatement(
                     "INSERT INTO items (item_id, title, seq) VALUES (?, ?, ?) ON CONFLICT (item_id) DO NOTHING");
             PreparedStatement ev = c.prepareStatement(
                     "INSERT INTO events (event_id, user_id, item_id, ts, event_type, event_value, seq, sealed) "
                             + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING")) {
            // users and unknown items first: the events reference them
            for (StoredEvent e : events) {
                users.add(e.user());
                if (!knownItems.contains(e.item()) && items.add(e.item())) {
                    if (itemSeq < 0) {
                        itemSeq = maxItemSeq(c);
                    }
                    item.setString(1, e.item());
                    item.setString(2, e.item());
                    item.setLong(3, itemSeq + 1);
                    if (item.executeUpdate() == 1) {
                        itemSeq++;
                        newItems.add(e.item());
                    }
                }
            }
            if (postgres) {
                // PostgreSQL: the whole batch in one statement each (array parameters), so the server parses,
                // plans and runs two statements per batch instead of one per user and per event
                usersAtOnce(c, users, now);
                List<StoredEvent> stored = eventsAtOnce(c, events, seq, sealed);
                return new Ingested(stored, events.size() - stored.size(), newItems);
            }
            for (String u : users) {
                user.setString(1, u);
                user.setLong(2, now);
                user.addBatch();
            }
            user.executeBatch();
            // one batched statement for the events; arrival numbers are given in batch order (duplicates
            // leave gaps, which keeps the order and costs nothing)
            for (int i = 0; i < events.size(); i++) {
                StoredEvent e = events.get(i);
                ev.setString(1, e.eventId());
                ev.setString(2, e.user());
                ev.setLong(7, seq + i);
                if (sealed == null) {
                    ev.setString(3, e.item());
                    ev.setLong(4, e.ts());
                    ev.setString(5, e.type());
                    ev.setDouble(6, e.value());
                    ev.setBytes(8, null);
                } else {
                    ev.setNull(3, java.sql.Types.VARCHAR);
                    ev.setLong(4, 0);
                    ev.setString(5, "");
                    ev.setDouble(6, 0);
                    ev.setBytes(8, sealed.sealEvent(e));
                }
                ev.addBatch();
            }
            int[] counts = events.isEmpty() ? new int[0] : ev.executeBatch();
            List<StoredEvent> stored = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                StoredEvent e = events.get(i);
                boolean inserted = counts[i] == Statement.SUCCESS_NO_INFO ? storedWithSeq(c, e.eventId(), seq + i)
                        : counts[i] > 0;
                if (inserted) {
                    stored.add(new StoredEvent(e.eventId(), e.user(), e.item(), e.ts(), e.type(), e.value(),
                            seq + i));
                }
            }
            return new Ingested(stored, events.size() - stored.size(), newItems);
        }
    }

    /**
     * How far seeding the store from a dataset file got ({@link DatasetSeed}).
     *
     * @param fingerprint the seeded file's fingerprint ({@link DatasetSeed#fingerprint})
     * @param total       the file's events to seed
     * @param nextEvent   the index of the first event not yet stored (events before it are committed)
     * @param complete    whether seeding finished: the store then is the source of truth and is never seeded
     *                    again
     */
    public record SeedState(long fingerprint, long total, long nextEvent, boolean complete) {
    }

    /** The recorded seeding state, empty when the store was never seeded (or was seeded before it was recorded). */
    public java.util.Optional<SeedState> seedState() {
        return db.inTransaction(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT fingerprint, total, next_event, complete FROM seed_state WHERE id = 1")) {
                return rs.next() ? java.util.Optional.of(new SeedState(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getBoolean(4))) : java.util.Optional.empty();
            }
        });
    }

    /**
     * Stores one chunk of a dataset file's events and records the seeding state after it, in one transaction: a
     * kill at any moment leaves the state naming exactly the events that are stored.
     */
    public Ingested seedChunk(List<StoredEvent> events, Set<String> knownItems, SeedState after) {
        return db.inTransaction(c -> {
            Ingested out = insertEvents(c, events, knownItems);
            writeSeedState(c, after);
            return out;
        });
    }

    /** Records a seeding state on its own (a seeding with no events left to store, or a store adopted as seeded). */
    public void recordSeedState(SeedState state) {
        db.inTransaction(c -> {
            writeSeedState(c, state);
            return null;
        });
    }

    private static void writeSeedState(Connection c, SeedState state) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM seed_state WHERE id = 1");
             PreparedStatement ins = c.prepareStatement("INSERT INTO seed_state (id, fingerprint, total, next_event, "
                     + "complete, updated_at) VALUES (1, ?, ?, ?, ?, ?)")) {
            del.executeUpdate();
            ins.setLong(1, state.fingerprint());
            ins.setLong(2, state.total());
            ins.setLong(3, state.nextEvent());
            ins.setBoolean(4, state.complete());
            ins.setLong(5, System.currentTimeMillis() / 1000);
            ins.executeUpdate();
        }
    }

    /**
     * Number of stored events whose id starts with a prefix ({@code ds:} for the seeded ones).
     *
     * @throws IllegalArgumentException when the prefix holds a LIKE wildcard ({@code %} or {@code _})
     */
    public long countEventsWithPrefix(String prefix) {
        if (prefix.contains("%") || prefix.contains("_")) {
            throw new IllegalArgumentException("prefix '" + prefix + "' holds a LIKE wildcard");
        }
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM events WHERE event_id LIKE ?")) {
                s.setString(1, prefix + "%");
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Whether an event with this id is stored. */
    public boolean hasEvent(String eventId) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM events WHERE event_id = ?")) {
                s.setString(1, eventId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Inserts the users not yet stored, in one statement (PostgreSQL). */
    private static void usersAtOnce(Connection c, Set<String> users, long now) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO users (user_id, created_at) "
                + "SELECT u, ? FROM unnest(?::varchar[]) AS t(u) ON CONFLICT (user_id) DO NOTHING")) {
            st.setLong(1, now);
            st.setArray(2, c.createArrayOf("varchar", users.toArray(new String[0])));
            st.executeUpdate();
        }
    }

    /**
     * Inserts a batch of events in one statement (PostgreSQL), event i with arrival number seq + i, and returns
     * those inserted: the others' ids were already stored (or came earlier in the same batch), which
     * {@code ON CONFLICT DO NOTHING} skips as the one-statement-per-event batch does; {@code RETURNING seq} names
     * the inserted rows.
     */
    private static List<StoredEvent> eventsAtOnce(Connection c, List<StoredEvent> events, long seq,
                                                  SealedRows sealed) throws SQLException {
        int n = events.size();
        if (n == 0) {
            return new ArrayList<>();
        }
        String[] ids = new String[n];
        String[] users = new String[n];
        String[] items = new String[n];
        Long[] ts = new Long[n];
        String[] types = new String[n];
        Double[] values = new Double[n];
        Long[] seqs = new Long[n];
        byte[][] payloads = new byte[n][];
        for (int i = 0; i < n; i++) {
            StoredEvent e = events.get(i);
            ids[i] = e.eventId();
            users[i] = e.user();
            seqs[i] = seq + i;
            if (sealed == null) {
                items[i] = e.item();
                ts[i] = e.ts();
                types[i] = e.type();
                values[i] = e.value();
            } else {
                ts[i] = 0L;
                types[i] = "";
                values[i] = 0.0;
                payloads[i] = sealed.sealEvent(e);
            }
        }
        boolean[] inserted = new boolean[n];
        try (PreparedStatement st = c.prepareStatement("INSERT INTO events "
                + "(event_id, user_id, item_id, ts, event_type, event_value, seq, sealed) "
                + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[], ?::varchar[], "
                + "?::float8[], ?::bigint[], ?::bytea[]) ON CONFLICT (event_id) DO NOTHING RETURNING seq")) {
            st.setArray(1, c.createArrayOf("varchar", ids));
            st.setArray(2, c.createArrayOf("varchar", users));
            st.setArray(3, c.createArrayOf("varchar", items));
            st.setArray(4, c.createArrayOf("bigint", ts));
            st.setArray(5, c.createArrayOf("varchar", types));
            st.setArray(6, c.createArrayOf("float8", values));
            st.setArray(7, c.createArrayOf("bigint", seqs));
            st.setArray(8, c.createArrayOf("bytea", payloads));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    inserted[(int) (rs.getLong(1) - seq)] = true;
                }
            }
        }
        List<StoredEvent> stored = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (inserted[i]) {
                StoredEvent e = events.get(i);
                stored.add(new StoredEvent(e.eventId(), e.user(), e.item(), e.ts(), e.type(), e.value(), seq + i));
            }
        }
        return stored;
    }

    /** Whether the stored event with an id carries this arrival number (for drivers that report no counts). */
    private static boolean storedWithSeq(Connection c, String eventId, long seq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT seq FROM events WHERE event_id = ?")) {
            s.setString(1, eventId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getLong(1) == seq;
            }
        }
    }

    /** Number of stored events. */
    public long countEvents() {
        return db.inTransaction(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Streams every event, in storage order (not sorted: the caller groups events per user and sorts each user's
     * events by time and arrival, which needs no index and no database sort).
     */
    public void forEachEvent(Consumer<StoredEvent> sink) {
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.setFetchSize(10_000);
                ResultSet rs = s.executeQuery("SELECT event_id, user_id, item_id, ts, event_type, event_value, seq, "
                        + "sealed FROM events");
                while (rs.next()) {
                    sink.accept(event(rs));
                }
            }
            return null;
        });
    }

    /**
     * The events stored with an arrival number above a given one, in arrival order: the change feed another
     * replica's writes reach this one through.
     *
     * @param afterSeq the highest arrival number already read
     */
    public List<StoredEvent> eventsAfter(long afterSeq) {
        return db.inTransaction(c -> {
            List<StoredEvent> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT event_id, user_id, item_id, ts, event_type, "
                    + "event_value, seq, sealed FROM events WHERE seq > ? ORDER BY seq")) {
                s.setLong(1, afterSeq);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(event(rs));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Runs a unit of work that logs changes: the rows it logs count as this store's own from before its commit (a
     * reader in this process never takes them for another's), and no longer once it failed (another process may
     * then write rows under the same numbers).
     */
    private <T> T inLoggedTransaction(Database.Work<T> work) {
        List<Long> mine = new ArrayList<>();
        try {
            return db.inTransaction(c -> {
                logging = mine;
                try {
                    return work.run(c);
                } finally {
                    logging = null;
                }
            });
        } catch (RuntimeException e) {
            mine.forEach(ownChanges::remove);
            throw e;
        }
    }

    /** Logs one change of a user's state within the caller's transaction. */
    private void logChange(Connection c, Change.Kind kind, String user) throws SQLException {
        logChanges(c, kind, user, null, java.util.Collections.singletonList(null));
    }

    /**
     * Logs one change-log row per ref within the caller's transaction, numbered after the highest stored row
     * (under an advisory lock held until the commit on PostgreSQL, so numbers follow commit order across
     * replicas), announces it on {@link #CHANNEL}, and deletes the rows older than
     * {@link #CHANGE_RETENTION_SECONDS} except the newest.
     */
    private void logChanges(Connection c, Change.Kind kind, String user, String userKey, List<String> refs)
            throws SQLException {
        if (refs.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        long last;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(postgres
                     ? "SELECT pg_advisory_xact_lock(" + CHANGE_LOCK + "), (SELECT COALESCE(MAX(seq), 0) FROM "
                     + "user_changes), pg_notify('" + CHANNEL + "', '')"
                     : "SELECT 0, COALESCE(MAX(seq), 0) FROM user_changes")) {
            rs.next();
            last = rs.getLong(2);
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM user_changes WHERE at < ? AND seq < ?")) {
            del.setLong(1, now - CHANGE_RETENTION_SECONDS);
            del.setLong(2, last);
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO user_changes (seq, kind, user_id, user_key, item_id, ref, at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            boolean item = kind == Change.Kind.ITEM;
            for (String ref : refs) {
                ins.setLong(1, ++last);
                ins.setString(2, kind.column());
                ins.setString(3, user);
                ins.setString(4, userKey);
                ins.setString(5, item ? ref : null);
                ins.setString(6, item ? null : ref);
                ins.setLong(7, now);
                ins.addBatch();
            }
            ins.executeBatch();
        }
        if (postgres) {
            // remembered before the commit: a reader in this process may see the row as soon as it commits
            for (long seq = last - refs.size() + 1; seq <= last; seq++) {
                ownChanges.add(seq);
                if (logging != null) {
                    logging.add(seq);
                }
            }
        }
    }

    /** Logs that an admin's refit in this process swapped in a new version of a served model. */
    public void logRefit(String model) {
        inLoggedTransaction(c -> {
            logChanges(c, Change.Kind.REFIT, null, null, List.of(model));
            return null;
        });
    }

    /**
     * The change-log rows above a number, in order: what other processes sharing the store changed besides events
     * ({@link Change}). A row this store object wrote is returned with {@code own} set.
     *
     * @param afterSeq the highest change-log number already read
     */
    public List<Change> changesAfter(long afterSeq) {
        return db.inTransaction(c -> {
            List<Change> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT seq, kind, user_id, user_key, "
                    + "COALESCE(item_id, ref) FROM user_changes WHERE seq > ? ORDER BY seq")) {
                s.setLong(1, afterSeq);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        out.add(new Change(seq, Change.Kind.fromColumn(rs.getString(2)), rs.getString(3),
                                rs.getString(4), rs.getString(5), ownChanges.remove(seq)));
                    }
                }
            }
            return out;
        });
    }

    /** The highest change-log number stored (0 when the log is empty): where a process that loads the store starts. */
    public long lastChangeSeq() {
        return db.inTransaction(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM user_changes")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * One user's stored profile settings, read in one transaction.
     *
     * @param edits        tag to action, in tag order
     * @param excluded     the ids of the events the user excluded
     * @param personalized the personalisation switch (true when never set)
     */
    public record UserSettings(Map<String, TagAction> edits, List<String> excluded, boolean personalized) {
    }

    /** A user's tag edits, excluded events and personalisation switch as stored now. */
    public UserSettings loadUserSettings(String user) {
        return db.inTransaction(c -> {
            Map<String, TagAction> edits = tagEdits(c, user).getOrDefault(user, Map.of());
            List<String> excluded = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT event_id FROM event_exclusions WHERE user_id = ? ORDER BY event_id")) {
                s.setString(1, user);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        excluded.add(rs.getString(1));
                    }
                }
            }
            boolean on = true;
            try (PreparedStatement s = c.prepareStatement("SELECT enabled FROM personalization WHERE user_id = ?")) {
                s.setString(1, user);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        on = rs.getBoolean(1);
                    }
                }
            }
            return new UserSettings(edits, excluded, on);
        });
    }

    /** The stored items among some ids, with their tags (an id not stored is left out). */
    public List<Item> loadItems(Collection<String> ids) {
        List<String> all = new ArrayList<>(new LinkedHashSet<>(ids));
        return db.inTransaction(c -> {
            List<Item> out = new ArrayList<>(all.size());
            for (int from = 0; from < all.size(); from += 500) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
                String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
                Map<String, String> titles = new LinkedHashMap<>();
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT item_id, title FROM items WHERE item_id IN (" + marks + ") ORDER BY seq")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        s.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            titles.put(rs.getString(1), rs.getString(2));
                        }
                    }
                }
                Map<String, List<String>> tags = new LinkedHashMap<>();
                try (PreparedStatement s = c.prepareStatement("SELECT item_id, tag FROM item_tags WHERE item_id IN ("
                        + marks + ") ORDER BY item_id, position")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        s.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                        }
                    }
                }
                titles.forEach((id, title) -> out.add(new Item(id, title, "", tags.getOrDefault(id, List.of()))));
            }
            return out;
        });
    }

    /** Every stored user id (table {@code users}): a user held in memory and absent here was erased. */
    public Set<String> userIds() {
        return db.inTransaction(c -> {
            Set<String> out = new HashSet<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT user_id FROM users")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** The token generation stored under a user pseudonym (0 when none is stored). */
    public long tokenGeneration(String userKey) {
        return db.inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT generation FROM token_generations WHERE user_key = ?")) {
                q.setString(1, userKey);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /** Whether the store is PostgreSQL, which several serving processes may share. */
    public boolean shared() {
        return postgres;
    }

    /**
     * Deletes one event of a user, and its exclusion if the user had excluded it.
     *
     * @return true when the event existed and belonged to that user
     */
    public boolean deleteEvent(String user, String eventId) {
        return inLoggedTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM events WHERE event_id = ? AND user_id = ?");
                 PreparedStatement x = c.prepareStatement(
                         "DELETE FROM event_exclusions WHERE user_id = ? AND event_id = ?")) {
                s.setString(1, eventId);
                s.setString(2, user);
                boolean deleted = s.executeUpdate() == 1;
                x.setString(1, user);
                x.setString(2, eventId);
                boolean unexcluded = x.executeUpdate() > 0;
                if (deleted || unexcluded) {
                    logChanges(c, Change.Kind.EVENT_DELETED, user, null, List.of(eventId));
                }
                return deleted;
            }
        });
    }

    /**
     * Records that a user excluded one of their events from their recommendations (on true), or included it again
     * (on false). Idempotent.
     */
    public void setEventExcluded(String user, String eventId, boolean excluded) {
        inLoggedTransaction(c -> {
            ensureUser(c, user);
            try (PreparedStatement del = c.prepareStatement(
                         "DELETE FROM event_exclusions WHERE user_id = ? AND event_id = ?");
                 PreparedStatement ins = c.prepareStatement(
                         "INSERT INTO event_exclusions (user_id, event_id, updated_at) VALUES (?, ?, ?)")) {
                del.setString(1, user);
                del.setString(2, eventId);
                del.executeUpdate();
                if (excluded) {
                    ins.setString(1, user);
                    ins.setString(2, eventId);
                    ins.setLong(3, System.currentTimeMillis() / 1000);
                    ins.executeUpdate();
                }
            }
            logChange(c, Change.Kind.EXCLUSIONS, user);
            return null;
        });
    }

    /** Every excluded event: user id to the ids of their excluded events. */
    public Map<String, List<String>> loadExclusions() {
        return db.inTransaction(c -> {
            Map<String, List<String>> out = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(
                         "SELECT user_id, event_id FROM event_exclusions ORDER BY user_id, event_id")) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            return out;
        });
    }

    /** What stands for a tag in {@code tag_edits.tag}: the tag, or in an encrypted store its keyed index. */
    private String tagColumn(String tag) {
        return sealed == null ? tag : sealed.tagIndex(tag);
    }

    /** Records that a user muted or deleted a tag (replacing an earlier edit of that tag). */
    public void setTagEdit(String user, String tag, TagAction action) {
        inLoggedTransaction(c -> {
            ensureUser(c, user);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM tag_edits WHERE user_id = ? AND tag = ?");
                 PreparedStatement ins = c.prepareStatement(
                         "INSERT INTO tag_edits (user_id, tag, action, updated_at, sealed) VALUES (?, ?, ?, ?, ?)")) {
                String column = tagColumn(tag);
                long now = System.currentTimeMillis() / 1000;
                del.setString(1, user);
                del.setString(2, column);
                del.executeUpdate();
                ins.setString(1, user);
                ins.setString(2, column);
                if (sealed == null) {
                    ins.setString(3, action.column());
                    ins.setLong(4, now);
                    ins.setBytes(5, null);
                } else {
                    // the CHECK allows only the two actions: every sealed row says 'muted', the real one is sealed
                    ins.setString(3, TagAction.MUTED.column());
                    ins.setLong(4, 0);
                    ins.setBytes(5, sealed.sealTagEdit(user, column, tag, action, now));
                }
                ins.executeUpdate();
            }
            logChange(c, Change.Kind.TAGS, user);
            return null;
        });
    }

    /**
     * Removes a user's edit of a tag (unmute).
     *
     * @return true when there was an edit
     */
    public boolean clearTagEdit(String user, String tag) {
        return inLoggedTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM tag_edits WHERE user_id = ? AND tag = ?")) {
                del.setString(1, user);
                del.setString(2, tagColumn(tag));
                boolean had = del.executeUpdate() == 1;
                if (had) {
                    logChange(c, Change.Kind.TAGS, user);
                }
                return had;
            }
        });
    }

    /** Every tag edit: user id to (tag to action). */
    public Map<String, Map<String, TagAction>> loadTagEdits() {
        return db.inTransaction(c -> tagEdits(c, null));
    }

    /** The tag edits of one user (or of every user, for null): user id to (tag to action), tags in order. */
    private Map<String, Map<String, TagAction>> tagEdits(Connection c, String user) throws SQLException {
        Map<String, Map<String, TagAction>> out = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT user_id, tag, action, sealed FROM tag_edits"
                + (user == null ? "" : " WHERE user_id = ?") + " ORDER BY user_id, tag")) {
            if (user != null) {
                s.setString(1, user);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, TagAction> edits = out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>());
                    if (sealed == null) {
                        edits.put(rs.getString(2), TagAction.fromColumn(rs.getString(3)));
                    } else {
                        Map.Entry<String, TagAction> e = sealed.openTagEdit(rs.getString(1), rs.getString(2),
                                rs.getBytes(4));
                        edits.put(e.getKey(), e.getValue());
                    }
                }
            }
        }
        if (sealed != null) {
            // the rows came in the order of their keyed indexes: put each user's tags in tag order, as plaintext
            out.replaceAll((u, edits) -> {
                Map<String, TagAction> sorted = new LinkedHashMap<>();
                edits.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
                return sorted;
            });
        }
        return out;
    }

    /** Records a user's personalisation switch. */
    public void setPersonalization(String user, boolean enabled) {
        inLoggedTransaction(c -> {
            ensureUser(c, user);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM personalization WHERE user_id = ?");
                 PreparedStatement ins = c.prepareStatement(
                         "INSERT INTO personalization (user_id, enabled, updated_at) VALUES (?, ?, ?)")) {
                del.setString(1, user);
                del.executeUpdate();
                ins.setString(1, user);
                ins.setBoolean(2, enabled);
                ins.setLong(3, System.currentTimeMillis() / 1000);
                ins.executeUpdate();
            }
            logChange(c, Change.Kind.PERSONALIZATION, user);
            return null;
        });
    }

    /** Every stored personalisation switch: user id to enabled. */
    public Map<String, Boolean> loadPersonalization() {
        return db.inTransaction(c -> {
            Map<String, Boolean> out = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT user_id, enabled FROM personalization")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getBoolean(2));
                }
            }
            return out;
        });
    }

    /**
     * Stores a user's answer to an explanation, replacing the user's earlier answer to the same explanation id.
     *
     * @return the answer as stored
     */
    public Feedback saveFeedback(Feedback f) {
        return db.inTransaction(c -> {
            ensureUser(c, f.user());
            try (PreparedStatement del = c.prepareStatement(
                         "DELETE FROM explanation_feedback WHERE user_id = ? AND explanation_id = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO explanation_feedback (user_id, "
                         + "explanation_id, item_id, helpful, reason, arm, model, model_version, method, narrator, "
                         + "lang, created_at, sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                del.setString(1, f.user());
                del.setString(2, f.explanationId());
                del.executeUpdate();
                ExplanationIds.Issued x = sealed == null ? f.issued()
                        : new ExplanationIds.Issued("", 0, "", "", "", "");
                ins.setString(1, f.user());
                ins.setString(2, f.explanationId());
                ins.setString(3, sealed == null ? f.item() : "");
                ins.setBoolean(4, sealed == null && f.helpful());
                ins.setString(5, sealed == null ? f.reason() : null);
                ins.setString(6, x.arm());
                ins.setString(7, x.model());
                ins.setLong(8, x.modelVersion());
                ins.setString(9, x.method());
                ins.setString(10, x.narrator());
                ins.setString(11, x.lang());
                ins.setLong(12, sealed == null ? f.ts() : 0);
                ins.setBytes(13, sealed == null ? null : sealed.sealFeedback(f));
                ins.executeUpdate();
            }
            return f;
        });
    }

    /** Every stored explanation answer, by user and explanation id. */
    public List<Feedback> loadFeedback() {
        return db.inTransaction(c -> {
            List<Feedback> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT user_id, item_id, explanation_id, helpful, reason, model, "
                         + "model_version, method, narrator, lang, arm, created_at, sealed FROM explanation_feedback "
                         + "ORDER BY user_id, explanation_id")) {
                while (rs.next()) {
                    if (sealed != null) {
                        out.add(sealed.openFeedback(rs.getString(1), rs.getString(3), rs.getBytes(13)));
                        continue;
                    }
                    out.add(new Feedback(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                            rs.getString(5), new ExplanationIds.Issued(rs.getString(6), rs.getLong(7),
                            rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11)), rs.getLong(12)));
                }
            }
            return out;
        });
    }

    /**
     * Erases every row of a user in every table of {@link #USER_TABLES}, in one transaction.
     *
     * @return the number of rows deleted per table
     */
    public Map<String, Integer> eraseUser(String user) {
        return eraseUser(user, null).rows();
    }

    /**
     * What an erasure did.
     *
     * @param rows       rows deleted per table of {@link #USER_TABLES} (for {@code user_changes}: rows whose user
     *                   id was cleared)
     * @param generation the user's token generation after the erasure (0 when no key was given)
     */
    public record Erased(Map<String, Integer> rows, long generation) {
    }

    /**
     * Erases every row of a user in every table of {@link #USER_TABLES} and, when {@code userKey} is given, moves
     * the token generation stored under that key on by one, all in one transaction: the erasure and the
     * revocation of the user's tokens commit together or not at all. The change log is the one table whose rows
     * stay: their user id (and event id) is cleared instead, and one row says that a user was erased, naming the
     * user by {@code userKey} only.
     *
     * @param user    the user id
     * @param userKey the user's keyed pseudonym, or null to leave the tokens alone
     */
    public Erased eraseUser(String user, String userKey) {
        return inLoggedTransaction(c -> {
            Map<String, Integer> out = new LinkedHashMap<>();
            for (String table : USER_TABLES) {
                // the change log keeps the user's rows, so its numbers stay without gaps, but forgets whose they were
                String sql = table.equals("user_changes")
                        ? "UPDATE user_changes SET user_id = NULL, ref = NULL WHERE user_id = ?"
                        : "DELETE FROM " + table + " WHERE user_id = ?";
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setString(1, user);
                    out.put(table, s.executeUpdate());
                }
            }
            long generation = 0;
            if (userKey != null) {
                try (PreparedStatement up = c.prepareStatement(
                        "UPDATE token_generations SET generation = generation + 1 WHERE user_key = ?")) {
                    up.setString(1, userKey);
                    if (up.executeUpdate() == 0) {
                        try (PreparedStatement ins = c.prepareStatement(
                                "INSERT INTO token_generations (user_key, generation) VALUES (?, 1)")) {
                            ins.setString(1, userKey);
                            ins.executeUpdate();
                        }
                    }
                }
                try (PreparedStatement q = c.prepareStatement(
                        "SELECT generation FROM token_generations WHERE user_key = ?")) {
                    q.setString(1, userKey);
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        generation = rs.getLong(1);
                    }
                }
            }
            logChanges(c, Change.Kind.ERASED, null, userKey, java.util.Collections.singletonList(null));
            return new Erased(out, generation);
        });
    }

    /** Every stored token generation: user pseudonym to generation. */
    public Map<String, Long> loadTokenGenerations() {
        return db.inTransaction(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT user_key, generation FROM token_generations")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    /**
     * Removes the bytes of deleted rows from the database files where the database allows it (after an erasure):
     * see {@link Database#scrub(List)}.
     */
    public void scrubUserTables() {
        db.scrub(USER_TABLES);
    }

    /**
     * Rewrites the user tables so that no byte of a past value is left in the database files (after a pseudonym
     * key rotation, which rewrites every user id): see {@link Database#rebuild(List)}.
     */
    public void rebuildUserTables() {
        db.rebuild(USER_TABLES);
    }

    /** Every distinct user id held by any table of {@link #USER_TABLES}. */
    public Set<String> storedUserIds() {
        return db.inTransaction(c -> {
            Set<String> out = new java.util.HashSet<>();
            for (String table : USER_TABLES) {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT DISTINCT user_id FROM " + table
                             + " WHERE user_id IS NOT NULL")) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Renames users in every table of {@link #USER_TABLES}, in one transaction (a key rotation of pseudonymised
     * ids): each user row is copied under its new id, the rows that name the old id are moved to the new one and
     * the old user row is deleted, so the foreign keys hold at every statement. Ids not in the mapping, and new
     * ids, are left as they are, so running it again after it committed changes nothing.
     *
     * @param mapping old id to new id; no new id may already be a stored id other than its own
     * @return the rows renamed per table
     * @throws EncryptionException on an encrypted store, whose payloads are sealed to their user ids
     */
    public Map<String, Integer> renameUsers(Map<String, String> mapping) {
        if (sealed != null) {
            throw new EncryptionException("the store at " + db.url() + " is encrypted, and its sealed payloads are "
                    + "bound to their user ids: renaming users (a pseudonym key rotation) of an encrypted store is not "
                    + "implemented");
        }
        return db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMPORARY TABLE user_renames (old_id VARCHAR(200) NOT NULL PRIMARY KEY, "
                        + "new_id VARCHAR(200) NOT NULL)");
            }
            // a failure rolls the creation of the temporary table back with the rest
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO user_renames (old_id, new_id) VALUES (?, ?)")) {
                int n = 0;
                for (Map.Entry<String, String> e : mapping.entrySet()) {
                    ins.setString(1, e.getKey());
                    ins.setString(2, e.getValue());
                    ins.addBatch();
                    if (++n % 1000 == 0) {
                        ins.executeBatch();
                    }
                }
                ins.executeBatch();
            }
            Map<String, Integer> out = new LinkedHashMap<>();
            try (Statement s = c.createStatement()) {
                out.put("users", s.executeUpdate("INSERT INTO users (user_id, created_at) SELECT r.new_id, "
                        + "u.created_at FROM users u JOIN user_renames r ON u.user_id = r.old_id"));
                for (String table : USER_TABLES) {
                    if (table.equals("users")) {
                        continue;
                    }
                    out.put(table, s.executeUpdate("UPDATE " + table + " SET user_id = (SELECT r.new_id FROM "
                            + "user_renames r WHERE r.old_id = " + table + ".user_id) WHERE user_id IN "
                            + "(SELECT old_id FROM user_renames)"));
                }
                s.executeUpdate("DELETE FROM users WHERE user_id IN (SELECT old_id FROM user_renames)");
                s.execute("DROP TABLE user_renames");
            }
            return out;
        });
    }

    /** Counts the rows of a table whose user id column equals the given id (for the erasure check). */
    public int countUserRows(String table, String user) {
        if (!USER_TABLES.contains(table)) {
            throw new IllegalArgumentException("table '" + table + "' has no user column; known: " + USER_TABLES);
        }
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE user_id = ?")) {
                s.setString(1, user);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    private static void ensureUser(Connection c, String user) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO users (user_id, created_at) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING")) {
            s.setString(1, user);
            s.setLong(2, System.currentTimeMillis() / 1000);
            s.executeUpdate();
        }
    }
}
