package io.whyrec.server.store;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Schema version 6.1 (issue 11, encryption at rest): the columns that hold sealed payloads and the table that
 * records the store's key. {@code store_meta} has at most one row (id = 1): the id of the key the store is
 * encrypted under and a key-check value (a constant sealed under that key), so a start with a wrong key fails at
 * once with a message naming the key's source, never reading garbage; a store without the row is a plaintext
 * store. {@code events}, {@code tag_edits} and {@code explanation_feedback} each get a {@code sealed} column
 * (BLOB on SQLite, bytea on PostgreSQL) that holds the row's payload sealed by
 * {@link io.whyrec.server.crypto.PayloadCipher} when the store is encrypted, and is NULL otherwise. An encrypted
 * event row keeps no item id in the clear, so {@code events.item_id} may now be NULL (a NULL satisfies its foreign
 * key): on PostgreSQL the NOT NULL is dropped, on SQLite, which cannot drop it, the table is rebuilt with its
 * indexes and triggers (one copy of every event, once).
 */
final class EncryptionMigration implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("6.1");
    }

    @Override
    public String getDescription() {
        return "sealed payload columns and the store key record";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        String blob = postgres ? "BYTEA" : "BLOB";
        try (Statement st = c.createStatement()) {
            if (postgres) {
                st.execute("ALTER TABLE events ALTER COLUMN item_id DROP NOT NULL");
                st.execute("ALTER TABLE events ADD COLUMN sealed BYTEA");
            } else {
                rebuildSqliteEvents(st);
            }
            st.execute("ALTER TABLE tag_edits ADD COLUMN sealed " + blob);
            st.execute("ALTER TABLE explanation_feedback ADD COLUMN sealed " + blob);
            st.execute("CREATE TABLE store_meta (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), "
                    + "key_id VARCHAR(255) NOT NULL, key_check " + blob + " NOT NULL, created_at BIGINT NOT NULL)");
        }
    }

    /** SQLite's way to drop a NOT NULL: a new table, the rows copied, the old one dropped, its indexes made again. */
    private static void rebuildSqliteEvents(Statement st) throws SQLException {
        List<String> extras = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT sql FROM sqlite_master WHERE tbl_name = 'events' "
                + "AND type IN ('index', 'trigger') AND sql IS NOT NULL")) {
            while (rs.next()) {
                extras.add(rs.getString(1));
            }
        }
        st.execute("CREATE TABLE events_v6 ("
                + "event_id VARCHAR(200) NOT NULL PRIMARY KEY, "
                + "user_id VARCHAR(200) NOT NULL REFERENCES users (user_id), "
                + "item_id VARCHAR(200) REFERENCES items (item_id), "
                + "ts BIGINT NOT NULL, "
                + "event_type VARCHAR(50) NOT NULL, "
                + "event_value DOUBLE PRECISION NOT NULL, "
                + "seq BIGINT NOT NULL, "
                + "sealed BLOB)");
        st.execute("INSERT INTO events_v6 (event_id, user_id, item_id, ts, event_type, event_value, seq) "
                + "SELECT event_id, user_id, item_id, ts, event_type, event_value, seq FROM events");
        st.execute("DROP TABLE events");
        st.execute("ALTER TABLE events_v6 RENAME TO events");
        for (String sql : extras) {
            st.execute(sql);
        }
    }
}
