package io.whyrec.server.store;

import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server's relational database: one JDBC connection, migrated to the current schema by Flyway (the versioned
 * scripts under {@code db/migration} on the class path) before anything else touches it.
 *
 * <p>The default is an embedded SQLite file {@code whyrec.db} under the data directory, opened in WAL mode with
 * {@code synchronous=FULL}, so a committed transaction survives a power loss or a {@code kill -9}: the server
 * acknowledges an event batch only after its commit returned. Foreign keys are enforced. SQLite has one writer at
 * a time, so every unit of work runs under one lock on the single connection; the in-memory state answers the
 * read-heavy requests, so the lock is only held by ingestion, edits and start-up loading.
 *
 * <p>SQLite runs with {@code secure_delete} on: deleted content is overwritten with zeros, which with
 * {@link #scrub} after an erasure leaves none of the erased rows' bytes in the database or its WAL.
 */
public final class Database implements AutoCloseable {

    /** File name of the SQLite database inside the data directory. */
    public static final String SQLITE_FILE = "whyrec.db";
    /** Milliseconds a statement waits for a lock held by another process before failing. */
    public static final int BUSY_TIMEOUT_MS = 5_000;

    /**
     * SQLite page cache in KiB (64 MiB): the event indexes of a million-event store stay in memory, so a batch
     * of events from random users does not re-read index pages.
     */
    public static final int SQLITE_CACHE_KIB = 64 * 1024;
    /**
     * Pages the WAL may grow to before SQLite checkpoints it into the database file (10,000 pages, about 40 MiB;
     * SQLite's default is 1,000): fewer checkpoints on the commit path of ingestion. Durability is unchanged:
     * a commit is durable once its WAL frames are synced.
     */
    public static final int SQLITE_CHECKPOINT_PAGES = 10_000;

    /** One unit of work on the connection. */
    @FunctionalInterface
    public interface Work<T> {
        /** Runs the work; any exception rolls a transaction back. */
        T run(Connection connection) throws SQLException;
    }

    /** Opens a connection in manual-commit mode, configured for this database. */
    @FunctionalInterface
    private interface Opener {
        Connection open() throws SQLException;
    }

    private final String url;
    private final Opener opener;
    private Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final int appliedMigrations;
    private int reconnects;

    private Database(String url, Opener opener, int appliedMigrations) throws SQLException {
        this.url = url;
        this.opener = opener;
        this.connection = opener.open();
        this.appliedMigrations = appliedMigrations;
    }

    /**
     * Creates the SQLite file readable and writable by its owner only (0600), or narrows an existing one to that,
     * before SQLite opens it: SQLite gives its WAL and shared-memory files the main file's permissions. On a file
     * system without POSIX permissions nothing is changed.
     */
    static void ownerOnly(Path file) {
        try {
            var perms = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
            if (!Files.exists(file)) {
                Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(perms));
            } else {
                Files.setPosixFilePermissions(file, perms);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own access rules apply
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create " + file + " readable by its owner only: " + e.getMessage(), e);
        }
    }

    /**
     * Opens (creating when missing) the SQLite database under a data directory and migrates it.
     *
     * @throws StoreException when the directory cannot be created or the database cannot be opened or migrated
     */
    public static Database openSqlite(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        ownerOnly(dataDir.resolve(SQLITE_FILE));
        String url = "jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE).toAbsolutePath();
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setCacheSize(-SQLITE_CACHE_KIB);
        int applied = migrate(url, null, null);
        try {
            return new Database(url, () -> {
                Connection c = DriverManager.getConnection(url, config.toProperties());
                try (var st = c.createStatement()) {
                    st.execute("PRAGMA wal_autocheckpoint = " + SQLITE_CHECKPOINT_PAGES);
                    // deleted rows are overwritten with zeros in their pages (and freed pages zeroed), so an erased
                    // user's bytes do not linger in the file; see scrub() for the WAL
                    st.execute("PRAGMA secure_delete = ON");
                }
                c.setAutoCommit(false);
                return c;
            }, applied);
        } catch (SQLException e) {
            throw new StoreException("cannot open " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens a database given by a JDBC URL (for example PostgreSQL) and migrates it with the same scripts.
     *
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static Database open(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        int applied = migrate(jdbcUrl, user, password);
        try {
            return new Database(jdbcUrl, () -> {
                Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                c.setAutoCommit(false);
                return c;
            }, applied);
        } catch (SQLException e) {
            throw new StoreException("cannot open " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    private static int migrate(String url, String user, String password) {
        try {
            Flyway flyway = Flyway.configure()
                    .dataSource(url, user, password)
                    .locations("classpath:db/migration")
                    .javaMigrations(new IdLengthMigration(), new UniqueSeqMigration(), new EncryptionMigration())
                    .load();
            return flyway.migrate().migrationsExecuted;
        } catch (RuntimeException e) {
            throw new StoreException("cannot migrate the database at " + url + ": " + e.getMessage(), e);
        }
    }

    /** The JDBC URL. */
    public String url() {
        return url;
    }

    /** How many migrations this opening applied (0 when the schema was already current). */
    public int appliedMigrations() {
        return appliedMigrations;
    }

    /**
     * Runs work in one transaction: committed when it returns, rolled back when it throws. When the rollback
     * itself fails the connection's state is unknown: SQLite may roll a transaction back on its own when the disk is
     * full ({@code SQLITE_FULL}), after which the driver's {@code ROLLBACK} fails and, left alone, the next
     * statements would run in autocommit, one commit each. The connection is then closed and a fresh one opened,
     * so every later unit of work is again one transaction.
     *
     * @throws StoreException wrapping an {@link SQLException}; runtime exceptions of the work pass through
     */
    public <T> T inTransaction(Work<T> work) {
        lock.lock();
        try {
            try {
                T out = work.run(connection);
                connection.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(e);
                if (e instanceof RuntimeException re) {
                    throw re;
                }
                throw new StoreException("database error: " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    private void rollbackQuietly(Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
            reconnect(cause);
        }
    }

    /** Replaces the connection by a fresh one (its old transaction state is unknown). */
    private void reconnect(Exception cause) {
        try {
            connection.close();
        } catch (SQLException c) {
            cause.addSuppressed(c);
        }
        try {
            connection = opener.open();
            reconnects++;
        } catch (SQLException o) {
            // the next unit of work fails on the closed connection and opens another
            cause.addSuppressed(o);
        }
    }

    /**
     * How many times a connection whose rollback failed was replaced by a fresh one since the database was opened
     * (for the tests of failed writes).
     */
    public int reconnects() {
        lock.lock();
        try {
            return reconnects;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Opens another connection to the same database, configured as the unit-of-work one but in auto-commit mode,
     * for the caller alone ({@link Notifications} listens on it); the caller closes it.
     */
    Connection openConnection() throws SQLException {
        Connection c = opener.open();
        c.setAutoCommit(true);
        return c;
    }

    /** Whether this is an SQLite database. */
    public boolean sqlite() {
        return url.startsWith("jdbc:sqlite:");
    }

    /**
     * Removes what deletions left of deleted rows, outside any transaction: on SQLite a
     * {@code wal_checkpoint(TRUNCATE)} copies the (zeroed, by {@code secure_delete}) pages into the database file
     * and truncates the WAL, which held the old page images, to zero bytes; on PostgreSQL a {@code VACUUM} of each
     * given table marks the dead tuples' space free for reuse (the bytes stay on disk until overwritten, and
     * PostgreSQL's WAL and backups keep theirs: the limits in docs/serving.md).
     *
     * @throws StoreException when the statement fails, or SQLite could not finish the checkpoint
     */
    public void scrub(java.util.List<String> tables) {
        outsideTransaction("scrub the deleted rows of", st -> {
            if (sqlite()) {
                try (var rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                    if (rs.next() && rs.getInt(1) != 0) {
                        throw new StoreException("the WAL checkpoint after an erasure was blocked by another "
                                + "connection to " + url + "; erase again once it is closed", null);
                    }
                }
            } else {
                for (String t : tables) {
                    st.execute("VACUUM " + t);
                }
            }
        });
    }

    /**
     * Rewrites the given tables so that nothing of their past rows is left in the database files, outside any
     * transaction: on SQLite a {@code VACUUM} of the whole file (it copies the live rows into a new file, so the
     * unallocated space of reorganised pages, which {@code secure_delete} does not always zero, goes with the old
     * one) followed by the checkpoint of {@link #scrub}; on PostgreSQL a {@code VACUUM FULL} of each table (a new
     * table file; the old one is removed, its bytes stay on disk until overwritten). It takes time proportional
     * to the database and holds it while it runs: for rare offline steps such as a pseudonym key rotation.
     *
     * @throws StoreException when a statement fails
     */
    public void rebuild(java.util.List<String> tables) {
        outsideTransaction("rebuild the tables of", st -> {
            if (sqlite()) {
                st.execute("VACUUM");
            } else {
                for (String t : tables) {
                    st.execute("VACUUM FULL " + t);
                }
            }
        });
        scrub(tables);
    }

    /** Statements that must run outside a transaction (VACUUM, checkpoints), in autocommit under the lock. */
    private interface Maintenance {
        void run(java.sql.Statement st) throws SQLException;
    }

    private void outsideTransaction(String what, Maintenance work) {
        lock.lock();
        try {
            connection.commit();
            connection.setAutoCommit(true);
            try (var st = connection.createStatement()) {
                work.run(st);
            } finally {
                connection.setAutoCommit(false);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + " " + url + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close " + url + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
