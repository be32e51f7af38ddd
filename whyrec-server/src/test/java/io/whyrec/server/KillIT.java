package io.whyrec.server;

import io.whyrec.server.testing.Backend;

import java.nio.file.Path;

/** The kill -9 durability test of {@link KillContract} on SQLite (WAL, synchronous=FULL). */
class KillIT extends KillContract {

    @Override
    Backend backend(Path dir) {
        return Backend.sqlite(dir);
    }
}
