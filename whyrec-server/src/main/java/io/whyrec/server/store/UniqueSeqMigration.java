package io.whyrec.server.store;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Schema version 4.13 (issue 11, crash-safe writes): the arrival numbers {@code events.seq} are unique, enforced
 * by the unique index {@code events_seq}, so no failure can ever make two events share one. A store written
 * before, where a batch that failed on a full disk had left events behind, may hold duplicates: every event but
 * the first of a duplicated number (by event id) is renumbered after the largest number first, which keeps its
 * place among events of other times (seq only orders events of the same time). The index is sequential (each new
 * event appends at its end); what it costs ingestion is measured in docs/serving.md ("Durability").
 */
final class UniqueSeqMigration implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("4.13");
    }

    @Override
    public String getDescription() {
        return "unique arrival numbers of events";
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
        try (Statement st = c.createStatement()) {
            st.execute("CREATE INDEX events_seq_any ON events (seq)");
            List<String> duplicates = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT e.event_id FROM events e WHERE EXISTS (SELECT 1 FROM events f "
                    + "WHERE f.seq = e.seq AND f.event_id < e.event_id) ORDER BY e.seq, e.event_id")) {
                while (rs.next()) {
                    duplicates.add(rs.getString(1));
                }
            }
            if (!duplicates.isEmpty()) {
                long max;
                try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM events")) {
                    rs.next();
                    max = rs.getLong(1);
                }
                try (PreparedStatement up = c.prepareStatement("UPDATE events SET seq = ? WHERE event_id = ?")) {
                    for (String id : duplicates) {
                        up.setLong(1, ++max);
                        up.setString(2, id);
                        up.addBatch();
                    }
                    up.executeBatch();
                }
            }
            st.execute("DROP INDEX events_seq_any");
            st.execute("CREATE UNIQUE INDEX events_seq ON events (seq)");
        }
    }
}
