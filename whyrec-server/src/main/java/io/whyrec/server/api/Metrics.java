package io.whyrec.server.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The server's metrics in one Micrometer registry of its own, served as Prometheus text by {@code GET /metrics}:
 * a timer with a percentile histogram per route template, method, status class and model
 * ({@code whyrec_http_server_requests_seconds_bucket{le=...}}, from which a p99 is computed), event ingestion
 * counters, gauges read at scrape time (live-state sizes, each served model's version, age and last fit, response
 * cache hits and misses), and the JVM and process metrics (memory, GC, threads, classes, CPU, file descriptors,
 * uptime). The names are listed in docs/serving.md.
 *
 * <p>Recording a request takes no lock: the timer of a (route, method, status class, model) key is looked up in a
 * concurrent map (created once), and Micrometer's timer records into atomic counters.
 */
public final class Metrics implements AutoCloseable {

    /** The name of the request timer (Prometheus: {@code whyrec_http_server_requests_seconds}). */
    public static final String REQUESTS = "whyrec.http.server.requests";

    /** The model tag of a request that did not rank with a model. */
    public static final String NO_MODEL = "none";

    /** Smallest request duration the histogram resolves: a cached answer takes tens of microseconds. */
    private static final Duration FASTEST = Duration.ofMillis(1).dividedBy(10);

    /** Largest request duration the histogram resolves before its +Inf bucket (a refit may take minutes). */
    private static final Duration SLOWEST = Duration.ofSeconds(120);

    private record Key(String method, String route, String status, String model) {
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();
    private final Counter eventsIngested;
    private final Counter eventsDuplicate;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** A registry with the JVM and process metrics and the ingestion counters bound. */
    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        eventsIngested = Counter.builder("whyrec.events.ingested").description("Events stored (new event ids).")
                .register(registry);
        eventsDuplicate = Counter.builder("whyrec.events.duplicate")
                .description("Events skipped because their id was already stored.").register(registry);
    }

    /**
     * Records one finished request.
     *
     * @param method       the HTTP method
     * @param route        the route template it matched (e.g. {@code /v1/users/{user}/recommendations}), never the
     *                     raw path, so that the number of series stays bounded
     * @param status       the response status code
     * @param model        the served model that answered, or {@link #NO_MODEL}
     * @param elapsedNanos the time from the request's arrival to its answer
     */
    public void request(String method, String route, int status, String model, long elapsedNanos) {
        Key k = new Key(method, route, statusClass(status), model);
        Timer t = timers.get(k);
        if (t == null) {
            t = timers.computeIfAbsent(k, x -> Timer.builder(REQUESTS)
                    .description("HTTP requests served, by route template, method, status class and model.")
                    .tags(Tags.of("method", x.method(), "route", x.route(), "status", x.status(), "model", x.model()))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(FASTEST)
                    .maximumExpectedValue(SLOWEST)
                    .register(registry));
        }
        t.record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    /** The status class of a code: "2xx", "4xx", ... */
    static String statusClass(int status) {
        return switch (status / 100) {
            case 1 -> "1xx";
            case 2 -> "2xx";
            case 3 -> "3xx";
            case 4 -> "4xx";
            default -> "5xx";
        };
    }

    /** Records an ingested batch. */
    public void events(int stored, int duplicates) {
        eventsIngested.increment(stored);
        eventsDuplicate.increment(duplicates);
    }

    /**
     * Registers a gauge read at every scrape.
     *
     * @param name        dotted Micrometer name, e.g. {@code whyrec.users} (Prometheus: {@code whyrec_users})
     * @param description what it counts
     * @param tags        tag key-value pairs
     * @param source      the object it reads (held strongly, so it is not collected)
     * @param value       how to read it
     */
    public <T> void gauge(String name, String description, Tags tags, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).tags(tags).strongReference(true)
                .register(registry);
    }

    /**
     * Registers a gauge in a base unit (Micrometer appends it to the Prometheus name, e.g.
     * {@code whyrec.model.age} in "seconds" becomes {@code whyrec_model_age_seconds}).
     */
    public <T> void gauge(String name, String description, String baseUnit, Tags tags, T source,
                          ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).baseUnit(baseUnit).tags(tags)
                .strongReference(true).register(registry);
    }

    /** Registers a counter whose running total is read from elsewhere at every scrape (e.g. cache hits). */
    public <T> void counter(String name, String description, Tags tags, T source, ToLongFunction<T> total) {
        FunctionCounter.builder(name, source, s -> total.applyAsLong(s)).description(description).tags(tags)
                .register(registry);
    }

    /** The Micrometer registry, for meters of other parts of the server (e.g. the access log's drops). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition (format 0.0.4) of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** Stops the GC listener and closes the registry. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
