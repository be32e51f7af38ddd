package io.whyrec.server.store;

import io.whyrec.api.Item;
import io.whyrec.server.feedback.ExplanationIds;
import io.whyrec.server.feedback.Feedback;
import io.whyrec.server.crypto.EncryptionException;
import io.whyrec.server.crypto.KeyProvider;
import io.whyrec.server.crypto.LocalKeyProvider;
import io.whyrec.server.testing.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The encryption-at-rest contract of the store on every backend: what is written sealed reads back the same after
 * a restart with the key; the database holds none of the payloads' text; no key, a wrong key, a tampered or moved
 * payload, and a key on a plaintext store holding data each give a one-line error; erasure still erases.
 * {@link EncryptionTest} runs it on SQLite, {@link PostgresEncryptionTest} on PostgreSQL.
 */
abstract class EncryptionContract {

    static final String KEY_A = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    static final String KEY_B = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    /** Distinctive texts that only the sealed payloads carry. */
    static final String ITEM = "film-zq81x";
    static final String TYPE = "watched-kv72q";
    static final String TAG = "tag-noir-pw55t";
    static final String REASON = "reason-mj40c";

    @TempDir
    Path dir;

    Backend backend;

    /** The database of this suite, for a data directory. */
    abstract Backend backend(Path dir);

    /**
     * How many times a text occurs in the database's raw storage outside the catalogue tables (SQLite: the bytes
     * of the database and WAL files, counted with the store closed; PostgreSQL: every text and bytea column of every
     * table, as a substring), for a store whose every connection is closed.
     */
    abstract long rawMentions(String text) throws Exception;

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

    static KeyProvider key(String hex, String where) {
        return LocalKeyProvider.ofHex(hex, where);
    }

    static final ExplanationIds.Issued ISSUED = new ExplanationIds.Issued("ease", 3, "exact", "template", "en", "b");

    static List<StoredEvent> events() {
        List<StoredEvent> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(new StoredEvent("e" + i, i < 3 ? "u1" : "u2", i % 2 == 0 ? ITEM : "m2", 1_000 + i, TYPE,
                    0.5 + i, 0));
        }
        return out;
    }

    /** Writes the events, tag edits and answers of the contract into a store. */
    static void write(Store store) {
        store.upsertItems(List.of(new Item(ITEM, "Alien", "", List.of("Sci-Fi")),
                new Item("m2", "Heat", "", List.of("Crime"))));
        store.insertEvents(events(), Set.of(ITEM, "m2"));
        store.setTagEdit("u1", TAG, TagAction.MUTED);
        store.setTagEdit("u1", "Crime", TagAction.DELETED);
        store.setTagEdit("u1", TAG, TagAction.DELETED);
        store.setTagEdit("u2", TAG, TagAction.MUTED);
        store.setTagEdit("u2", "Drama", TagAction.MUTED);
        store.clearTagEdit("u2", "Drama");
        store.saveFeedback(new Feedback("u1", ITEM, "x-1", true, REASON, ISSUED, 100));
        store.saveFeedback(new Feedback("u2", "m2", "x-2", false, null, ISSUED, 101));
    }

    static List<StoredEvent> loaded(Store store) {
        List<StoredEvent> out = new ArrayList<>();
        store.forEachEvent(out::add);
        out.sort(Comparator.comparingLong(StoredEvent::seq));
        return out;
    }

    private void withStore(KeyProvider keys, java.util.function.Consumer<Store> work) {
        try (Database db = backend.open()) {
            work.accept(new Store(db, keys));
        }
    }

    @Test
    void whatIsWrittenSealedReadsBackTheSameAfterARestartWithTheKey() {
        withStore(key(KEY_A, "a.key"), store -> {
            assertTrue(store.encrypted());
            write(store);
        });
        List<List<Object>> plain = new ArrayList<>();
        try (Database db = backend.open()) {
            Store store = new Store(db, key(KEY_A, "a.key"));
            assertTrue(store.encrypted());
            assertEquals(LocalKeyProvider.ofHex(KEY_A, "x").fingerprint(), store.keyId());
            List<StoredEvent> got = loaded(store);
            assertEquals(5, got.size());
            for (int i = 0; i < 5; i++) {
                StoredEvent want = events().get(i);
                StoredEvent e = got.get(i);
                assertEquals(List.of(want.eventId(), want.user(), want.item(), want.ts(), want.type(), want.value()),
                        List.of(e.eventId(), e.user(), e.item(), e.ts(), e.type(), e.value()));
                plain.add(List.of(e.eventId(), e.seq()));
            }
            assertEquals(got, store.eventsAfter(0), "the change feed reads the same events");
            assertEquals(Map.of("u1", Map.of("Crime", TagAction.DELETED, TAG, TagAction.DELETED),
                    "u2", Map.of(TAG, TagAction.MUTED)), store.loadTagEdits());
            assertEquals(List.of("Crime", TAG), List.copyOf(store.loadTagEdits().get("u1").keySet()),
                    "tags in tag order, as a plaintext store gives them");
            assertEquals(List.of(new Feedback("u1", ITEM, "x-1", true, REASON, ISSUED, 100),
                    new Feedback("u2", "m2", "x-2", false, null, ISSUED, 101)), store.loadFeedback());
            assertTrue(store.clearTagEdit("u1", "Crime"), "a sealed edit is found by its tag");
            assertEquals(Map.of(TAG, TagAction.DELETED), store.loadTagEdits().get("u1"));
            assertEquals(6, store.insertEvents(List.of(new StoredEvent("e5", "u1", "m2", 7, "view", 1, 0)),
                    Set.of("m2")).stored().get(0).seq(), "arrival numbers go on after a restart");
        }
    }

    @Test
    void theDatabaseHoldsNoneOfThePayloadsText() throws Exception {
        withStore(key(KEY_A, "a.key"), EncryptionContract::write);
        for (String text : List.of(TYPE, TAG, REASON)) {
            assertEquals(0, rawMentions(text), text + " is only in sealed payloads");
        }
        assertEquals(0, backend.rowsMentioning(TAG));
        try (Connection c = backend.connect(); Statement s = c.createStatement()) {
            assertEquals(0, count(s, "SELECT COUNT(*) FROM events WHERE item_id IS NOT NULL OR ts <> 0 "
                    + "OR event_type <> '' OR event_value <> 0 OR sealed IS NULL"), "events keep no payload in the clear");
            assertEquals(0, count(s, "SELECT COUNT(*) FROM explanation_feedback WHERE item_id <> '' OR reason IS NOT "
                    + "NULL OR model <> '' OR created_at <> 0 OR sealed IS NULL"));
            assertEquals(0, count(s, "SELECT COUNT(*) FROM tag_edits WHERE action <> 'muted' OR updated_at <> 0 "
                    + "OR sealed IS NULL"), "the real action is sealed");
            assertEquals(1, count(s, "SELECT COUNT(*) FROM store_meta"));
        }
        // the item id is in the catalogue (items and item_tags) and in the change-log row of its upsert, which are
        // not user data, and in no event or answer
        assertEquals(3, backend.rowsMentioning(ITEM), "only the catalogue and its change log name the item");
    }

    @Test
    void aPlaintextStoreShowsThePayloadsWhichIsWhatTheCheckWouldFind() throws Exception {
        withStore(null, store -> {
            assertFalse(store.encrypted());
            assertNull(store.keyId());
            write(store);
        });
        assertTrue(rawMentions(TYPE) > 0 && rawMentions(REASON) > 0 && rawMentions(TAG) > 0);
        assertEquals(7, backend.rowsMentioning(ITEM), "items, item_tags, the change log, three events and one answer");
    }

    @Test
    void aStoreEncryptedUnderOneKeyRefusesNoKeyAndAnotherKey() {
        withStore(key(KEY_A, "a.key"), EncryptionContract::write);
        String fpA = LocalKeyProvider.ofHex(KEY_A, "x").fingerprint();
        String fpB = LocalKeyProvider.ofHex(KEY_B, "x").fingerprint();
        try (Database db = backend.open()) {
            EncryptionException none = assertThrows(EncryptionException.class, () -> new Store(db));
            assertTrue(none.getMessage().contains("is encrypted (key fingerprint " + fpA + ")")
                    && none.getMessage().contains("--encryption-key FILE"), none.getMessage());
            EncryptionException wrong = assertThrows(EncryptionException.class,
                    () -> new Store(db, key(KEY_B, "/keys/b.key")));
            assertTrue(wrong.getMessage().contains("/keys/b.key") && wrong.getMessage().contains(fpA)
                    && wrong.getMessage().contains(fpB), wrong.getMessage());
            for (String m : List.of(none.getMessage(), wrong.getMessage())) {
                assertFalse(m.contains("\n") || m.contains(KEY_A) || m.contains(KEY_B), m);
            }
            assertEquals(5, new Store(db, key(KEY_A, "a.key")).countEvents(), "the right key still opens it");
        }
    }

    @Test
    void aProviderWhoseCurrentKeyIsNewerIsRefusedSinceRotationIsNotImplemented() {
        withStore(key(KEY_A, "a.key"), EncryptionContract::write);
        LocalKeyProvider a = LocalKeyProvider.ofHex(KEY_A, "kms");
        LocalKeyProvider b = LocalKeyProvider.ofHex(KEY_B, "kms");
        KeyProvider rotated = new KeyProvider() {
            @Override
            public String currentKeyId() {
                return b.currentKeyId();
            }

            @Override
            public javax.crypto.SecretKey key(String keyId) {
                return keyId.equals(a.currentKeyId()) ? a.key(keyId) : b.key(keyId);
            }
        };
        try (Database db = backend.open()) {
            EncryptionException e = assertThrows(EncryptionException.class, () -> new Store(db, rotated));
            assertTrue(e.getMessage().contains("is encrypted under the key " + a.currentKeyId())
                    && e.getMessage().contains("not implemented"), e.getMessage());
        }
    }

    @Test
    void aPlaintextStoreWithDataRefusesAKeyAndAnEmptyOneBecomesEncrypted() {
        withStore(null, store -> store.insertEvents(List.of(events().get(0)), Set.of()));
        try (Database db = backend.open()) {
            EncryptionException e = assertThrows(EncryptionException.class, () -> new Store(db, key(KEY_A, "a.key")));
            assertTrue(e.getMessage().contains("not encrypted") && e.getMessage().contains("in place")
                    && e.getMessage().contains("a.key"), e.getMessage());
            Store plain = new Store(db);
            assertEquals(1, plain.countEvents(), "the refusal changed nothing");
            assertEquals(1, plain.eraseUser("u1").get("events"));
            assertEquals(0, plain.countEvents());
            assertTrue(new Store(db, key(KEY_A, "a.key")).encrypted(), "an empty store takes the key");
            assertThrows(EncryptionException.class, () -> new Store(db));
        }
    }

    @Test
    void aChangedOrMovedPayloadIsAnErrorNamingTheRowNeverGarbage() throws SQLException {
        withStore(key(KEY_A, "a.key"), EncryptionContract::write);
        byte[] e0;
        try (Connection c = backend.connect()) {
            e0 = sealedOf(c, "e0");
            byte[] flipped = e0.clone();
            flipped[flipped.length - 5] ^= 1;
            setSealed(c, "e1", flipped);
        }
        assertLoadFails("events|u1|e1: the encrypted value does not authenticate");
        try (Connection c = backend.connect()) {
            setSealed(c, "e1", e0);
        }
        assertLoadFails("events|u1|e1: the encrypted value does not authenticate");
        try (Connection c = backend.connect()) {
            setSealed(c, "e1", null);
        }
        assertLoadFails("events|u1|e1: the row holds no sealed payload");
        try (Connection c = backend.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE explanation_feedback SET user_id = 'u2' WHERE user_id = 'u1'");
        }
        try (Database db = backend.open()) {
            EncryptionException e = assertThrows(EncryptionException.class,
                    () -> new Store(db, key(KEY_A, "a.key")).loadFeedback());
            assertTrue(e.getMessage().startsWith("explanation_feedback|u2|x-1: "), e.getMessage());
        }
    }

    @Test
    void erasureStillErasesAndRenamingIsRefused() {
        withStore(key(KEY_A, "a.key"), EncryptionContract::write);
        try (Database db = backend.open()) {
            Store store = new Store(db, key(KEY_A, "a.key"));
            Map<String, Integer> rows = store.eraseUser("u1");
            assertEquals(3, rows.get("events"));
            assertEquals(2, rows.get("tag_edits"));
            assertEquals(1, rows.get("explanation_feedback"));
            for (String table : Store.USER_TABLES) {
                assertEquals(0, store.countUserRows(table, "u1"), table);
            }
            assertEquals(List.of("u2", "u2"), loaded(store).stream().map(StoredEvent::user).toList());
            assertFalse(store.loadTagEdits().containsKey("u1"));
            EncryptionException e = assertThrows(EncryptionException.class,
                    () -> store.renameUsers(Map.of("u2", "u9")));
            assertTrue(e.getMessage().contains("not implemented"), e.getMessage());
        }
    }

    private void assertLoadFails(String start) {
        try (Database db = backend.open()) {
            Store store = new Store(db, key(KEY_A, "a.key"));
            EncryptionException e = assertThrows(EncryptionException.class, () -> loaded(store));
            assertTrue(e.getMessage().startsWith(start), e.getMessage());
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] sealedOf(Connection c, String eventId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT sealed FROM events WHERE event_id = ?")) {
            s.setString(1, eventId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }

    private static void setSealed(Connection c, String eventId, byte[] sealed) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE events SET sealed = ? WHERE event_id = ?")) {
            s.setBytes(1, sealed);
            s.setString(2, eventId);
            assertEquals(1, s.executeUpdate());
        }
    }
}
