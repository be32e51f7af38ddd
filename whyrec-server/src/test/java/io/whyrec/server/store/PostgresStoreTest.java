package io.whyrec.server.store;

import io.whyrec.server.testing.Backend;

import java.nio.file.Path;
import java.sql.Statement;

/**
 * The store suite on PostgreSQL at {@code $WHYREC_TEST_PG_URL} (a fresh schema per test); skipped with a message
 * when the variable is unset.
 */
class PostgresStoreTest extends StoreContract {

    @Override
    Backend backend(Path dir) {
        return Backend.postgres();
    }

    /**
     * A trigger answering PostgreSQL's {@code disk_full} error (SQLSTATE 53100) once the events table holds 30
     * rows more than now, so a batch fails part-way through its statement.
     */
    @Override
    void fillTheDisk(Database db) {
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                long room;
                try (java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) + 30 FROM events")) {
                    rs.next();
                    room = rs.getLong(1);
                }
                s.execute("CREATE OR REPLACE FUNCTION disk_full() RETURNS trigger AS $$ BEGIN "
                        + "IF (SELECT COUNT(*) FROM events) >= " + room + " THEN RAISE EXCEPTION "
                        + "'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END IF; "
                        + "RETURN NEW; END $$ LANGUAGE plpgsql");
                s.execute("DROP TRIGGER IF EXISTS events_disk_full ON events");
                s.execute("CREATE TRIGGER events_disk_full BEFORE INSERT ON events FOR EACH ROW "
                        + "EXECUTE FUNCTION disk_full()");
            }
            return null;
        });
    }

    @Override
    void freeTheDisk(Database db) {
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TRIGGER IF EXISTS events_disk_full ON events");
            }
            return null;
        });
    }
}
