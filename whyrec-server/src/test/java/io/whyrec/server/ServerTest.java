package io.whyrec.server;

import io.whyrec.server.testing.Backend;

import java.nio.file.Path;

/** The end-to-end suite of {@link ServerContract} on the default store: SQLite under the data directory. */
class ServerTest extends ServerContract {

    @Override
    Backend backend(Path dir) {
        return Backend.sqlite(dir);
    }
}
