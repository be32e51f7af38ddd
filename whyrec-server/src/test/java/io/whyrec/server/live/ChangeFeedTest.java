package io.whyrec.server.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.core.model.ProfileModel;
import io.whyrec.server.store.Database;
import io.whyrec.server.store.Store;
import io.whyrec.server.store.StoredEvent;
import io.whyrec.server.testing.Backend;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two engines over one PostgreSQL schema, as two replicas are: each reads the other's events through
 * {@link LiveEngine#catchUp}, never applies its own twice, and the arrival numbers of both stay unique. Skipped
 * with a message when {@code $WHYREC_TEST_PG_URL} is unset.
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
}
