package io.whyrec.server.store;

import io.whyrec.core.data.InputRules;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * Schema version 4.1: every id and name column holds at most {@value #MAX_CHARS} characters on both databases,
 * the limit the importers and the API apply ({@link InputRules#MAX_ID_BYTES} UTF-8 bytes, which is never more
 * characters). PostgreSQL enforced VARCHAR(200) already except for {@code events.event_type}, VARCHAR(50), so a
 * type of 51 to 200 characters passed the API and failed the insert with a 500; it becomes VARCHAR(200). SQLite
 * ignores VARCHAR lengths, and adding a CHECK would mean rebuilding every table, so it gets one BEFORE INSERT and
 * one BEFORE UPDATE trigger per table that aborts the statement when a column is longer.
 *
 * <p>A Java migration because the two databases need different statements; Flyway applies it after the SQL
 * scripts V1 to V3 and records it in its history like them.
 */
final class IdLengthMigration implements JavaMigration {

    /** Longest id or name in the schema, in characters. */
    static final int MAX_CHARS = InputRules.MAX_ID_BYTES;

    /** The limited columns of each table. */
    static final List<List<String>> COLUMNS = List.of(
            List.of("users", "user_id"),
            List.of("items", "item_id"),
            List.of("item_tags", "item_id", "tag"),
            List.of("events", "event_id", "user_id", "item_id", "event_type"),
            List.of("tag_edits", "user_id", "tag"),
            List.of("personalization", "user_id"),
            List.of("event_exclusions", "user_id", "event_id"));

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("4.1");
    }

    @Override
    public String getDescription() {
        return "id and name columns at most 200 characters on both databases";
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
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        try (Statement st = c.createStatement()) {
            if (product.contains("postgres")) {
                st.execute("ALTER TABLE events ALTER COLUMN event_type TYPE VARCHAR(" + MAX_CHARS + ")");
                return;
            }
            for (List<String> t : COLUMNS) {
                String table = t.get(0);
                StringBuilder when = new StringBuilder();
                for (String col : t.subList(1, t.size())) {
                    when.append(when.length() == 0 ? "" : " OR ").append("length(NEW.").append(col).append(") > ")
                            .append(MAX_CHARS);
                }
                for (String op : List.of("INSERT", "UPDATE")) {
                    st.execute("CREATE TRIGGER " + table + "_id_length_" + op.toLowerCase(Locale.ROOT) + " BEFORE "
                            + op + " ON " + table + " WHEN " + when + " BEGIN SELECT RAISE(ABORT, '" + table
                            + ": " + String.join(", ", t.subList(1, t.size())) + " must be at most " + MAX_CHARS
                            + " characters'); END");
                }
            }
        }
    }
}
