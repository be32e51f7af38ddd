package io.whyrec.server;

import io.whyrec.server.testing.Backend;

import java.nio.file.Path;

/** The kill -9 during seeding test of {@link SeedKillContract} on PostgreSQL; skipped when WHYREC_TEST_PG_URL is unset. */
class PostgresSeedKillIT extends SeedKillContract {

    @Override
    Backend backend(Path dir) {
        return Backend.postgres();
    }
}
