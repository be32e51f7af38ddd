package io.whyrec.cli;

import io.whyrec.server.ServerConfig;
import io.whyrec.server.WhyrecServer;
import io.whyrec.server.live.Ranker;
import io.whyrec.server.live.ServingConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code whyrec serve}: runs the whyrec service until it is stopped (Ctrl-C or SIGTERM close it cleanly; every
 * acknowledged write is already committed, so even a kill -9 loses nothing acknowledged). It starts on an empty
 * data directory; when the directory holds a dataset written by {@code whyrec import} and the store is empty, the
 * store is seeded from it once.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the REST API, the OpenAPI document and the scrutable profile page.",
        footer = {"", "Examples:",
                "  whyrec serve --data-dir ml1m",
                "  whyrec serve --port 9090 --data-dir shop --jdbc-url 'jdbc:postgresql://127.0.0.1:5432/whyrec'",
                "", "The admin key is WHYREC_ADMIN_KEY, else DIR/admin.key (generated at first start).",
                "PostgreSQL credentials may be given in the URL or as WHYREC_JDBC_USER / WHYREC_JDBC_PASSWORD."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "H", defaultValue = ServerConfig.DEFAULT_HOST,
            description = "Address to bind (default: ${DEFAULT-VALUE}, loopback only).")
    String host;

    @Option(names = "--port", paramLabel = "P", defaultValue = "" + ServerConfig.DEFAULT_PORT,
            description = "Port to bind, 0 for any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "whyrec-data",
            description = "Data directory: SQLite store, secrets, and an imported dataset to seed from "
                    + "(default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "Store in this database (e.g. PostgreSQL) instead of SQLite under the data directory.")
    String jdbcUrl;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = Ranker.PROFILE,
            description = "Model used when a request names none: profile or ease (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--refit-seconds", paramLabel = "S", defaultValue = "300",
            description = "Check for new events and refit EASE in the background every S seconds, 0 = never "
                    + "(default: ${DEFAULT-VALUE}).")
    long refitSeconds;

    @Option(names = "--response-cache-mb", paramLabel = "MB", defaultValue = "256",
            description = "Budget of the per-user response cache in MiB, 0 = off (default: ${DEFAULT-VALUE}).")
    long cacheMb;

    @Spec
    CommandSpec spec;

    /** Counted down to stop serving (by the shutdown hook on Ctrl-C / SIGTERM, or by a test). */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        ServingConfig serving = ServingConfig.DEFAULT.withDefaultModel(model).withRefitSeconds(refitSeconds)
                .withResponseCacheBytes(cacheMb << 20);
        ServerConfig config = ServerConfig.defaults(host, port, dataDir).withJdbcUrl(jdbcUrl).withServing(serving);
        WhyrecServer server = WhyrecServer.start(config);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "whyrec-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        var out = spec.commandLine().getOut();
        out.printf("whyrec serving on http://%s:%d (data %s, %d users, %d events); profile page: "
                        + "http://%s:%d/#user=ID&token=TOKEN%n", host, server.port(), dataDir,
                server.engine().numUsers(), server.engine().numEvents(), host, server.port());
        out.flush();
        try {
            stop.await();
        } finally {
            server.close();
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook is running and waits for the close above
            }
        }
        return 0;
    }
}
