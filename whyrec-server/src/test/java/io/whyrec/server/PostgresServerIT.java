package io.whyrec.server;

import io.whyrec.server.testing.Backend;

import java.nio.file.Path;

/**
 * The end-to-end suite of {@link ServerContract} on PostgreSQL at {@code $WHYREC_TEST_PG_URL} (a fresh schema per
 * test); skipped with a message when the variable is unset.
 */
class PostgresServerIT extends ServerContract {

    @Override
    Backend backend(Path dir) {
        return Backend.postgres();
    }
}
