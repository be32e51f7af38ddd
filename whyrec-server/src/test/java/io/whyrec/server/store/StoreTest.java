package io.whyrec.server.store;

import io.whyrec.server.testing.Backend;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store suite on SQLite, plus SQLite's own settings: Flyway migration once, WAL, synchronous=FULL. */
class StoreTest extends StoreContract {

    @Override
    Backend backend(Path dir) {
        return Backend.sqlite(dir);
    }

    /** The connection (by {@link Database#reconnects()}) the size limit was set on, -1 when none is set. */
    private int limitedConnection = -1;

    /**
     * SQLite's own limit on the database size, {@code max_page_count}, set six pages above the current size: a
     * write that needs more pages fails with {@code SQLITE_FULL}, as on a full disk, and SQLite rolls the
     * transaction back on its own. The limit belongs to the connection: it is set again only on a fresh one
     * (setting it runs a transaction, which would hide a connection left in autocommit by the failure).
     */
    @Override
    void fillTheDisk(Database db) {
        if (limitedConnection == db.reconnects()) {
            return;
        }
        limitedConnection = db.reconnects();
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                long pages;
                try (ResultSet rs = s.executeQuery("PRAGMA page_count")) {
                    rs.next();
                    pages = rs.getLong(1);
                }
                s.execute("PRAGMA max_page_count = " + (pages + 6));
            }
            return null;
        });
    }

    @Override
    void freeTheDisk(Database db) {
        limitedConnection = -1;
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA max_page_count = 1073741823");
            }
            return null;
        });
    }

    /**
     * (issue 11) When SQLite has rolled a transaction back on its own (a full disk, {@code SQLITE_FULL}), the
     * driver's rollback fails and the connection would go on in autocommit; the database replaces it, so later
     * units of work stay whole: 12 batches of 60 rows into a database limited to 30 pages store whole batches only.
     */
    @Test
    void aTransactionSqliteRolledBackOnItsOwnLeavesTheNextOnesWhole() {
        try (Database db = Database.openSqlite(dir)) {
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE probe (id TEXT PRIMARY KEY, pad TEXT)");
                }
                return null;
            });
            int failures = 0;
            for (int b = 0; b < 12; b++) {
                int batch = b;
                try {
                    db.inTransaction(c -> {
                        try (Statement s = c.createStatement()) {
                            s.execute("PRAGMA max_page_count = 30");
                        }
                        try (java.sql.PreparedStatement p = c.prepareStatement(
                                "INSERT INTO probe VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
                            for (int i = 0; i < 60; i++) {
                                p.setString(1, "b" + batch + "-" + i);
                                p.setString(2, "x".repeat(400));
                                p.addBatch();
                            }
                            p.executeBatch();
                        }
                        return null;
                    });
                } catch (StoreException e) {
                    failures++;
                }
            }
            int rows = db.inTransaction(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM probe")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertTrue(failures > 0, "the limit was reached");
            assertEquals(0, rows % 60, "whole batches only: " + rows + " rows");
            assertEquals(12 - failures, rows / 60);
            assertTrue(db.reconnects() > 0, "SQLite rolled back on its own and the connection was replaced");
        }
    }

    @Test
    void migratesOnceAndUsesWalWithFullSync() throws Exception {
        try (Database db = Database.openSqlite(dir)) {
            assertEquals(10, db.appliedMigrations(), "V1 to V3, V4.1 (IdLengthMigration), V4.11 (token generations), "
                    + "V4.12 (seed state), V4.13 (UniqueSeqMigration), V5.1 (explanation feedback), V6.1 "
                    + "(EncryptionMigration) and V7.1 (change log) applied on an empty directory");
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
