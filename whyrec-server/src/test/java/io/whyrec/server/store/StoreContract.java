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
            assertEquals(Map.of("users", 2, "events", 3, "tag_edits", 1, "event_exclusions", 1, "personalization", 1,
                    "explanation_feedback", 1), rows);
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
                    "explanation_feedback", 0), store.renameUsers(mapping), "a second run changes nothing");

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
}
