package io.whyrec.server.store;

import io.whyrec.api.Item;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SQLite store: Flyway migration, WAL durability settings, idempotent ingestion, edits and erasure. */
class StoreTest {

    @TempDir
    Path dir;

    private static StoredEvent ev(String id, String user, String item, long ts) {
        return new StoredEvent(id, user, item, ts, "rating", 4, 0);
    }

    @Test
    void migratesOnceAndUsesWalWithFullSync() throws Exception {
        try (Database db = Database.openSqlite(dir)) {
            assertEquals(1, db.appliedMigrations(), "V1 applied on an empty directory");
            String mode = db.inTransaction(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertEquals("wal", mode);
            int sync = db.inTransaction(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(2, sync, "synchronous=FULL is 2");
        }
        try (Database db = Database.openSqlite(dir)) {
            assertEquals(0, db.appliedMigrations(), "nothing to apply the second time");
        }
    }

    @Test
    void ingestionIsIdempotentByEventIdAndCreatesUnknownItems() {
        try (Database db = Database.openSqlite(dir)) {
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
        try (Database db = Database.openSqlite(dir)) {
            Store store = new Store(db);
            store.insertEvents(List.of(ev("e1", "u1", "m1", 10), ev("e2", "u2", "m1", 10)), Set.of());
            store.setTagEdit("u1", "Drama", TagAction.MUTED);
            store.setTagEdit("u1", "Drama", TagAction.DELETED);
            store.setPersonalization("u1", false);
        }
        try (Database db = Database.openSqlite(dir)) {
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
}
