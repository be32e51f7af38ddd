package io.whyrec.server.api;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Hand-written Prometheus counters (text exposition format 0.0.4), so the server needs no metrics library:
 * requests and their total duration per route, method and status, ingested and duplicate events, and gauges read
 * at scrape time.
 */
public final class Metrics {

    private record Key(String method, String route, int status) {
    }

    private final ConcurrentHashMap<Key, LongAdder> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, LongAdder> nanos = new ConcurrentHashMap<>();
    private final LongAdder eventsIngested = new LongAdder();
    private final LongAdder eventsDuplicate = new LongAdder();
    private final Map<String, LongSupplier> gauges = new TreeMap<>();

    /** Records one finished request. */
    public void request(String method, String route, int status, long elapsedNanos) {
        Key k = new Key(method, route, status);
        requests.computeIfAbsent(k, x -> new LongAdder()).increment();
        nanos.computeIfAbsent(k, x -> new LongAdder()).add(elapsedNanos);
    }

    /** Records an ingested batch. */
    public void events(int stored, int duplicates) {
        eventsIngested.add(stored);
        eventsDuplicate.add(duplicates);
    }

    /** Registers a gauge read at every scrape (name without the whyrec_ prefix). */
    public synchronized void gauge(String name, LongSupplier value) {
        gauges.put(name, value);
    }

    /** The exposition text. */
    public synchronized String scrape() {
        StringBuilder sb = new StringBuilder();
        sb.append("# HELP whyrec_http_requests_total HTTP requests served, by method, route and status.\n");
        sb.append("# TYPE whyrec_http_requests_total counter\n");
        TreeMap<String, Key> order = new TreeMap<>();
        requests.keySet().forEach(k -> order.put(k.route() + " " + k.method() + " " + k.status(), k));
        for (Key k : order.values()) {
            sb.append("whyrec_http_requests_total").append(labels(k)).append(' ').append(requests.get(k).sum()).append('\n');
        }
        sb.append("# HELP whyrec_http_request_seconds_sum Total time spent serving requests, in seconds.\n");
        sb.append("# TYPE whyrec_http_request_seconds_sum counter\n");
        for (Key k : order.values()) {
            sb.append("whyrec_http_request_seconds_sum").append(labels(k)).append(' ')
                    .append(String.format(Locale.ROOT, "%.6f", nanos.get(k).sum() / 1e9)).append('\n');
        }
        counter(sb, "whyrec_events_ingested_total", "Events stored (new event ids).", eventsIngested.sum());
        counter(sb, "whyrec_events_duplicate_total", "Events skipped because their id was already stored.",
                eventsDuplicate.sum());
        for (Map.Entry<String, LongSupplier> g : gauges.entrySet()) {
            String name = "whyrec_" + g.getKey();
            sb.append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ')
                    .append(g.getValue().getAsLong()).append('\n');
        }
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(value).append('\n');
    }

    private static String labels(Key k) {
        return "{method=\"" + k.method() + "\",route=\"" + k.route().replace("\"", "\\\"") + "\",status=\""
                + k.status() + "\"}";
    }
}
