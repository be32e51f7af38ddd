package io.whyrec.server.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.core.model.ProfileModel;
import io.whyrec.server.store.Database;
import io.whyrec.server.store.Store;
import io.whyrec.server.store.StoredEvent;
import io.whyrec.server.testing.Backend;
import io.whyrec.api.Item;
import io.whyrec.server.store.Change;
import io.whyrec.server.store.TagAction;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engines over one PostgreSQL schema, as two replicas are: each reads the other's events and change-log rows
 * through {@link LiveEngine#catchUp}, never applies its own twice, and the arrival numbers of both stay unique;
 * every kind of change (item upserts, tag edits, exclusions, the personalisation switch, event deletions,
 * erasures, refit announcements) made on one is in the other's state after its next catch-up, and an erasure leaves no row naming the
 * user. The PostgreSQL tests are skipped with a message when {@code $WHYREC_TEST_PG_URL} is unset; the pruning of
 * the change log runs on SQLite.
 */
class ChangeFeedTest {

    private static StoredEvent event(String id, String user, String item, long ts) {
        return new StoredEvent(id, user, item, ts, "view", 1.0, 0);
    }

    @Test
    void eachReplicaReadsTheOthersEventsOnce() {
        Backend pg = Backend.postgres();
        try (Database da = pg.open(); Database db = pg.open()) {
            LiveEngine a = new LiveEngine(new Store(da), ProfileModel.Config.DEFAULT);
            LiveEngine b = new LiveEngine(new Store(db), ProfileModel.Config.DEFAULT);
            a.ingest(List.of(event("e1", "alice", "i1", 10), event("e2", "alice", "i2", 11)));
            assertTrue(b.user("alice").isEmpty(), "b has not polled yet");
            assertEquals(2, b.catchUp().events());
            assertEquals(2, b.user("alice").orElseThrow().events().size());
            assertTrue(b.catalog().catalog().items().find("i2").isPresent(), "the new item reached b's catalogue");
            assertEquals(0, a.catchUp().events(), "a's own events are not applied again");
            assertEquals(2, a.numEvents());
            // writes on both sides, interleaved: every arrival number is given once
            b.ingest(List.of(event("e3", "alice", "i3", 12)));
            a.ingest(List.of(event("e4", "bob", "i1", 13)));
            b.ingest(List.of(event("e5", "bob", "i2", 14)));
            assertEquals(2, a.catchUp().events(), "a reads b's e3 and e5");
            assertEquals(1, b.catchUp().events());
            for (LiveEngine e : List.of(a, b)) {
                assertEquals(5, e.numEvents());
                assertEquals(3, e.user("alice").orElseThrow().events().size());
                assertEquals(2, e.user("bob").orElseThrow().events().size());
                assertEquals(2, e.itemCount("i1"));
            }
            Set<Long> seqs = new HashSet<>();
            new Store(da).forEachEvent(ev -> assertTrue(seqs.add(ev.seq()), "arrival number " + ev.seq() + " twice"));
            assertEquals(5, seqs.size());
        } finally {
            pg.drop();
        }
    }

    private static String title(LiveEngine e, String item) {
        var cat = e.catalog().catalog();
        return cat.title(cat.items().find(item).orElseThrow());
    }

    private static List<String> tags(LiveEngine e, String item) {
        var cat = e.catalog().catalog();
        return cat.item(cat.items().find(item).orElseThrow()).tags();
    }

    @Test
    void everyKindOfProfileAndItemChangeReachesTheOtherReplica() {
        Backend pg = Backend.postgres();
        try (Database da = pg.open(); Database db = pg.open()) {
            LiveEngine a = new LiveEngine(new Store(da), ProfileModel.Config.DEFAULT);
            LiveEngine b = new LiveEngine(new Store(db), ProfileModel.Config.DEFAULT);
            a.upsertItems(List.of(new Item("i1", "Film 1", "", List.of("Comedy")),
                    new Item("i2", "Film 2", "", List.of("Drama")), new Item("i3", "Film 3", "", List.of("Comedy"))));
            LiveEngine.CaughtUp up = b.catchUp();
            assertEquals(3, up.items(), "three upserted items reloaded");
            assertEquals("Film 2", title(b, "i2"));
            assertEquals(List.of("Drama"), tags(b, "i2"));
            a.ingest(List.of(event("e1", "alice", "i1", 10), event("e2", "alice", "i2", 11),
                    event("e3", "alice", "i3", 12)));
            assertEquals(3, b.catchUp().events());

            // an item's title and tags replaced on a: b's catalogue follows, under a new version
            long version = b.catalog().version();
            a.upsertItems(List.of(new Item("i2", "Film 2 (restored)", "", List.of("Drama", "Sci-Fi"))));
            assertEquals(1, b.catchUp().items());
            assertTrue(b.catalog().version() > version, "the catalogue snapshot was swapped");
            assertEquals("Film 2 (restored)", title(b, "i2"));
            assertEquals(List.of("Drama", "Sci-Fi"), tags(b, "i2"));

            // tag edits: mute, delete, clear
            a.editTag("alice", "Comedy", TagAction.MUTED);
            up = b.catchUp();
            assertEquals(Set.of("alice"), up.users());
            assertEquals(Map.of("Comedy", TagAction.MUTED), b.user("alice").orElseThrow().edits());
            a.editTag("alice", "Drama", TagAction.DELETED);
            b.catchUp();
            assertEquals(Map.of("Comedy", TagAction.MUTED, "Drama", TagAction.DELETED),
                    b.user("alice").orElseThrow().edits());
            a.editTag("alice", "Comedy", null);
            b.catchUp();
            assertEquals(Map.of("Drama", TagAction.DELETED), b.user("alice").orElseThrow().edits());

            // exclusion on and off, and the personalisation switch
            assertTrue(a.setExcluded("alice", "e1", true));
            b.catchUp();
            assertTrue(b.user("alice").orElseThrow().isExcluded("e1"));
            assertEquals(2, b.user("alice").orElseThrow().active().events().size());
            assertTrue(a.setExcluded("alice", "e1", false));
            b.catchUp();
            assertFalse(b.user("alice").orElseThrow().isExcluded("e1"));
            a.setPersonalized("alice", false);
            b.catchUp();
            assertFalse(b.user("alice").orElseThrow().personalized());

            // an event deleted on a leaves b's user, its item count and the event total
            long changes = b.changes();
            assertEquals(1, b.itemCount("i2"));
            assertTrue(a.deleteEvent("alice", "e2"));
            up = b.catchUp();
            assertEquals(Set.of("alice"), up.users());
            assertEquals(List.of("e1", "e3"), b.user("alice").orElseThrow().events().stream()
                    .map(StoredEvent::eventId).toList());
            assertEquals(0, b.itemCount("i2"));
            assertEquals(2, b.numEvents());
            assertTrue(b.changes() > changes, "a refit is due on b after the deletion");

            // a refit announced by a is named to b (which then refits its own), not to a
            a.announceRefit("ease");
            assertEquals(Set.of("ease"), b.catchUp().refits());

            // a's own rows are not applied again; a second catch-up of b finds nothing
            LiveEngine.CaughtUp own = a.catchUp();
            assertFalse(own.any(), own.toString());
            assertFalse(b.catchUp().any());
            for (LiveEngine e : List.of(a, b)) {
                UserState s = e.user("alice").orElseThrow();
                assertEquals(Map.of("Drama", TagAction.DELETED), s.edits());
                assertEquals(Set.of(), s.excluded());
                assertFalse(s.personalized());
                assertEquals(2, s.events().size());
            }
            // a state loaded from the store afresh equals the state b built from the change feed
            UserState fresh = new LiveEngine(new Store(db), ProfileModel.Config.DEFAULT).user("alice").orElseThrow();
            UserState followed = b.user("alice").orElseThrow();
            assertEquals(fresh.edits(), followed.edits());
            assertEquals(fresh.excluded(), followed.excluded());
            assertEquals(fresh.personalized(), followed.personalized());
            assertEquals(fresh.events(), followed.events());
        } finally {
            pg.drop();
        }
    }

    @Test
    void anErasureOnOneReplicaLeavesNoTraceOnTheOther() throws Exception {
        Backend pg = Backend.postgres();
        try (Database da = pg.open(); Database db = pg.open()) {
            Store sa = new Store(da);
            LiveEngine a = new LiveEngine(sa, ProfileModel.Config.DEFAULT);
            LiveEngine b = new LiveEngine(new Store(db), ProfileModel.Config.DEFAULT);
            a.ingest(List.of(event("x1", "xavier", "i1", 10), event("x2", "xavier", "i9", 11),
                    event("y1", "yvonne", "i1", 12)));
            a.editTag("xavier", "Comedy", TagAction.MUTED);
            assertTrue(a.setExcluded("xavier", "x1", true));
            assertEquals(3, b.catchUp().events());
            assertEquals(2, b.itemCount("i1"));
            long markA = a.changes();
            long markB = b.changes();

            String key = "ab".repeat(32);
            assertEquals(1, a.erase("xavier", key).generation());
            LiveEngine.CaughtUp up = b.catchUp();
            assertEquals(1, up.erasures());
            assertEquals(List.of("xavier"), up.erased());
            assertEquals(List.of(key), up.erasedKeys());
            assertTrue(b.user("xavier").isEmpty(), "b's memory is free of xavier");
            assertEquals(1, b.itemCount("i1"), "xavier's part of the item counts is gone");
            assertEquals(0, b.itemCount("i9"));
            assertEquals(1, b.numEvents());
            assertEquals(1, b.numUsers());
            assertEquals(1, b.erasuresAfter(markB), "b's models fitted before hold one erased user");
            assertEquals(0, b.erasuresAfter(b.changes()));
            assertFalse(a.catchUp().any(), "a applies its own erasure once");
            assertEquals(1, a.erasuresAfter(markA), "and counts it once");
            assertEquals(1, sa.tokenGeneration(key), "the moved generation is readable by every replica");
            assertEquals(0, pg.rowsMentioning("xavier"), "no row of any table, the change log included, names xavier");
            assertEquals(0, pg.rowsMentioning("x1"), "nor one of his event ids");
            try (Connection c = pg.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(user_id) FROM user_changes")) {
                rs.next();
                assertEquals(3, rs.getInt(1), "the log keeps its rows: the tag edit, the exclusion, the erasure");
                assertEquals(0, rs.getInt(2), "none of them names a user");
            }
        } finally {
            pg.drop();
        }
    }

    @Test
    void aReplicaThatMissedPrunedRowsReloadsTheWholeStore() throws Exception {
        Backend pg = Backend.postgres();
        try (Database da = pg.open(); Database db = pg.open()) {
            LiveEngine a = new LiveEngine(new Store(da), ProfileModel.Config.DEFAULT);
            LiveEngine b = new LiveEngine(new Store(db), ProfileModel.Config.DEFAULT);
            a.ingest(List.of(event("e1", "alice", "i1", 10), event("e2", "bob", "i2", 11),
                    event("e3", "carol", "i2", 12)));
            a.editTag("alice", "Comedy", TagAction.MUTED);
            assertFalse(b.catchUp().gap());
            long mark = b.changes();
            // b misses these three rows (pruned below) and reads only the newest one
            a.editTag("bob", "Drama", TagAction.MUTED);
            a.upsertItems(List.of(new Item("i2", "Film 2", "", List.of("Drama"))));
            a.erase("carol", "ef".repeat(32));
            a.editTag("alice", "Comedy", null);
            try (Connection c = pg.connect(); Statement st = c.createStatement()) {
                // what pruning does to rows past the retention: all but the newest go
                st.executeUpdate("DELETE FROM user_changes WHERE seq < (SELECT MAX(seq) FROM user_changes)");
            }
            LiveEngine.CaughtUp up = b.catchUp();
            assertTrue(up.gap(), "b never read the pruned rows");
            assertEquals(List.of("carol"), up.erased(), "the missed erasure is found by the reload");
            assertTrue(b.user("carol").isEmpty());
            assertEquals(1, b.erasuresAfter(mark));
            assertEquals(Map.of("Drama", TagAction.MUTED), b.user("bob").orElseThrow().edits(), "the missed mute");
            assertEquals(Map.of(), b.user("alice").orElseThrow().edits(), "the row read");
            assertEquals("Film 2", title(b, "i2"), "the missed item upsert");
            assertEquals(1, b.itemCount("i2"));
            assertEquals(2, b.numEvents());
            assertFalse(b.catchUp().gap(), "the next catch-up reads on from the newest row");
        } finally {
            pg.drop();
        }
    }

    @Test
    void aCommitOnOneStoreWakesTheOthersListener() throws Exception {
        Backend pg = Backend.postgres();
        try (Database da = pg.open(); Database db = pg.open();
             io.whyrec.server.store.Notifications heard = new io.whyrec.server.store.Notifications(db)) {
            Store sa = new Store(da);
            long t0 = System.nanoTime();
            assertFalse(heard.await(100), "nothing committed: the wait times out");
            assertTrue(System.nanoTime() - t0 >= 90_000_000L, "the timeout is waited out");
            assertEquals(null, heard.problem());
            sa.setTagEdit("alice", "Comedy", TagAction.MUTED);
            t0 = System.nanoTime();
            assertTrue(heard.await(5_000), "a change-log row is announced");
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "at its commit, not at the timeout");
            sa.insertEvents(List.of(event("e1", "alice", "i1", 10)), Set.of());
            assertTrue(heard.await(5_000), "an event batch is announced");
            assertFalse(heard.await(50), "each commit is heard once");
        } finally {
            pg.drop();
        }
    }

    @TempDir
    Path dir;

    @Test
    void theChangeLogKeepsTheRetentionAndTheNewestRowOnSqlite() throws Exception {
        Backend sqlite = Backend.sqlite(dir);
        try (Database d = sqlite.open()) {
            Store store = new Store(d);
            store.setTagEdit("u1", "Comedy", TagAction.MUTED);
            store.setPersonalization("u1", false);
            store.upsertItems(List.of(new Item("i1", "Film 1", "", List.of())));
            List<Change> log = store.changesAfter(0);
            assertEquals(List.of(Change.Kind.TAGS, Change.Kind.PERSONALIZATION, Change.Kind.ITEM),
                    log.stream().map(Change::kind).toList());
            assertEquals(List.of(1L, 2L, 3L), log.stream().map(Change::seq).toList());
            assertEquals("u1", log.get(0).user());
            assertEquals("i1", log.get(2).ref());
            assertEquals(3, store.lastChangeSeq());
            try (Connection c = sqlite.connect(); Statement st = c.createStatement()) {
                // every row older than the retention, by one second
                st.executeUpdate("UPDATE user_changes SET at = at - " + (Store.CHANGE_RETENTION_SECONDS + 1));
            }
            store.setTagEdit("u1", "Drama", TagAction.DELETED);
            log = store.changesAfter(0);
            assertEquals(List.of(3L, 4L), log.stream().map(Change::seq).toList(),
                    "rows past the retention are pruned by the next write, except the newest of them");
            store.eraseUser("u1", "cd".repeat(32));
            log = store.changesAfter(0);
            assertEquals(Change.Kind.ERASED, log.get(log.size() - 1).kind());
            assertEquals("cd".repeat(32), log.get(log.size() - 1).userKey());
            assertTrue(log.stream().allMatch(ch -> ch.user() == null), log.toString());
            assertEquals(0, sqlite.rowsMentioning("u1"));
        }
    }
}
