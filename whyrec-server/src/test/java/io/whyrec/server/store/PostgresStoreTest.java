package io.whyrec.server.store;

import io.whyrec.server.testing.Backend;

import java.nio.file.Path;

/**
 * The store suite on PostgreSQL at {@code $WHYREC_TEST_PG_URL} (a fresh schema per test); skipped with a message
 * when the variable is unset.
 */
class PostgresStoreTest extends StoreContract {

    @Override
    Backend backend(Path dir) {
        return Backend.postgres();
    }
}
