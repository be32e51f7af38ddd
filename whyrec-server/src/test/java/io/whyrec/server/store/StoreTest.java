package io.whyrec.server.store;

import io.whyrec.server.testing.Backend;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The store suite on SQLite, plus SQLite's own settings: Flyway migration once, WAL, synchronous=FULL. */
class StoreTest extends StoreContract {

    @Override
    Backend backend(Path dir) {
        return Backend.sqlite(dir);
    }

    @Test
    void migratesOnceAndUsesWalWithFullSync() throws Exception {
        try (Database db = Database.openSqlite(dir)) {
            assertEquals(4, db.appliedMigrations(), "V1 to V3 and V4.1 (IdLengthMigration) applied on an empty directory");
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
}
