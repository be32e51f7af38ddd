package io.whyrec.server;

import io.whyrec.server.testing.Backend;

import java.nio.file.Path;

/** The kill -9 during seeding test of {@link SeedKillContract} on SQLite. */
class SeedKillIT extends SeedKillContract {

    @Override
    Backend backend(Path dir) {
        return Backend.sqlite(dir);
    }
}
