package io.whyrec.server.testing;

import io.whyrec.server.ServerConfig;
import io.whyrec.server.store.Database;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The database a test suite runs against: SQLite under the test's data directory, or PostgreSQL at the JDBC URL
 * of {@value #PG_ENV} (skipped with a message when it is unset). Each PostgreSQL backend works in a fresh schema
 * of its own, dropped by {@link #drop()}, so suites never see each other's rows.
 */
public abstract class Backend {

    /** The environment variable holding the PostgreSQL JDBC URL ({@code .ci/services.sh} prints it). */
    public static final String PG_ENV = "WHYREC_TEST_PG_URL";

    /** The server configuration storing into this backend. */
    public abstract ServerConfig configure(ServerConfig config);

    /** Opens the store database directly (for store-level tests). */
    public abstract Database open();

    /** A plain JDBC connection to the same database (for checks over every table). */
    public abstract Connection connect() throws SQLException;

    /** The schema the tables live in (null for SQLite). */
    public abstract String schema();

    /** Removes what the backend created (PostgreSQL: its schema). */
    public abstract void drop();

    /** SQLite in a data directory. */
    public static Backend sqlite(Path dir) {
        return new Backend() {
            @Override
            public ServerConfig configure(ServerConfig config) {
                return config;
            }

            @Override
            public Database open() {
                return Database.openSqlite(dir);
            }

            @Override
            public Connection connect() throws SQLException {
                return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.SQLITE_FILE));
            }

            @Override
            public String schema() {
                return null;
            }

            @Override
            public void drop() {
            }
        };
    }

    /**
     * PostgreSQL at {@code $WHYREC_TEST_PG_URL}, in a new schema.
     *
     * @throws org.opentest4j.TestAbortedException (the test is skipped) when the variable is unset
     */
    public static Backend postgres() {
        String base = System.getenv(PG_ENV);
        Assumptions.assumeTrue(base != null && !base.isBlank(), "skipped: " + PG_ENV + " is not set; run "
                + "eval \"$(.ci/services.sh)\" to start PostgreSQL on 127.0.0.1 and set it");
        String schema = "t_" + Long.toString(System.nanoTime(), 36) + "_" + (int) (Math.random() * 1000);
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + " at " + PG_ENV + ": " + e.getMessage(), e);
        }
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new Backend() {
            @Override
            public ServerConfig configure(ServerConfig config) {
                return config.withJdbcUrl(url);
            }

            @Override
            public Database open() {
                return Database.open(url, null, null);
            }

            @Override
            public Connection connect() throws SQLException {
                return DriverManager.getConnection(url);
            }

            @Override
            public String schema() {
                return schema;
            }

            @Override
            public void drop() {
                try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot drop schema " + schema + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /** The names of the tables of the store (flyway's history table included). */
    public List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getTables(null, schema(), "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                String t = rs.getString("TABLE_NAME");
                if (!t.startsWith("sqlite_")) {
                    out.add(t.toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return out;
    }

    /** How many rows, over every column of every table, hold exactly this text. */
    public long rowsMentioning(String value) throws SQLException {
        long n = 0;
        try (Connection c = connect()) {
            DatabaseMetaData md = c.getMetaData();
            for (String t : tables(c)) {
                List<String> cols = new ArrayList<>();
                try (ResultSet rs = md.getColumns(null, schema(), t, "%")) {
                    while (rs.next()) {
                        cols.add(rs.getString("COLUMN_NAME"));
                    }
                }
                for (String col : cols) {
                    try (PreparedStatement s = c.prepareStatement(
                            "SELECT COUNT(*) FROM " + t + " WHERE CAST(" + col + " AS TEXT) = ?")) {
                        s.setString(1, value);
                        try (ResultSet rs = s.executeQuery()) {
                            rs.next();
                            n += rs.getLong(1);
                        }
                    }
                }
            }
        }
        return n;
    }
}
