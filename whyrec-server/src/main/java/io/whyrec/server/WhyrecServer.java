package io.whyrec.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.whyrec.core.data.PseudonymRecord;
import io.whyrec.core.privacy.Pseudonymizer;
import io.whyrec.explain.narrate.GroundedNarrator;
import io.whyrec.explain.narrate.NarratorConfig;
import io.whyrec.server.api.JsonErrors;
import io.whyrec.server.api.SecurityHeaders;
import io.micrometer.core.instrument.Tags;
import io.whyrec.server.api.AccessLog;
import io.whyrec.server.api.Admission;
import io.whyrec.server.api.ApiContext;
import io.whyrec.server.api.ApiException;
import io.whyrec.server.api.DeleteEvent;
import io.whyrec.server.api.DeleteTag;
import io.whyrec.server.api.DeleteUser;
import io.whyrec.server.api.GetExplanation;
import io.whyrec.server.api.GetHealth;
import io.whyrec.server.api.GetMetrics;
import io.whyrec.server.api.GetModels;
import io.whyrec.server.api.GetOpenApi;
import io.whyrec.server.api.GetProfile;
import io.whyrec.server.api.GetRecommendations;
import io.whyrec.server.api.GetSatisfaction;
import io.whyrec.server.api.GetSimilar;
import io.whyrec.server.api.GetWhyNot;
import io.whyrec.server.api.Metrics;
import io.whyrec.server.api.PostEvents;
import io.whyrec.server.api.PostFeedback;
import io.whyrec.server.api.PostItems;
import io.whyrec.server.api.PostRecommendations;
import io.whyrec.server.api.PostRefit;
import io.whyrec.server.api.PostToken;
import io.whyrec.server.api.PostUserEvents;
import io.whyrec.server.api.PutEvent;
import io.whyrec.server.api.PutPersonalization;
import io.whyrec.server.api.PutTag;
import io.whyrec.server.api.RequestIds;
import io.whyrec.server.api.Requests;
import io.whyrec.server.auth.Authenticator;
import io.whyrec.server.auth.Caller;
import io.whyrec.server.auth.TokenGenerations;
import io.whyrec.server.auth.UserKeys;
import io.whyrec.server.auth.UserTokens;
import io.whyrec.server.feedback.ExplanationIds;
import io.whyrec.server.live.Lang;
import io.whyrec.server.live.LiveEngine;
import io.whyrec.server.live.ModelRegistry;
import io.whyrec.server.live.Ranker;
import io.whyrec.server.live.ResponseCache;
import io.whyrec.server.live.ServedModel;
import io.whyrec.server.live.ServingConfig;
import io.whyrec.server.privacy.AuditLog;
import io.whyrec.server.privacy.Erasure;
import io.whyrec.server.store.Database;
import io.whyrec.server.store.DatasetSeed;
import io.whyrec.server.store.Notifications;
import io.whyrec.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The whyrec service: opens (and migrates) the store under the data directory, loads the live state, and serves
 * the REST API, {@code /openapi.json}, {@code /metrics}, {@code /health} and the static profile page on Javalin.
 * {@code bin/whyrec serve} calls {@link #start(ServerConfig)}; it starts on an empty data directory too.
 *
 * <p>Start-up: remove the temporary files killed writers left in the data directory and the model folder
 * ({@link io.whyrec.core.files.AtomicFiles#removeStale}); open and migrate the store (SQLite under the data
 * directory, or the configured JDBC URL); seed it from {@code dataset.whyrec} when it was never seeded and holds no
 * events, or finish a seeding a killed start began ({@link DatasetSeed}); load the live state; build every
 * served model of the {@link ModelRegistry} (load its file, or fit it with every processor, the default model
 * tuned on validation); listen. A daemon thread then checks every {@link ServingConfig#refitSeconds()} whether
 * events changed and refits the fitted models in the background, swapping each in atomically.
 *
 * <p>Every request gets a request id ({@link RequestIds}, echoed in {@code X-Request-Id}), is timed into its route
 * template's histogram in {@link Metrics} and written as one line of the {@link AccessLog}; the audited admin
 * actions also get a line on the {@code io.whyrec.audit} logger. Every route first passes the {@link Admission}
 * of the fair-use limits (admin-key backoff and per-token rates; the explanation routes also the cost budget and
 * the gate of expensive requests). An {@link ApiException} becomes its status with
 * {@code {"error": "..."}} (a 429 also with {@code Retry-After}); anything unexpected is logged and answered with a
 * bare 500 {@code internal error},
 * never a stack trace. CORS is not enabled, so browsers only call the API from the server's own origin.
 */
public final class WhyrecServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WhyrecServer.class);

    /** The audit lines (token issue, erasure, refits, item upserts), one JSON object each, refused attempts too. */
    private static final Logger AUDIT = LoggerFactory.getLogger("io.whyrec.audit");

    private final Database db;
    private final LiveEngine engine;
    private final Javalin app;
    private final ScheduledExecutorService refits;
    private final ScheduledExecutorService feed;

    /**
     * How often, at the latest, a replica on a shared PostgreSQL store reads what other replicas stored, by default
     * (milliseconds; a notification wakes it sooner).
     */
    static final long REPLICA_POLL_MILLIS = 500;
    private final AuditLog audit;
    private final ModelRegistry registry;
    private final Metrics metrics;
    private final AccessLog accessLog;
    private final Admission admission;

    private WhyrecServer(Database db, LiveEngine engine, Javalin app, ScheduledExecutorService refits,
                         ScheduledExecutorService feed, AuditLog audit, ModelRegistry registry, Metrics metrics, AccessLog accessLog,
                         Admission admission) {
        this.admission = admission;
        this.registry = registry;
        this.db = db;
        this.engine = engine;
        this.app = app;
        this.refits = refits;
        this.feed = feed;
        this.audit = audit;
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    /** Opens the configured database: the JDBC URL when given, else SQLite under the data directory. */
    static Database openDatabase(ServerConfig config) {
        if (config.jdbcUrl() == null) {
            return Database.openSqlite(config.dataDir());
        }
        return Database.open(config.jdbcUrl(), System.getenv("WHYREC_JDBC_USER"), System.getenv("WHYREC_JDBC_PASSWORD"));
    }

    /**
     * Removes the temporary files that writers killed before they could rename them into place (an import, an
     * erasure's rewrite of the dataset file, a model save) left in the data directory and the model folder.
     */
    static void removeStaleTemporaries(ServerConfig config) {
        java.util.List<Path> dirs = new java.util.ArrayList<>(java.util.List.of(config.dataDir()));
        if (config.serving().modelDir() != null) {
            dirs.add(config.serving().modelDir());
        }
        for (Path dir : dirs) {
            try {
                int n = io.whyrec.core.files.AtomicFiles.removeStale(dir);
                if (n > 0) {
                    LOG.info("removed {} temporary file(s) that interrupted writes left in {}", n, dir);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot remove the temporary files of interrupted writes in "
                        + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /** Starts with the defaults of {@link ServerConfig} for a host, port and data directory. */
    public static WhyrecServer start(String host, int port, Path dataDir) {
        return start(ServerConfig.defaults(host, port, dataDir));
    }

    /**
     * Starts the server and returns once it listens; its one start-up line ("whyrec serving on http://...") is
     * logged.
     *
     * @throws io.whyrec.server.store.StoreException when the database cannot be opened or migrated
     */
    public static WhyrecServer start(ServerConfig config) {
        return start(config, GroundedNarrator.of(NarratorConfig.TEMPLATE), (line, port) -> LOG.info(line));
    }

    /**
     * Starts the server and returns once it listens, handing its one start-up line and the bound port to
     * {@code announce} instead of the log (the {@code serve} command prints it on standard output with the page's
     * address). The sentence of a single explanation ({@code GET .../explanation}) is written by {@code narrator},
     * behind its grounding gate.
     *
     * @throws io.whyrec.server.store.StoreException when the database cannot be opened or migrated
     */
    public static WhyrecServer start(ServerConfig config, GroundedNarrator narrator,
                                     java.util.function.ObjIntConsumer<String> announce) {
        long t0 = System.nanoTime();
        // the admin key and the port are checked before any heavy work; the port answers /health at once
        String adminKey = adminKey(config);
        Authenticator.checkAdminKey(adminKey);
        StartupListener startup = StartupListener.bind(config.host(), config.port());
        Database db;
        try {
            removeStaleTemporaries(config);
            db = openDatabase(config);
        } catch (RuntimeException e) {
            startup.close();
            throw e;
        }
        ScheduledExecutorService refits = null;
        ScheduledExecutorService feed = null;
        AuditLog audit = null;
        Metrics metrics = null;
        AccessLog accessLog = null;
        try {
            Store store = new Store(db, encryptionKeys(config));
            if (store.encrypted()) {
                LOG.info("the store is encrypted at rest (key fingerprint {})", store.keyId());
            }
            Pseudonymizer pseudonyms = pseudonyms(config, store);
            startup.phase("seeding the store from " + DatasetSeed.FILE);
            DatasetSeed.Seeded seeded = DatasetSeed.seedIfEmpty(store, config.dataDir(), (task, done, total) ->
                    startup.phase("seeding the store from " + DatasetSeed.FILE + ": " + done + " of " + total
                            + " events"));
            if (seeded != null) {
                LOG.info("seeded the store from {}: {} items, {} events{}", config.dataDir().resolve(DatasetSeed.FILE),
                        seeded.items(), seeded.events(), seeded.resumedAt() == 0 ? "" : " (an interrupted seeding "
                                + "resumed at event " + seeded.resumedAt() + " of " + seeded.total() + ")");
            }
            LiveEngine engine = new LiveEngine(store, config.model());
            ServingConfig serving = config.serving();
            ModelRegistry registry = new ModelRegistry(engine, serving);
            registry.buildAll(Runtime.getRuntime().availableProcessors(), (name, n) -> {
                startup.phase("building model " + name + " (" + n + " of " + registry.names().size() + ")");
                LOG.info("building model {} ({} of {})", name, n, registry.names().size());
            });
            for (String name : registry.names()) {
                ServedModel m = registry.current(name);
                if (m != null && !registry.isLive(name)) {
                    LOG.info("model {} {} ({}) on {} users x {} items in {} ms", name, m.model().params(),
                            m.source(), m.users(), m.numItems(), m.fitMillis());
                } else if (m == null) {
                    LOG.info("model {} not fitted: {}", name, registry.whyNotFitted(name));
                }
            }
            byte[] secret = tokenSecret(config);
            TokenGenerations generations = new TokenGenerations(new UserKeys(secret), store.loadTokenGenerations());
            Authenticator auth = new Authenticator(adminKey, new UserTokens(secret), generations);
            audit = AuditLog.open(config.dataDir());
            ObjectMapper json = io.whyrec.server.api.Requests.newMapper();
            metrics = new Metrics();
            Ranker ranker = new Ranker(engine, registry, serving, narrator);
            if (!narrator.isTemplate()) {
                LOG.info("explanation sentences by {} behind the grounding gate (the template answers otherwise)",
                        narrator.name());
                metrics.gauge("whyrec.narrator.sentences", "Explanation sentences asked of the narrator.",
                        Tags.empty(), narrator, GroundedNarrator::calls);
                metrics.gauge("whyrec.narrator.shown", "Narrated sentences that passed the grounding gate.",
                        Tags.empty(), narrator, GroundedNarrator::accepted);
                metrics.gauge("whyrec.narrator.rejected", "Narrated sentences the grounding gate refused (the "
                        + "template answered).", Tags.empty(), narrator, n -> n.calls() - n.accepted());
            }
            ResponseCache cache = new ResponseCache(serving.responseCacheBytes());
            register(metrics, engine, registry, cache);
            accessLog = AccessLog.open(config.accessLog(), secret, metrics.registry());
            RequestIds ids = new RequestIds(System.currentTimeMillis());
            AccessLog log = accessLog;
            // one thread runs every background refit: the periodic one and those asked for by erasures
            ScheduledExecutorService refitter = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "whyrec-refit");
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                return t;
            });
            refits = refitter;
            // erasures in a row ask for one refit: a request finding one queued (not yet started) adds none
            java.util.concurrent.atomic.AtomicBoolean queued = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable refitSoon = () -> {
                if (queued.compareAndSet(false, true)) {
                    refitter.execute(() -> {
                        queued.set(false);
                        refit(registry, serving);
                    });
                }
            };
            Erasure erasure = new Erasure(engine, store, registry, generations, cache, audit,
                    config.dataDir().resolve(DatasetSeed.FILE), refitSoon);
            Admission admission = Admission.of(config.limits().fairUse());
            registerAdmission(metrics, admission);
            ApiContext api = new ApiContext(engine, ranker, auth, json, metrics, config.limits(), cache, erasure,
                    audit, pseudonyms, new ExplanationIds(secret), store, admission);
            Javalin app = Javalin.create(cfg -> {
                cfg.jetty.host = config.host();
                cfg.jetty.port = startup.port();
                cfg.http.maxRequestSize = config.maxBodyBytes();
                cfg.startup.showJavalinBanner = false;
                JsonErrors jsonErrors = new JsonErrors();
                cfg.jetty.modifyServer(server -> server.setErrorHandler(jsonErrors));
                cfg.routes.before(SecurityHeaders::apply);
                cfg.staticFiles.add(sf -> {
                    sf.hostedPath = "/";
                    sf.directory = "/web";
                    sf.location = Location.CLASSPATH;
                });
                cfg.routes.before(ctx -> {
                    ctx.attribute(Requests.STARTED, System.nanoTime());
                    String id = ids.idFor(ctx.header(RequestIds.HEADER));
                    ctx.attribute(Requests.REQUEST_ID, id);
                    ctx.header(RequestIds.HEADER, id);
                });
                Routes r = new Routes(cfg.routes, api, log);
                r.add(HandlerType.POST, "/v1/events", new PostEvents(api));
                r.add(HandlerType.POST, "/v1/items", new PostItems(api));
                r.add(HandlerType.POST, "/v1/recommendations", new PostRecommendations(api));
                r.add(HandlerType.GET, "/v1/items/{item}/similar", new GetSimilar(api));
                r.add(HandlerType.POST, "/v1/users/{user}/token", new PostToken(api));
                r.add(HandlerType.GET, "/v1/users/{user}/recommendations", new GetRecommendations(api));
                r.add(HandlerType.GET, "/v1/users/{user}/recommendations/{item}/explanation", new GetExplanation(api));
                r.add(HandlerType.GET, "/v1/users/{user}/items/{item}/why-not", new GetWhyNot(api));
                r.add(HandlerType.GET, "/v1/users/{user}/profile", new GetProfile(api));
                r.add(HandlerType.PUT, "/v1/users/{user}/tags/{tag}", new PutTag(api));
                r.add(HandlerType.DELETE, "/v1/users/{user}/tags/{tag}", new DeleteTag(api));
                r.add(HandlerType.POST, "/v1/users/{user}/events", new PostUserEvents(api));
                r.add(HandlerType.PUT, "/v1/users/{user}/events/{eventId}", new PutEvent(api));
                r.add(HandlerType.DELETE, "/v1/users/{user}/events/{eventId}", new DeleteEvent(api));
                r.add(HandlerType.PUT, "/v1/users/{user}/personalization", new PutPersonalization(api));
                r.add(HandlerType.POST, "/v1/users/{user}/feedback", new PostFeedback(api));
                r.add(HandlerType.DELETE, "/v1/users/{user}", new DeleteUser(api));
                r.add(HandlerType.GET, "/v1/admin/satisfaction", new GetSatisfaction(api));
                r.add(HandlerType.POST, "/v1/models/refit", new PostRefit(api));
                r.add(HandlerType.GET, "/v1/models", new GetModels(api));
                GetHealth health = new GetHealth(api);
                r.add(HandlerType.GET, "/health", health);
                r.add(HandlerType.GET, "/health/ready", health);
                r.add(HandlerType.GET, "/health/live", health);
                r.add(HandlerType.GET, "/metrics", new GetMetrics(api));
                r.add(HandlerType.GET, "/openapi.json", new GetOpenApi());
                cfg.routes.exception(Exception.class, (e, ctx) -> Routes.fail(ctx, api, e,
                        ctx.method().name() + " (before any route)"));
                cfg.routes.error(404, ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty() || !ctx.result().startsWith("{")) {
                        Requests.json(ctx, api, 404, Map.of("error", "not found: " + ctx.method() + " " + ctx.path()));
                    }
                    if (ctx.attribute(Routes.RECORDED) == null) {
                        // no route matched: counted and logged under one route name, never the raw path
                        Routes.record(ctx, api, log, ctx.method().name(), Routes.UNMATCHED);
                    }
                });
            });
            startup.close();
            app.start();
            announce.accept(String.format(java.util.Locale.ROOT,
                    "whyrec serving on http://%s:%d (data %s, %d users, %d events, %d items) in %d ms",
                    config.host(), app.port(), config.dataDir(), engine.numUsers(), engine.numEvents(),
                    engine.catalog().size(), (System.nanoTime() - t0) / 1_000_000), app.port());
            if (serving.warmUp()) {
                Thread warm = new Thread(() -> warmUp(api, serving.defaultModel()), "whyrec-warm-up");
                warm.setDaemon(true);
                warm.setPriority(Thread.MIN_PRIORITY);
                warm.start();
            }
            if (serving.refitSeconds() > 0) {
                refits.scheduleWithFixedDelay(() -> refit(registry, serving), serving.refitSeconds(),
                        serving.refitSeconds(), TimeUnit.SECONDS);
            }
            if (store.shared()) {
                // replicas on one PostgreSQL store: read what the others committed (events, the change log), woken
                // by their notifications, at the latest every poll interval (docs/serving.md)
                feed = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "whyrec-change-feed");
                    t.setDaemon(true);
                    return t;
                });
                long every = Long.getLong("whyrec.replica.pollMillis", REPLICA_POLL_MILLIS);
                feed.execute(() -> followReplicas(db, engine, erasure, refitSoon, every));
            }
            return new WhyrecServer(db, engine, app, refits, feed, audit, registry, metrics, accessLog, admission);
        } catch (RuntimeException e) {
            startup.close();
            if (feed != null) {
                feed.shutdownNow();
            }
            if (refits != null) {
                refits.shutdownNow();
            }
            if (audit != null) {
                audit.close();
            }
            if (accessLog != null) {
                accessLog.close();
            }
            if (metrics != null) {
                metrics.close();
            }
            db.close();
            throw e;
        }
    }

    /**
     * The change-feed loop of a replica: waits for a notification (or the poll interval), then applies what the
     * other replicas committed, follows their erasures and refits when one of them refitted; until the thread is
     * interrupted. A failure is logged and the next round tries again; a reload after a gap in the change log is
     * logged.
     */
    private static void followReplicas(Database db, LiveEngine engine, Erasure erasure, Runnable refitSoon,
                                       long every) {
        try (Notifications notifications = new Notifications(db)) {
            String problem = null;
            while (!Thread.currentThread().isInterrupted()) {
                notifications.await(every);
                if (notifications.problem() != null && !notifications.problem().equals(problem)) {
                    LOG.warn("change feed: cannot listen for notifications ({}); polling every {} ms",
                            notifications.problem(), every);
                }
                problem = notifications.problem();
                try {
                    LiveEngine.CaughtUp caught = engine.catchUp();
                    erasure.follow(caught);
                    if (!caught.refits().isEmpty()) {
                        // an admin refitted a model on another replica: refit on the same events (this refit is
                        // not announced, so replicas never set each other off in turn)
                        refitSoon.run();
                    }
                    if (caught.gap()) {
                        LOG.warn("change feed: change-log rows older than {} s were pruned before this replica read "
                                + "them; it reloaded its whole state from the store ({} users, {} erased since)",
                                Store.CHANGE_RETENTION_SECONDS, caught.users().size(), caught.erasures());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("change feed: {}", e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The gauges and read-through counters of the live state: users, events and items; each served model's
     * version, age and last fit (absent until it is first built); the response cache's hits and misses.
     */
    private static void register(Metrics metrics, LiveEngine engine, ModelRegistry registry, ResponseCache cache) {
        metrics.gauge("whyrec.users", "Users with stored state.", Tags.empty(), engine, LiveEngine::numUsers);
        metrics.gauge("whyrec.events", "Stored events.", Tags.empty(), engine, LiveEngine::numEvents);
        metrics.gauge("whyrec.items", "Catalogue items.", Tags.empty(), engine, e -> e.catalog().size());
        for (String name : registry.names()) {
            Tags model = Tags.of("model", name);
            metrics.gauge("whyrec.model.version", "Version of the served model (1 at its first fit or load, +1 at "
                    + "each refit or reload; 0 while it is not built).", model, registry, r -> {
                        ServedModel m = r.current(name);
                        return m == null ? 0 : m.version();
                    });
            metrics.gauge("whyrec.model.age", "Time since the served model was built (fitted, loaded, or for the live"
                    + " profile model rebuilt from the catalogue); NaN while it is not built.", "seconds", model,
                    registry, r -> {
                        ServedModel m = r.current(name);
                        return m == null ? Double.NaN : (System.currentTimeMillis() - m.builtAtMillis()) / 1000.0;
                    });
            metrics.gauge("whyrec.model.last.fit.timestamp", "When the served model was last built, in seconds since "
                    + "the epoch; NaN while it is not built.", "seconds", model, registry, r -> {
                        ServedModel m = r.current(name);
                        return m == null ? Double.NaN : m.builtAtMillis() / 1000.0;
                    });
            metrics.gauge("whyrec.model.fit.duration", "Wall time of the served model's last fit (with tuning); 0 for a"
                    + " loaded or live model.", "seconds", model, registry, r -> {
                        ServedModel m = r.current(name);
                        return m == null ? Double.NaN : m.fitMillis() / 1000.0;
                    });
        }
        metrics.counter("whyrec.response.cache.requests", "Personalised recommendation requests answered from the "
                + "response cache (result=hit) or computed (result=miss).", Tags.of("result", "hit"), cache,
                ResponseCache::hits);
        metrics.counter("whyrec.response.cache.requests", "Personalised recommendation requests answered from the "
                + "response cache (result=hit) or computed (result=miss).", Tags.of("result", "miss"), cache,
                ResponseCache::misses);
    }

    /** The counters of refused requests by reason and the gauge of expensive requests in flight. */
    private static void registerAdmission(Metrics metrics, Admission admission) {
        String name = "whyrec.requests.refused";
        String help = "Requests refused by the fair-use limits: reason=rate (a credential's token bucket was empty), "
                + "backoff (an address shut out after wrong admin keys), budget (estimated cost above the budget, "
                + "400), busy (no permit for an expensive request within the wait).";
        metrics.counter(name, help, Tags.of("reason", "rate"), admission, Admission::rateRefusals);
        metrics.counter(name, help, Tags.of("reason", "backoff"), admission, Admission::backoffRefusals);
        metrics.counter(name, help, Tags.of("reason", "budget"), admission, Admission::budgetRefusals);
        metrics.counter(name, help, Tags.of("reason", "busy"), admission, a -> a.gate() == null ? 0
                : a.gate().refused());
        metrics.gauge("whyrec.expensive.in.flight", "Expensive requests (an explanation method other than exact, a "
                + "counterfactual, a why-not answer) being computed within the gate now.", Tags.empty(), admission,
                a -> a.gate() == null ? 0 : a.gate().inUse());
    }

    /** Users whose recommendations with explanations the warm-up computes (and drops) to compile the request path. */
    private static final int WARM_UP_REQUESTS = 2_000;

    /** Warms the default model's request path (the scoring kernel and the explanation path it uses). */
    private static void warmUp(ApiContext api, String defaultModel) {
        if (api.ranker().registry().current(defaultModel) != null) {
            warmUpModel(api, defaultModel);
        }
    }

    private static void warmUpModel(ApiContext api, String model) {
        LiveEngine engine = api.engine();
        Ranker ranker = api.ranker();
        long t0 = System.nanoTime();
        int n = 0;
        try {
            for (var s : engine.users()) {
                if (s.personalized()) {
                    ranker.input(s, model);
                    n++;
                }
            }
            LOG.info("warm-up: {} users' {} inputs built in {} ms", n, model, (System.nanoTime() - t0) / 1_000_000);
            // the recommend+explain path of GET .../recommendations, run and thrown away (no cache, no state
            // change), so the JIT has compiled it before the first clients' requests queue behind the interpreter
            long t1 = System.nanoTime();
            int r = 0;
            // a model that is not additive is explained by re-scoring (loo: one forward pass per event), so its
            // warm-up runs the list without explanations, for fewer users
            boolean additive = ranker.registry().current(model).additive();
            int requests = additive ? WARM_UP_REQUESTS : WARM_UP_REQUESTS / 10;
            for (var s : engine.users()) {
                if (r >= requests) {
                    break;
                }
                if (s.personalized()) {
                    Ranker.Ranking ranking = ranker.recommend(s, model, 10, additive, null);
                    GetRecommendations.body(api, s, ranking, 10, Lang.EN, GetExplanation.MAX_EVENTS_DEFAULT);
                    r++;
                }
            }
            LOG.info("warm-up: {} request path run for {} users in {} ms", model, r,
                    (System.nanoTime() - t1) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("warm-up stopped after {} users: {}", n, e.getMessage());
        }
    }

    private static void refit(ModelRegistry registry, ServingConfig serving) {
        for (String name : registry.names()) {
            try {
                ServedModel before = registry.current(name);
                ServedModel after = registry.refit(name, serving.refitThreads());
                if (after != before && after != null) {
                    LOG.info("model {} refitted (version {}) on {} users x {} items in {} ms", name, after.version(),
                            after.users(), after.numItems(), after.fitMillis());
                }
            } catch (RuntimeException | OutOfMemoryError e) {
                LOG.error("refit of model {} failed; the previous model stays in service", name, e);
            }
        }
    }

    /** Registers endpoints wrapped with timing, metrics, the access log, audit lines and error mapping. */
    private record Routes(io.javalin.config.RoutesConfig routes, ApiContext api, AccessLog log) {

        /** The route name of requests that matched no route (404). */
        static final String UNMATCHED = "unmatched";

        /** Request attribute set once a request has been counted and logged. */
        static final String RECORDED = "whyrec.recorded";

        void add(HandlerType method, String path, Handler handler) {
            routes.addHttpHandler(method, path, ctx -> {
                try {
                    // the caller, once its address's admin-key backoff and its credential's rate admit it
                    ctx.attribute(Requests.CALLER, api.admission().identify(ctx, api.auth()));
                    handler.handle(ctx);
                } catch (Exception e) {
                    fail(ctx, api, e, method.name() + " " + path);
                } finally {
                    record(ctx, api, log, method.name(), path);
                }
            });
        }

        /** Counts a finished request in its route's timer, writes its access-log line and, when audited, its audit line. */
        static void record(Context ctx, ApiContext api, AccessLog log, String method, String route) {
            ctx.attribute(RECORDED, Boolean.TRUE);
            Long started = ctx.attribute(Requests.STARTED);
            long nanos = started == null ? 0 : System.nanoTime() - started;
            String model = ctx.attribute(Requests.MODEL);
            if (model == null) {
                model = Metrics.NO_MODEL;
            }
            int status = ctx.statusCode();
            api.metrics().request(method, route, status, model, nanos);
            String audit = ctx.attribute(Requests.AUDIT);
            if (!log.enabled() && audit == null) {
                return;
            }
            // the hashed user of the log lines is the stored id's, so they match the audit log's records
            String user = route.contains("{user}") ? ctx.pathParamMap().get("user") : null;
            if (user != null) {
                user = api.storedUser(user);
            }
            String id = ctx.attribute(Requests.REQUEST_ID);
            log.log(System.currentTimeMillis() - nanos / 1_000_000, id, method, route, status, nanos, model, user,
                    audit);
            if (audit != null) {
                Caller caller = Requests.caller(ctx);
                AUDIT.info("{\"requestId\":\"{}\",\"action\":\"{}\",\"status\":{},\"caller\":\"{}\"{}}", id, audit,
                        status, caller.admin() ? "admin" : caller.user() != null ? "user" : "anonymous",
                        user == null ? "" : ",\"user\":\"" + log.hashUser(user) + "\"");
            }
        }

        /**
         * Answers a failed request; an unexpected exception is logged under the route template, never the path,
         * which holds the platform's user id.
         */
        static void fail(Context ctx, ApiContext api, Exception e, String route) {
            if (e instanceof ApiException ae) {
                if (ae.retryAfterSeconds() > 0) {
                    ctx.header("Retry-After", Long.toString(ae.retryAfterSeconds()));
                }
                Requests.json(ctx, api, ae.status(), Map.of("error", ae.getMessage()));
            } else if (e instanceof HttpResponseException he) {
                String msg = he.getStatus() == 413 ? "body: larger than the limit of the server" : he.getMessage();
                Requests.json(ctx, api, he.getStatus(), Map.of("error", msg));
            } else {
                LOG.error("internal error on {}", route, e);
                Requests.json(ctx, api, 500, Map.of("error", "internal error"));
            }
        }
    }

    /**
     * The key user ids are mapped with, or null when they are stored as they arrive: a data directory that records
     * pseudonyms needs its key (the configured one, else {@code WHYREC_PSEUDONYM_KEY}); a key given for a directory
     * without the record starts pseudonymising it only when it holds no data yet (no dataset file, no stored
     * event), since its ids would otherwise mix raw ids and pseudonyms.
     *
     * @throws IllegalArgumentException saying what is wrong and what to do
     */
    /** The configured encryption key, else {@code WHYREC_ENCRYPTION_KEY} when set, else null (plaintext). */
    static io.whyrec.server.crypto.KeyProvider encryptionKeys(ServerConfig config) {
        return config.encryption() != null ? config.encryption()
                : io.whyrec.server.crypto.LocalKeyProvider.fromEnv();
    }

    static Pseudonymizer pseudonyms(ServerConfig config, Store store) {
        Pseudonymizer key = config.pseudonyms() != null ? config.pseudonyms() : Pseudonymizer.resolve(null);
        java.util.Optional<PseudonymRecord> record = PseudonymRecord.read(config.dataDir());
        if (record.isPresent()) {
            return record.get().check(config.dataDir(), key, "--pseudonym-key FILE");
        }
        if (key == null) {
            return null;
        }
        if (java.nio.file.Files.exists(config.dataDir().resolve(DatasetSeed.FILE)) || store.countEvents() > 0) {
            throw new IllegalArgumentException("a pseudonym key was given, but " + config.dataDir() + " holds raw "
                    + "user ids (no " + PseudonymRecord.FILE + "); import the data with --pseudonymize into a new data"
                    + " directory, or serve this one without a key");
        }
        PseudonymRecord.of(key).write(config.dataDir());
        LOG.info("user ids are stored as keyed pseudonyms (key fingerprint {})", key.fingerprint());
        return key;
    }

    private static String adminKey(ServerConfig config) {
        if (config.adminKey() != null) {
            return config.adminKey();
        }
        String env = System.getenv("WHYREC_ADMIN_KEY");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        return Secrets.hexSecret(config.dataDir().resolve("admin.key"), 24);
    }

    private static byte[] tokenSecret(ServerConfig config) {
        if (config.tokenSecret() != null) {
            return config.tokenSecret();
        }
        String hex = Secrets.hexSecret(config.dataDir().resolve("token.secret"), 32);
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return hex.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The port the server listens on (useful when started with port 0). */
    public int port() {
        return app.port();
    }

    /** The live state (for tests and the CLI's status output). */
    public LiveEngine engine() {
        return engine;
    }

    /** The served models (for tests that compare a served model with one fitted apart). */
    public ModelRegistry registry() {
        return registry;
    }

    /** The admission of requests by the fair-use limits (for tests that hold the gate of expensive requests). */
    public Admission admission() {
        return admission;
    }

    /** Stops serving and closes the database. */
    @Override
    public void close() {
        if (feed != null) {
            feed.shutdownNow();
            try {
                feed.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (refits != null) {
            refits.shutdownNow();
            try {
                // a refit in flight finishes before the database closes under it
                refits.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        app.stop();
        admission.close();
        audit.close();
        accessLog.close();
        metrics.close();
        db.close();
    }
}
