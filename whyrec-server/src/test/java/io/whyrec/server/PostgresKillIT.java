package io.whyrec.server;

import io.whyrec.server.testing.Backend;

import java.nio.file.Path;

/** The kill -9 durability test of {@link KillContract} on PostgreSQL; skipped when WHYREC_TEST_PG_URL is unset. */
class PostgresKillIT extends KillContract {

    @Override
    Backend backend(Path dir) {
        return Backend.postgres();
    }
}
