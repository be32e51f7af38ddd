package io.whyrec.server.store;

import io.whyrec.api.Item;
import io.whyrec.server.testing.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.whyrec.server.feedback.ExplanationIds;
import io.whyrec.server.feedback.Feedback;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store suite every backend must pass: idempotent ingestion, unknown items, edits that persist across
 * re-opening, erasure. {@link StoreTest} runs it on SQLite, {@link PostgresStoreTest} on PostgreSQL.
 */
abstract class StoreContract {

    @TempDir
    Path dir;

    Backend backend;

    /** The database of this suite, for a data directory. */
    abstract Backend backend(Path dir);

    /** Makes the database's disk (nearly) full for the connection's next writes: they fail with an I/O error. */
    abstract void fillTheDisk(Database db);

    /** Gives the database its room back. */
    abstract void freeTheDisk(Database db);

    @BeforeEach
    void create() {
        backend = backend(dir);
    }

    @AfterEach
    void drop() {
        if (backend != null) {
            backend.drop();
        }
    }

    static StoredEvent ev(String id, String user, String item, long ts) {
        return new StoredEvent(id, user, item, ts, "rating", 4, 0);
    }

    @Test
    void ingestionIsIdempotentByEventIdAndCreatesUnknownItems() {
        try (Database db = backend.open()) {
            Store store = new Store(db);
            store.upsertItems(List.of(new Item("m1", "Alien", "", List.of("Sci-Fi", "Horror"))));
            Store.Ingested first = store.insertEvents(List.of(ev("e1", "u1", "m1", 10), ev("e2", "u1", "m2", 20),
                    ev("e1", "u1", "m1", 10)), Set.of("m1"));
            assertEquals(2, first.stored().size());
            assertEquals(1, first.duplicates(), "e1 twice in one batch");
            assertEquals(List.of("m2"), first.newItems());
            Store.Ingested again = store.insertEvents(List.of(ev("e2", "u1", "m2", 20)), Set.of("m1", "m2"));
            assertEquals(0, again.stored().size());
            assertEquals(1, again.duplicates());
            List<StoredEvent> all = new ArrayList<>();
            store.forEachEvent(all::add);
            all.sort(java.util.Comparator.comparing(StoredEvent::eventId));
            assertEquals(2, all.size());
            assertTrue(all.get(0).seq() < all.get(1).seq());
            List<Item> items = store.loadItems();
            assertEquals(List.of("m1", "m2"), items.stream().map(Item::id).toList());
            assertEquals(List.of("Sci-Fi", "Horror"), items.get(0).tags());
            assertEquals("m2", items.get(1).title(), "an unknown item is titled by its id");
        }
    }

    @Test
    void editsPersistAndErasureLeavesNoRow() {
        try (Database db = backend.open()) {
            Store store = new Store(db);
            store.insertEvents(List.of(ev("e1", "u1", "m1", 10), ev("e2", "u2", "m1", 10)), Set.of());
            store.setTagEdit("u1", "Drama", TagAction.MUTED);
            store.setTagEdit("u1", "Drama", TagAction.DELETED);
            store.setPersonalization("u1", false);
        }
        try (Database db = backend.open()) {
            Store store = new Store(db);
            assertEquals(Map.of("u1", Map.of("Drama", TagAction.DELETED)), store.loadTagEdits());
            assertEquals(Map.of("u1", false), store.loadPersonalization());
            assertFalse(store.deleteEvent("u1", "e2"), "e2 belongs to u2");
            Map<String, Integer> erased = store.eraseUser("u1");
            assertEquals(1, erased.get("events"));
            for (String table : Store.USER_TABLES) {
                assertEquals(0, store.countUserRows(table, "u1"), table);
            }
            assertEquals(1, store.countUserRows("events", "u2"));
        }
    }

    /**
     * (issue 12 item 4) An explanation answer is stored with what its id says, a second answer to the same id
     * replaces the first, answers survive reopening, and erasing the user deletes them.
     */
    @Test
    void feedbackIsStoredReplacedOnASecondAnswerAndErasedWithTheUser() {
        ExplanationIds.Issued x = new ExplanationIds.Issued("ease", 3, "exact", "template", "zh", "reasons-5");
        try (Database db = backend.open()) {
            Store store = new Store(db);
            store.insertEvents(List.of(ev("e1", "u1", "m1", 10), ev("e2", "u2", "m1", 11)), Set.of());
            store.saveFeedback(new Feedback("u1", "m1", "id-1", true, "named my films", x, 100));
            store.saveFeedback(new Feedback("u1", "m1", "id-1", false, null, x, 101));
            store.saveFeedback(new Feedback("u1", "m2", "id-2", true, null, x, 102));
            store.saveFeedback(new Feedback("u2", "m1", "id-1", true, null, x, 103));
        }
        try (Database db = backend.open()) {
            Store store = new Store(db);
            List<Feedback> all = store.loadFeedback();
            assertEquals(List.of(new Feedback("u1", "m1", "id-1", false, null, x, 101),
                    new Feedback("u1", "m2", "id-2", true, null, x, 102),
                    new Feedback("u2", "m1", "id-1", true, null, x, 103)), all, "the second answer to id-1 replaced "
                    + "the first, and every field reads back");
            Map<String, Integer> erased = store.eraseUser("u1");
            assertEquals(2, erased.get("explanation_feedback"));
            assertEquals(0, store.countUserRows("explanation_feedback", "u1"));
            assertEquals(List.of(new Feedback("u2", "m1", "id-1", true, null, x, 103)), store.loadFeedback());
        }
    }

    @Test
    void aLargeBatchIsStoredInOneTransactionWithArrivalOrder() {
        try (Database db = backend.open()) {
            Store store = new Store(db);
            List<StoredEvent> batch = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                batch.add(ev("b" + i, "u" + (i % 7), "m" + (i % 13), 1000 + i));
            }
            batch.add(ev("b5", "u5", "m5", 1005));
            Store.Ingested r = store.insertEvents(batch, Set.of());
            assertEquals(1200, r.stored().size());
            assertEquals(1, r.duplicates(), "b5 twice");
            assertEquals(13, r.newItems().size());
            assertEquals(1200, store.countEvents());
            for (int i = 1; i < r.stored().size(); i++) {
                assertTrue(r.stored().get(i - 1).seq() < r.stored().get(i).seq(), "arrival numbers increase");
            }
            Store.Ingested again = store.insertEvents(batch.subList(0, 10), Set.of());
            assertEquals(0, again.stored().size());
            assertEquals(10, again.duplicates());
        }
    }

    @Test
    void idsAndTypesUpTo200CharactersAreStoredAndLongerOnesRefusedByTheSchema() {
        try (Database db = backend.open()) {
            Store store = new Store(db);
            String type = "t".repeat(200); // PostgreSQL's VARCHAR(50) refused 51 to 200 characters before V4.1
            String user = "u".repeat(200);
            store.insertEvents(List.of(new StoredEvent("e1", user, "m1", 10, type, 1, 0)), Set.of());
            List<StoredEvent> all = new ArrayList<>();
            store.forEachEvent(all::add);
            assertEquals(type, all.get(0).type());
            assertEquals(user, all.get(0).user());
            for (StoredEvent bad : List.of(new StoredEvent("e2", "u1", "m1", 10, "t".repeat(201), 1, 0),
                    new StoredEvent("e" + "x".repeat(200), "u1", "m1", 10, "view", 1, 0),
                    new StoredEvent("e3", "u1", "m" + "x".repeat(200), 10, "view", 1, 0))) {
                org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                        () -> store.insertEvents(List.of(bad), Set.of()), "the schema refuses " + bad);
            }
            assertEquals(1, store.countEvents(), "a refused batch stores nothing");
        }
    }

    /**
     * A key rotation's rename: every row of u1 and u2 moves to its new id in one transaction (the foreign keys,
     * which PostgreSQL enforces, hold), u3 is left alone, a second run changes nothing, and a rename onto a stored
     * id fails and leaves everything as it was.
     */
    @Test
    void renameUsersMovesEveryRowInOneTransaction() {
        try (Database db = backend.open()) {
            Store store = new Store(db);
            store.insertEvents(List.of(ev("e1", "u1", "m1", 10), ev("e2", "u1", "m2", 20), ev("e3", "u2", "m1", 30),
                    ev("e4", "u3", "m2", 40)), Set.of());
            store.setTagEdit("u1", "Drama", TagAction.MUTED);
            store.setEventExcluded("u2", "e3", true);
            store.setPersonalization("u1", false);
            store.saveFeedback(new Feedback("u2", "m1", "id-1", true, "named my films",
                    new ExplanationIds.Issued("ease", 1, "exact", "template", "en", "reasons-2"), 100));
            Map<String, String> mapping = Map.of("u1", "n1", "u2", "n2", "absent", "n9");
            Map<String, Integer> rows = store.renameUsers(mapping);
            // user_changes: the change-log rows of the tag edit, the exclusion and the switch
            assertEquals(Map.of("users", 2, "events", 3, "tag_edits", 1, "event_exclusions", 1, "personalization", 1,
                    "explanation_feedback", 1, "user_changes", 3), rows);
            assertEquals(Set.of("n1", "n2", "u3"), store.storedUserIds());
            for (String table : Store.USER_TABLES) {
                assertEquals(0, store.countUserRows(table, "u1") + store.countUserRows(table, "u2"), table);
            }
            assertEquals(2, store.countUserRows("events", "n1"));
            assertEquals(Map.of("n1", Map.of("Drama", TagAction.MUTED)), store.loadTagEdits());
            assertEquals(Map.of("n2", List.of("e3")), store.loadExclusions());
            assertEquals(Map.of("n1", false), store.loadPersonalization());
            assertEquals("n2", store.loadFeedback().get(0).user(), "the feedback moves with its user");
            assertEquals(Map.of("users", 0, "events", 0, "tag_edits", 0, "event_exclusions", 0, "personalization", 0,
                    "explanation_feedback", 0, "user_changes", 0), store.renameUsers(mapping),
                    "a second run changes nothing");

            RuntimeException clash = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> store.renameUsers(Map.of("n1", "x1", "u3", "n2")));
            assertTrue(clash.getMessage() != null, "the store names the failure");
            assertEquals(Set.of("n1", "n2", "u3"), store.storedUserIds(), "the failed rename left nothing");
            assertEquals(2, store.countUserRows("events", "n1"));
            // and the store works on after the rolled-back transaction
            store.insertEvents(List.of(ev("e5", "n1", "m1", 50)), Set.of("m1", "m2"));
            assertEquals(3, store.countUserRows("events", "n1"));
        }
    }

    /** A seeded synthetic dataset of about 45,000 events: three seeding chunks, the last one partial. */
    static io.whyrec.core.data.Dataset seedable() {
        return io.whyrec.core.synth.SyntheticData.generate(
                io.whyrec.core.synth.SyntheticConfig.DEFAULT.withSize(1_125, 800), 11).dataset();
    }

    /** Thrown by the progress callback: the server is killed right after a seeding transaction committed. */
    static final class Killed extends RuntimeException {
        Killed() {
            super("killed");
        }
    }

    /** The stored events' ids and every arrival number, checked unique. */
    private static Set<String> storedIds(Store store) {
        Set<String> ids = new java.util.HashSet<>();
        Set<Long> seqs = new java.util.HashSet<>();
        store.forEachEvent(e -> {
            assertTrue(ids.add(e.eventId()), "event " + e.eventId() + " stored once");
            assertTrue(seqs.add(e.seq()), "arrival number " + e.seq() + " given once");
        });
        return ids;
    }

    private static Set<String> seededIds(int n) {
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            ids.add(DatasetSeed.eventId(i));
        }
        return ids;
    }

    /**
     * (issue 11) A seeding killed after any of its transactions is resumed by the next start at the first event
     * not stored, and ends with exactly the file's events, each once; until then the state says it is incomplete.
     */
    @Test
    void aSeedingKilledAfterAnyTransactionResumesAndCompletes() throws Exception {
        io.whyrec.core.data.Dataset data = seedable();
        int n = data.numEvents();
        assertTrue(n > 2 * DatasetSeed.CHUNK && n < 3 * DatasetSeed.CHUNK, "three chunks: " + n);
        for (int killAfter = 1; killAfter <= 2; killAfter++) {
            // a data directory and an empty store of its own (SQLite file or PostgreSQL schema)
            Path d = dir.resolve("kill-" + killAfter);
            io.whyrec.core.data.DatasetFile.write(d.resolve(DatasetSeed.FILE), data);
            backend.drop();
            backend = backend(d);
            try (Database db = backend.open()) {
                Store store = new Store(db);
                int k = killAfter;
                int[] commits = {0};
                assertThrows(Killed.class, () -> DatasetSeed.seedIfEmpty(store, d, (task, done, total) -> {
                    if (++commits[0] == k) {
                        throw new Killed();
                    }
                }));
                Store.SeedState state = store.seedState().orElseThrow();
                assertFalse(state.complete(), "incomplete after " + k + " of 3 transactions");
                assertEquals((long) k * DatasetSeed.CHUNK, state.nextEvent());
                assertEquals(state.nextEvent(), store.countEvents(), "the state names exactly what is stored");
            }
            try (Database db = backend.open()) {
                Store store = new Store(db);
                DatasetSeed.Seeded s = DatasetSeed.seedIfEmpty(store, d);
                assertEquals((long) killAfter * DatasetSeed.CHUNK, s.resumedAt());
                assertEquals(n - s.resumedAt(), s.events());
                assertEquals(seededIds(n), storedIds(store), "every event of the file, once");
                assertTrue(store.seedState().orElseThrow().complete());
                assertEquals(null, DatasetSeed.seedIfEmpty(store, d), "a complete seeding is not run again");
            }
        }
    }

    /** (issue 11) An interrupted seeding whose file changed or is gone is refused with what to do, not served. */
    @Test
    void anInterruptedSeedingOfAChangedOrMissingFileIsRefused() throws Exception {
        io.whyrec.core.data.Dataset data = seedable();
        Path file = dir.resolve(DatasetSeed.FILE);
        io.whyrec.core.data.DatasetFile.write(file, data);
        try (Database db = backend.open()) {
            Store store = new Store(db);
            assertThrows(Killed.class, () -> DatasetSeed.seedIfEmpty(store, dir, (task, done, total) -> {
                throw new Killed();
            }));
            io.whyrec.core.data.DatasetFile.write(file, io.whyrec.core.synth.SyntheticData.generate(
                    io.whyrec.core.synth.SyntheticConfig.DEFAULT.withSize(1_125, 800), 12).dataset());
            StoreException changed = assertThrows(StoreException.class, () -> DatasetSeed.seedIfEmpty(store, dir));
            assertTrue(changed.getMessage().contains("interrupted seeding from " + file + " (20000 of "
                    + data.numEvents() + " events stored), and the file has changed since"), changed.getMessage());
            java.nio.file.Files.delete(file);
            StoreException gone = assertThrows(StoreException.class, () -> DatasetSeed.seedIfEmpty(store, dir));
            assertTrue(gone.getMessage().contains("and the file is gone"), gone.getMessage());
            io.whyrec.core.data.DatasetFile.write(file, data);
            assertEquals(20_000, DatasetSeed.seedIfEmpty(store, dir).resumedAt(), "the same file again: resumed");
            assertEquals(data.numEvents(), store.countEvents());
        }
    }

    /**
     * (issue 11) A store an earlier version seeded, without a recorded state: the first two chunks alone (what a
     * killed seeding left) are completed; a complete seeding with an event deleted since is adopted as it is.
     */
    @Test
    void aStoreSeededByAnEarlierVersionIsResumedOrAdopted() throws Exception {
        io.whyrec.core.data.Dataset data = seedable();
        int n = data.numEvents();
        io.whyrec.core.data.DatasetFile.write(dir.resolve(DatasetSeed.FILE), data);
        try (Database db = backend.open()) {
            Store store = new Store(db);
            assertThrows(Killed.class, () -> DatasetSeed.seedIfEmpty(store, dir, (task, done, total) -> {
                if (done == 2L * DatasetSeed.CHUNK) {
                    throw new Killed();
                }
            }));
            forgetSeedState(db);
            assertEquals(40_000, DatasetSeed.seedIfEmpty(store, dir).resumedAt(), "the partial seeding is finished");
            assertEquals(seededIds(n), storedIds(store));
            assertTrue(store.deleteEvent(userOf(store, "ds:7"), "ds:7"));
            forgetSeedState(db);
            assertEquals(null, DatasetSeed.seedIfEmpty(store, dir), "a complete store is adopted, not seeded");
            assertFalse(storedIds(store).contains("ds:7"), "the deleted event stays deleted");
            assertTrue(store.seedState().orElseThrow().complete());
        }
    }

    private static void forgetSeedState(Database db) {
        db.inTransaction(c -> {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("DELETE FROM seed_state");
            }
            return null;
        });
    }

    private static String userOf(Store store, String eventId) {
        String[] user = {null};
        store.forEachEvent(e -> {
            if (e.eventId().equals(eventId)) {
                user[0] = e.user();
            }
        });
        return user[0];
    }

    /**
     * (issue 11) Batches that fail on a full disk store nothing, every acknowledged batch stays stored, arrival
     * numbers stay unique, and the in-memory state (every user's history, the item counts, the catalogue) equals
     * the database's rows afterwards. Of 60 batches of 100 events, the first 10 go to a free disk, then the disk
     * is full except for every third batch.
     */
    @Test
    void batchesFailingOnAFullDiskLeaveNothingAndMemoryEqualsTheDatabase() throws Exception {
        List<String> acked = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        try (Database db = backend.open()) {
            Store store = new Store(db);
            io.whyrec.server.live.LiveEngine engine = new io.whyrec.server.live.LiveEngine(store,
                    io.whyrec.core.model.ProfileModel.Config.DEFAULT);
            java.util.SplittableRandom random = new java.util.SplittableRandom(5);
            String pad = "-".repeat(120);
            for (int b = 0; b < 60; b++) {
                List<StoredEvent> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    batch.add(ev("b" + b + "-" + i + pad, "u" + random.nextInt(20), "m" + random.nextInt(300),
                            1_000 + random.nextInt(1_000)));
                }
                if (b >= 10 && b % 3 != 0) {
                    fillTheDisk(db);
                } else {
                    freeTheDisk(db);
                }
                List<String> ids = batch.stream().map(StoredEvent::eventId).toList();
                try {
                    engine.ingest(batch);
                    acked.addAll(ids);
                } catch (RuntimeException e) {
                    failed.addAll(ids);
                }
            }
            freeTheDisk(db);
            assertTrue(failed.size() >= 2_000 && acked.size() >= 1_500, acked.size() + " acknowledged, "
                    + failed.size() + " failed");

            Map<String, Set<String>> rows = new java.util.TreeMap<>();
            Map<String, Long> itemRows = new java.util.TreeMap<>();
            Set<Long> seqs = new java.util.HashSet<>();
            int[] n = {0};
            try (java.sql.Connection c = backend.connect(); java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT event_id, user_id, item_id, seq FROM events")) {
                while (rs.next()) {
                    rows.computeIfAbsent(rs.getString(2), k -> new java.util.TreeSet<>())
                            .add(rs.getString(1) + "@" + rs.getLong(4));
                    itemRows.merge(rs.getString(3), 1L, Long::sum);
                    assertTrue(seqs.add(rs.getLong(4)), "seq " + rs.getLong(4) + " is unique");
                    n[0]++;
                }
            }
            Set<String> stored = new java.util.HashSet<>();
            rows.values().forEach(r -> r.forEach(e -> stored.add(e.substring(0, e.lastIndexOf('@')))));
            List<String> lost = acked.stream().filter(id -> !stored.contains(id)).toList();
            List<String> leaked = failed.stream().filter(stored::contains).toList();
            assertEquals(List.of(), lost, "acknowledged events lost");
            assertEquals(List.of(), leaked, "events of failed batches stored");

            Map<String, Set<String>> memory = new java.util.TreeMap<>();
            for (io.whyrec.server.live.UserState u : engine.users()) {
                Set<String> evs = new java.util.TreeSet<>();
                u.events().forEach(e -> evs.add(e.eventId() + "@" + e.seq()));
                if (!evs.isEmpty()) {
                    memory.put(u.user(), evs);
                }
            }
            assertEquals(rows, memory, "every user's history in memory equals the database's rows");
            assertEquals(n[0], engine.numEvents());
            itemRows.forEach((item, count) -> assertEquals((long) count, engine.itemCount(item), item));
            Set<String> catalogue = new java.util.HashSet<>(engine.catalog().catalog().items().ids());
            assertEquals(new java.util.HashSet<>(store.loadItems().stream().map(Item::id).toList()), catalogue,
                    "the catalogue in memory equals the items table");
            // the store keeps working on the same connection once the disk has room again
            engine.ingest(List.of(ev("after", "u1", "m1", 5_000)));
            assertTrue(store.hasEvent("after"));
        }
        try (Database db = backend.open()) {
            Store store = new Store(db);
            assertEquals(acked.size() + 1, store.countEvents(), "after re-opening: the acknowledged events only");
        }
    }

    /**
     * (issue 11) A store of an earlier version where a failed batch had left two events with one arrival number:
     * the migration to V4.13 renumbers all but the first of each number (by event id) after the largest, and the
     * unique index refuses a duplicate from then on.
     */
    @Test
    void duplicateArrivalNumbersOfAnEarlierVersionAreRenumberedByTheMigration() throws Exception {
        String url = backend.configure(io.whyrec.server.ServerConfig.defaults("127.0.0.1", 0, dir)).jdbcUrl();
        if (url == null) {
            java.nio.file.Files.createDirectories(dir);
            url = "jdbc:sqlite:" + dir.resolve(Database.SQLITE_FILE);
        }
        org.flywaydb.core.Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration")
                .javaMigrations(new IdLengthMigration(), new UniqueSeqMigration()).target("4.12").load().migrate();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (user_id, created_at) VALUES ('u', 1)");
            s.execute("INSERT INTO items (item_id, title, seq) VALUES ('m', 'm', 1)");
            String[][] rows = {{"e1", "1"}, {"e2", "2"}, {"e4", "2"}, {"e3", "2"}, {"e5", "3"}};
            for (String[] r : rows) {
                s.execute("INSERT INTO events (event_id, user_id, item_id, ts, event_type, event_value, seq) VALUES ('"
                        + r[0] + "', 'u', 'm', 10, 'view', 1, " + r[1] + ")");
            }
        }
        try (Database db = backend.open()) {
            assertEquals(4, db.appliedMigrations(), "V4.13, V5.1 (explanation feedback), V6.1 (encryption at rest, "
                    + "which on SQLite rebuilds the events table with these rows) and V7.1 (the change log)");
            Store store = new Store(db);
            Map<String, Long> seq = new java.util.TreeMap<>();
            store.forEachEvent(e -> seq.put(e.eventId(), e.seq()));
            // e2 keeps 2; e3 and e4 (in id order) follow the largest number, 3
            assertEquals(Map.of("e1", 1L, "e2", 2L, "e3", 4L, "e4", 5L, "e5", 3L), seq);
            assertEquals(6, store.insertEvents(List.of(ev("e6", "u", "m", 11)), Set.of("m")).stored().get(0).seq());
            assertThrows(StoreException.class, () -> db.inTransaction(c -> {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("INSERT INTO events (event_id, user_id, item_id, ts, event_type, event_value, seq) "
                            + "VALUES ('e7', 'u', 'm', 12, 'view', 1, 6)");
                }
                return null;
            }), "a second event with arrival number 6");
        }
    }
}
