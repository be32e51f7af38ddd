package io.whyrec.server.store;

import io.whyrec.server.testing.Backend;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The encryption-at-rest contract on PostgreSQL at {@code $WHYREC_TEST_PG_URL} (a fresh schema per test), whose
 * raw check searches every column of every table; skipped with a message when the variable is unset.
 */
class PostgresEncryptionTest extends EncryptionContract {

    @Override
    Backend backend(Path dir) {
        return Backend.postgres();
    }

    @Override
    long rawMentions(String text) throws Exception {
        long n = 0;
        try (Connection c = backend.connect()) {
            DatabaseMetaData md = c.getMetaData();
            for (String t : backend.tables(c)) {
                List<String[]> cols = new ArrayList<>();
                try (ResultSet rs = md.getColumns(null, backend.schema(), t, "%")) {
                    while (rs.next()) {
                        cols.add(new String[] {rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME")});
                    }
                }
                for (String[] col : cols) {
                    String where = col[1].equals("bytea") ? "position(convert_to(?, 'UTF8') in " + col[0] + ") > 0"
                            : "position(? in CAST(" + col[0] + " AS TEXT)) > 0";
                    try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + t + " WHERE " + where)) {
                        s.setString(1, text);
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
