package io.whyrec.cli;

import io.whyrec.server.ServerConfig;
import io.whyrec.server.WhyrecServer;
import io.whyrec.server.api.AccessLog;
import io.whyrec.server.limits.FairUse;
import io.whyrec.server.live.Ranker;
import io.whyrec.server.live.ServingConfig;
import io.whyrec.server.feedback.ExplanationArms;
import io.whyrec.explain.narrate.GroundedNarrator;
import io.whyrec.server.store.Database;
import io.whyrec.server.store.DatasetSeed;
import io.whyrec.core.model.Models;
import io.whyrec.core.model.ProfileModel;
import io.whyrec.core.privacy.PrivateCounts;
import io.whyrec.core.privacy.Pseudonymizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code whyrec serve}: runs the whyrec service until it is stopped (Ctrl-C or SIGTERM close it cleanly; every
 * acknowledged write is already committed, so even a kill -9 loses nothing acknowledged). It starts on an empty
 * data directory; when the directory holds a dataset written by {@code whyrec import} and the store is empty, the
 * store is seeded from it once. On a data directory imported with {@code --pseudonymize} it needs the key
 * ({@code --pseudonym-key FILE} or {@code WHYREC_PSEUDONYM_KEY}) and maps every user id that arrives to its keyed
 * pseudonym (docs/privacy.md).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the REST API, the OpenAPI document and the scrutable profile page.",
        footer = {"", "Examples:",
                "  whyrec serve --data-dir ml1m",
                "  whyrec serve --data-dir ml1m --models ease,itemknn,sasrec --default-model ease --param ease.lambda=400",
                "  whyrec serve --data-dir ml1m --model-dir ml1m/models",
                "  whyrec serve --port 9090 --data-dir shop --jdbc-url 'jdbc:postgresql://127.0.0.1:5432/whyrec'",
                "  whyrec serve --data-dir ml100k-p --pseudonym-key pseudonym.key",
                "  whyrec serve --data-dir shop-enc --init --encryption-key store.key",
                "  whyrec serve --data-dir ml1m --max-cost 20000000 --expensive-concurrency 2 --user-rate 10",
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

    @Option(names = "--models", paramLabel = "LIST", split = ",",
            description = "Models to serve (default: ease,itemknn,profile,pop; any name of 'whyrec evaluate', "
                    + "e.g. sasrec, content, hybrid, which bin/whyrec adds to the class path when named).")
    List<String> models;

    @Option(names = {"--default-model", "--model"}, paramLabel = "NAME", defaultValue = ServingConfig.DEFAULT_MODEL,
            description = "Model used when a request names none; added to --models if missing "
                    + "(default: ${DEFAULT-VALUE}, tuned on a validation split of the stored events at its first fit).")
    String model;

    @Option(names = "--param", paramLabel = "MODEL.KEY=VALUE", split = ",",
            description = "A served model's configuration, e.g. ease.lambda=400 or itemknn.k=50 (a model "
                    + "configured so is not tuned).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--model-dir", paramLabel = "DIR",
            description = "Load NAME.model files written by 'whyrec train' from DIR instead of fitting those models "
                    + "(e.g. DATA-DIR/models); a file of another dataset is refused.")
    Path modelDir;

    @Option(names = "--no-tune", description = "Fit the default model with its defaults instead of tuning it.")
    boolean noTune;

    @Option(names = "--refit-seconds", paramLabel = "S", defaultValue = "300",
            description = "Check for new events and refit EASE in the background every S seconds, 0 = never "
                    + "(default: ${DEFAULT-VALUE}).")
    long refitSeconds;

    @Option(names = "--response-cache-mb", paramLabel = "MB", defaultValue = "256",
            description = "Budget of the per-user response cache in MiB, 0 = off (default: ${DEFAULT-VALUE}).")
    long cacheMb;

    @Option(names = "--dp-epsilon", paramLabel = "E", description = "Serve the popularity list (personalisation "
            + "off, users without events, anonymous sessions) from counts released with user-level differential "
            + "privacy: epsilon E per release (Laplace mechanism; off by default).")
    Double dpEpsilon;

    @Option(names = "--dp-user-cap", paramLabel = "N", defaultValue = "100", description = "With --dp-epsilon: "
            + "the most recent distinct items of each user that are counted, the sensitivity of the release "
            + "(default: ${DEFAULT-VALUE}).")
    int dpUserCap;

    @Option(names = "--dp-refresh-seconds", paramLabel = "S", defaultValue = "3600", description = "With "
            + "--dp-epsilon: the least time between two releases, each of which spends epsilon "
            + "(default: ${DEFAULT-VALUE}).")
    long dpRefreshSeconds;

    @Option(names = "--access-log", paramLabel = "FILE", defaultValue = AccessLog.STDOUT,
            description = "Where the access log goes, one JSON line per request (time, request id, method, route "
                    + "template, status, duration, model, hashed user; never a credential): '-' for standard output, "
                    + "a file to append to, or 'none' (default: ${DEFAULT-VALUE}).")
    String accessLog;

    @Option(names = "--max-cost", paramLabel = "UNITS", defaultValue = "" + FairUse.DEFAULT_MAX_COST,
            description = "Budget of one explanation request: history events x explained items x the method's factor "
                    + "(exact 1, loo 20, ...; see docs/serving.md); a request above it gets 400 naming the k or method "
                    + "that fits, 0 = no budget (default: ${DEFAULT-VALUE}).")
    long maxCost;

    @Option(names = "--expensive-concurrency", paramLabel = "N", defaultValue = ""
            + FairUse.DEFAULT_EXPENSIVE_CONCURRENCY, description = "Expensive requests (explanation methods other "
            + "than exact, counterfactuals, why-not) computed at once; 0 = max(1, cores / 2), -1 = no bound "
            + "(default: ${DEFAULT-VALUE}).")
    int expensiveConcurrency;

    @Option(names = "--expensive-wait-ms", paramLabel = "MS", defaultValue = ""
            + FairUse.DEFAULT_EXPENSIVE_WAIT_MILLIS, description = "How long an expensive request waits for its turn "
            + "before it gets 429 with Retry-After (default: ${DEFAULT-VALUE}).")
    long expensiveWaitMillis;

    @Option(names = "--user-rate", paramLabel = "R", defaultValue = "" + FairUse.DEFAULT_USER_RATE,
            description = "Requests per second each user token may make on average (429 with Retry-After beyond), "
                    + "0 = no limit (default: ${DEFAULT-VALUE}).")
    double userRate;

    @Option(names = "--user-burst", paramLabel = "N", defaultValue = "" + FairUse.DEFAULT_USER_BURST,
            description = "Requests a user token may make at once (default: ${DEFAULT-VALUE}).")
    int userBurst;

    @Option(names = "--admin-rate", paramLabel = "R", defaultValue = "" + FairUse.DEFAULT_ADMIN_RATE,
            description = "Requests per second the admin key may make on average, 0 = no limit "
                    + "(default: ${DEFAULT-VALUE}).")
    double adminRate;

    @Option(names = "--admin-burst", paramLabel = "N", defaultValue = "" + FairUse.DEFAULT_ADMIN_BURST,
            description = "Requests the admin key may make at once (default: ${DEFAULT-VALUE}).")
    int adminBurst;

    @Option(names = "--admin-failures", paramLabel = "N", defaultValue = "" + FairUse.DEFAULT_ADMIN_FAILURES,
            description = "Wrong admin keys one address may send before it must wait; each further one doubles the "
                    + "wait, during which its admin keys get 429 unchecked (default: ${DEFAULT-VALUE}).")
    int adminFailures;

    @Option(names = "--admin-backoff-ms", paramLabel = "MS", defaultValue = ""
            + FairUse.DEFAULT_ADMIN_BACKOFF_MILLIS, description = "The first of those waits (default: ${DEFAULT-VALUE}).")
    long adminBackoffMillis;

    @Option(names = "--admin-backoff-max-ms", paramLabel = "MS", defaultValue = ""
            + FairUse.DEFAULT_ADMIN_BACKOFF_MAX_MILLIS, description = "The longest of those waits "
            + "(default: ${DEFAULT-VALUE}).")
    long adminBackoffMaxMillis;

    @Option(names = "--init", description = "Start on an empty store when the data directory holds no data yet "
            + "(without it, a data directory with neither an imported dataset nor a store is refused, so a "
            + "mistyped --data-dir does not serve an empty store).")
    boolean init;

    @Option(names = "--pseudonym-key", paramLabel = "FILE", description = "Key (hex) of a data directory imported "
            + "with --pseudonymize; every user id arriving on the API is then stored, served and logged as its keyed"
            + " pseudonym (default: the " + Pseudonymizer.ENV + " environment variable). With an empty data "
            + "directory, the key starts a pseudonymised one.")
    Path pseudonymKey;

    @picocli.CommandLine.Mixin
    NarratorOptions narratorOptions;

    @picocli.CommandLine.Mixin
    EncryptionKeyOption encryptionKey;

    @Option(names = "--arms", paramLabel = "LIST", description = "A/B arms of explanation styles, each user assigned "
            + "to one by a seeded hash: NAME:REASONS or NAME:REASONS:narrator, comma-separated (default: "
            + "reasons-2:2,reasons-5:5, or template:2,narrator:2:narrator with --narrator).")
    String arms;

    @Option(names = "--arms-seed", paramLabel = "N", defaultValue = "" + ExplanationArms.DEFAULT_SEED,
            description = "Seed of the arm assignment (default: ${DEFAULT-VALUE}).")
    long armsSeed;

    @Spec
    CommandSpec spec;

    /** Counted down to stop serving (by the shutdown hook on Ctrl-C / SIGTERM, or by a test). */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        Map<String, Map<String, String>> perModel = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            int dot = e.getKey().indexOf('.');
            if (dot <= 0 || dot == e.getKey().length() - 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--param " + e.getKey() + "="
                        + e.getValue() + ": expected MODEL.KEY=VALUE, e.g. ease.lambda=400");
            }
            perModel.computeIfAbsent(e.getKey().substring(0, dot), k -> new LinkedHashMap<>())
                    .put(e.getKey().substring(dot + 1), e.getValue());
        }
        List<String> served = new ArrayList<>(models == null ? ServingConfig.DEFAULT_MODELS : models);
        for (String m : perModel.keySet()) {
            if (!served.contains(m)) {
                served.add(m);
            }
        }
        for (String m : served) {
            Models.require(m); // an unknown name fails here, listing the known ones, before anything is opened
        }
        if (jdbcUrl == null && !init && !Files.exists(dataDir.resolve(DatasetSeed.FILE))
                && !Files.exists(dataDir.resolve(Database.SQLITE_FILE))) {
            throw new IllegalArgumentException("--data-dir " + dataDir + (Files.isDirectory(dataDir)
                    ? " holds no data (no " + DatasetSeed.FILE + " from 'whyrec import' and no store "
                    + Database.SQLITE_FILE + ")" : " does not exist") + ": import into it first ('whyrec import "
                    + "... --data-dir " + dataDir + "') or pass --init to start an empty store");
        }
        if (modelDir != null && !Files.isDirectory(modelDir)) {
            throw new IllegalArgumentException("--model-dir " + modelDir + ": not a directory");
        }
        ServingConfig serving = ServingConfig.DEFAULT.withModels(served, served.get(0)).withDefaultModel(model)
                .withParams(perModel).withModelDir(modelDir).withTuneDefault(!noTune)
                .withRefitSeconds(refitSeconds).withResponseCacheBytes(cacheMb << 20)
                .withPrivatePopularity(dpEpsilon == null ? null : new ServingConfig.PrivatePopularity(
                        new PrivateCounts(dpEpsilon, dpUserCap), dpRefreshSeconds, null));
        FairUse fair;
        try {
            fair = new FairUse(maxCost, expensiveConcurrency, expensiveWaitMillis, userRate, userBurst, adminRate,
                    adminBurst, adminFailures, adminBackoffMillis, adminBackoffMaxMillis);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "fair-use options: " + e.getMessage());
        }
        ServerConfig config = ServerConfig.defaults(host, port, dataDir).withJdbcUrl(jdbcUrl).withServing(serving)
                .withAccessLog(accessLog).withPseudonyms(Pseudonymizer.resolve(pseudonymKey)).withFairUse(fair)
                .withEncryption(encryptionKey.keys());
        if (perModel.containsKey(Ranker.PROFILE)) {
            config = config.withModel((ProfileModel.Config) Models.require(Ranker.PROFILE)
                    .configure(perModel.get(Ranker.PROFILE)));
        }
        GroundedNarrator narrator = narratorOptions.create();
        config = config.withServing(config.serving().withArms(arms != null ? ExplanationArms.parse(arms, armsSeed)
                : new ExplanationArms(armsSeed, ExplanationArms.defaults(!narrator.isTemplate()).arms())));
        var out = spec.commandLine().getOut();
        // the server's one start-up line, on standard output with the page's address (not in the log as well)
        WhyrecServer server = WhyrecServer.start(config, narrator, (line, bound) -> {
            out.printf("%s; profile page: http://%s:%d/#user=ID&token=TOKEN%n"
                    + "  (TOKEN from POST /v1/users/ID/token with the X-Admin-Key header)%n", line, host, bound);
            out.flush();
        });
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
