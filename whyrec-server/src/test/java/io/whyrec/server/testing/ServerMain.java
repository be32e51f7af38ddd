package io.whyrec.server.testing;

import io.whyrec.server.ServerConfig;
import io.whyrec.server.WhyrecServer;
import io.whyrec.server.live.ServingConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Runs a server in its own JVM for the kill -9 test: {@code ServerMain DATA_DIR ADMIN_KEY [JDBC_URL]} starts on a
 * free port of 127.0.0.1, prints {@code PORT <n>} on stdout and serves until the process is killed. The default
 * model is fitted with its defaults rather than tuned: these tests look at the store, and a tune per restart was
 * most of their run time.
 */
public final class ServerMain {

    private ServerMain() {
    }

    /** Starts the server and blocks. */
    public static void main(String[] args) throws InterruptedException {
        ServerConfig config = ServerConfig.defaults("127.0.0.1", 0, Path.of(args[0]))
                .withSecrets(args[1], "kill-test-token-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8))
                .withJdbcUrl(args.length > 2 ? args[2] : null)
                .withServing(ServingConfig.DEFAULT.withRefitSeconds(0).withTuneDefault(false));
        WhyrecServer server = WhyrecServer.start(config);
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
