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
            assertEquals(6, db.appliedMigrations(), "V1 to V3, V4.1 (IdLengthMigration), V4.11 (token generations) "
                    + "and V5.1 (explanation feedback) applied on an empty directory");
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
    void theDatabaseAndItsWalAreReadableByTheOwnerOnly() throws Exception {
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Path file = dir.resolve(Database.SQLITE_FILE);
        try (Database db = Database.openSqlite(dir)) {
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS perm_probe (x INTEGER)");
                    s.execute("INSERT INTO perm_probe VALUES (1)");
                }
                return null;
            });
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(file)));
            java.nio.file.Path wal = dir.resolve(Database.SQLITE_FILE + "-wal");
            if (java.nio.file.Files.exists(wal)) {
                assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(wal)));
            }
        }
        // a database made world-readable elsewhere is narrowed when it is opened again
        java.nio.file.Files.setPosixFilePermissions(file,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        try (Database db = Database.openSqlite(dir)) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(file)));
        }
    }
}
